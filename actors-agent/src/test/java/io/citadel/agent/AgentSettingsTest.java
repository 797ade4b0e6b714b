package io.citadel.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.citadel.runtime.settings.SettingsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint key settings fail closed, naming the key path. */
class AgentSettingsTest {
  @TempDir
  Path dir;

  private Config config(String extra) {
    return ConfigFactory.parseString("citadel.agent { hostname = \"a1\", work-dir = \"" + dir.resolve("work") + "\"\n"
        + "resources = \"cpus:1;mem:256\"\n" + extra + " }").withFallback(ConfigFactory.defaultReference()).resolve();
  }

  @Test
  void missingKeySettingRefusesStart() {
    assertThatThrownBy(() -> AgentSettings.fromConfig(config("")))
        .isInstanceOf(SettingsException.class).hasMessageContaining("citadel.agent.checkpoint-key-file");
  }

  @Test
  void missingKeyFileRefusesStartNamingKeyPathAndFile() {
    Path key = dir.resolve("absent.key");
    assertThatThrownBy(() -> AgentSettings.fromConfig(config("checkpoint-key-file = \"" + key + "\"")))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("citadel.agent.checkpoint-key-file").hasMessageContaining(key.toString());
  }

  @Test
  void validKeyFileIsRead() throws Exception {
    Path key = dir.resolve("good.key");
    Files.write(key, CheckpointsTest.key());
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    AgentSettings s = AgentSettings.fromConfig(config("checkpoint-key-file = \"" + key + "\""));
    assertThat(s.checkpointKeys().currentId()).hasSize(16);
  }
}
