package io.citadel.runtime.launcher;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.citadel.runtime.settings.ConfigReader;
import io.citadel.runtime.settings.SettingsException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the configuration of each Citadel actor system from the node's configuration: the canonical
 * address, the TLS block its {@code CitadelSslEngineProvider} reads ({@code citadel.tls}), the
 * certificate roles it presents and admits, and untrusted mode for everything but the masters'
 * cluster system. Security fails closed: a TLS block without certificate, key or CA is an error naming
 * the key path, and the transport is always {@code tls-tcp}.
 */
public final class SystemConfigs {
  private SystemConfigs() {}

  /** The three kinds of actor system Citadel runs. */
  public enum Kind {
    /** Masters' cluster system: presents MASTER, admits MASTER only; the only trusted-mode system. */
    CLUSTER("MASTER", List.of("MASTER")),
    /** A master's gateway system: presents GATEWAY, admits clients. */
    GATEWAY("GATEWAY", List.of("AGENT", "FRAMEWORK", "OPERATOR")),
    /** An agent's system: presents AGENT, admits gateways. */
    AGENT("AGENT", List.of("GATEWAY")),
    /** A framework's or the CLI's system. */
    FRAMEWORK("FRAMEWORK", List.of("GATEWAY")),
    OPERATOR("OPERATOR", List.of("GATEWAY"));

    final String ownRole;
    final List<String> peerRoles;

    Kind(String ownRole, List<String> peerRoles) {
      this.ownRole = ownRole;
      this.peerRoles = peerRoles;
    }
  }

  /**
   * @param root the node's configuration (application.conf with reference.conf)
   * @param tlsPath where in {@code root} the TLS files of this system are configured
   */
  public static Config forSystem(Config root, Kind kind, String host, int port, String tlsPath) {
    ConfigReader tls = ConfigReader.at(root, tlsPath);
    Map<String, Object> m = new HashMap<>();
    m.put("citadel.tls.certificate", tls.readableFile("certificate").toString());
    m.put("citadel.tls.private-key", tls.readableFile("private-key").toString());
    m.put("citadel.tls.trusted-ca", tls.readableFile("trusted-ca").toString());
    m.put("citadel.tls.own-role", kind.ownRole.toLowerCase(java.util.Locale.ROOT));
    m.put("citadel.tls.accepted-peer-roles", kind.peerRoles.stream().map(r -> r.toLowerCase(java.util.Locale.ROOT)).toList());
    m.put("pekko.remote.artery.transport", "tls-tcp");
    m.put("pekko.remote.artery.canonical.hostname", host);
    m.put("pekko.remote.artery.canonical.port", port);
    m.put("pekko.remote.artery.untrusted-mode", kind == Kind.CLUSTER ? "off" : "on");
    if (kind == Kind.GATEWAY) {
      m.put("pekko.remote.artery.trusted-selection-paths", List.of("/user/gateway"));
    }
    Config built = ConfigFactory.parseMap(m, "citadel system config (" + kind + ")");
    Config merged = built.withFallback(root).resolve();
    String transport = merged.getString("pekko.remote.artery.transport");
    if (!"tls-tcp".equals(transport)) {
      throw new SettingsException("pekko.remote.artery.transport", "must be tls-tcp, got [" + transport + "]");
    }
    return merged;
  }

  /**
   * Runs the TLS start-up self-test of a system's TLS block (as the provider does when the system
   * starts): a bad key, broken chain, expired certificate or wrong role fails here, naming the file.
   */
  public static void checkTls(Config root, Kind kind, String tlsPath) {
    Config system = forSystem(root, kind, "127.0.0.1", 0, tlsPath);
    io.citadel.security.tls.TlsSelfTest.verify(io.citadel.security.tls.TlsSettings.fromConfig(system, "citadel.tls"));
  }

  /** Adds a value at a path (for the master's cluster settings). */
  public static Config with(Config config, String path, Object value) {
    return config.withValue(path, ConfigValueFactory.fromAnyRef(value));
  }
}
