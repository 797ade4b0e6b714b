package io.citadel.master;

import com.typesafe.config.Config;
import io.citadel.runtime.client.MasterAddress;
import io.citadel.runtime.settings.ConfigReader;
import io.citadel.runtime.settings.SettingsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;

/**
 * A master node's own settings from {@code citadel.master}: its addresses, the cluster's seed nodes
 * and the identity key shared by the masters. TLS and Kerberos blocks are read by their own settings.
 */
public record MasterSettings(String hostname, int clusterPort, int gatewayPort, List<MasterAddress> seedNodes,
    int quorumSize, byte[] identityKey) {

  public static MasterSettings fromConfig(Config root) {
    ConfigReader c = ConfigReader.at(root, "citadel.master");
    List<MasterAddress> seeds;
    try {
      seeds = MasterAddress.parseAll(c.strings("seed-nodes"));
    } catch (IllegalArgumentException e) {
      throw new SettingsException(c.fullPath("seed-nodes"), e.getMessage());
    }
    int quorum = c.intInRange("quorum-size", 1, 99);
    if (quorum <= seeds.size() / 2) {
      throw new SettingsException(c.fullPath("quorum-size"),
          "must be a majority of the [" + seeds.size() + "] seed nodes, got [" + quorum + "]");
    }
    Path keyFile = c.readableFile("identity-key-file");
    byte[] key;
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(keyFile);
      if (perms.contains(PosixFilePermission.OTHERS_READ) || perms.contains(PosixFilePermission.GROUP_READ)) {
        throw new SettingsException(c.fullPath("identity-key-file"), "file [" + keyFile + "] must not be readable by group or others");
      }
      key = Files.readAllBytes(keyFile);
    } catch (IOException e) {
      throw new SettingsException(c.fullPath("identity-key-file"), "cannot read [" + keyFile + "]: " + e.getMessage());
    }
    if (key.length < 32) {
      throw new SettingsException(c.fullPath("identity-key-file"), "file [" + keyFile + "] must hold at least 32 bytes");
    }
    return new MasterSettings(c.string("hostname"), c.intInRange("cluster-port", 1, 65535),
        c.intInRange("gateway-port", 1, 65535), seeds, quorum, key);
  }
}
