package io.citadel.agent;

import com.typesafe.config.Config;
import io.citadel.runtime.model.AgentResources;
import io.citadel.runtime.model.Attributes;
import io.citadel.runtime.model.Resources;
import io.citadel.runtime.settings.ConfigReader;
import io.citadel.runtime.settings.SettingsException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An agent's settings from {@code citadel.agent}, read once and validated. Immutable; its
 * {@code toString} shows checkpoint key ids, never key bytes.
 */
public record AgentSettings(String hostname, int port, Path workDir, AgentResources resources, Attributes attributes,
    Duration killGracePeriod, Duration statusRetryInterval, Duration maxStatusRetryInterval,
    CheckpointKeys checkpointKeys) {

  public static AgentSettings fromConfig(Config root) {
    ConfigReader c = ConfigReader.at(root, "citadel.agent");
    Path workDir = c.directory("work-dir");
    String resText = c.string("resources");
    AgentResources resources;
    try {
      resources = "auto".equals(resText) ? detect(workDir) : AgentResources.parse(resText);
    } catch (IllegalArgumentException e) {
      // Field case B03: overlapping port ranges on one agent are refused here, naming the overlap.
      throw new SettingsException(c.fullPath("resources"), e.getMessage());
    }
    Attributes attributes;
    try {
      String text = root.getString("citadel.agent.attributes");
      attributes = text.isBlank() ? Attributes.EMPTY : Attributes.parse(text);
    } catch (IllegalArgumentException e) {
      throw new SettingsException(c.fullPath("attributes"), e.getMessage());
    }
    return new AgentSettings(c.string("hostname"), c.intInRange("port", 0, 65535), workDir, resources, attributes,
        c.duration("kill-grace-period"), c.duration("status-retry-interval"), c.duration("max-status-retry-interval"),
        checkpointKeys(c));
  }

  /** Fails closed: without its key the agent could neither trust nor write checkpoints. */
  private static CheckpointKeys checkpointKeys(ConfigReader c) {
    byte[] current;
    try {
      current = CheckpointKeys.readKeyFile(Path.of(c.string("checkpoint-key-file")));
    } catch (IllegalArgumentException e) {
      throw new SettingsException(c.fullPath("checkpoint-key-file"), e.getMessage());
    }
    java.util.List<byte[]> retired = new java.util.ArrayList<>();
    for (String file : c.strings("checkpoint-retired-key-files")) {
      try {
        retired.add(CheckpointKeys.readKeyFile(Path.of(file)));
      } catch (IllegalArgumentException e) {
        throw new SettingsException(c.fullPath("checkpoint-retired-key-files"), e.getMessage());
      }
    }
    return CheckpointKeys.of(current, retired);
  }

  /** Detects cpus, memory and disk of the host, keeping a little back for the agent itself. */
  static AgentResources detect(Path workDir) {
    int cpus = Runtime.getRuntime().availableProcessors();
    long memMb = 1024;
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      memMb = Math.max(256, sun.getTotalMemorySize() / (1024 * 1024) - 512);
    }
    long diskMb = 1024;
    try {
      diskMb = Math.max(100, Files.getFileStore(workDir).getUsableSpace() / (1024 * 1024) - 1024);
    } catch (IOException e) {
      // keep the conservative default; the agent still starts
    }
    return AgentResources.unreservedOnly(Resources.parse("cpus:" + cpus + ";mem:" + memMb + ";disk:" + diskMb + ";ports:[31000-32000]"));
  }
}
