package io.citadel.runtime.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigReaderTest {

  @Test
  void B29_durationsWithoutAUnitAreRefusedNamingTheKey() {
    var c = ConfigFactory.parseString("citadel.master { framework-failover-timeout = 604800, agent-ping-timeout = 15 }");
    var r = ConfigReader.at(c, "citadel.master");
    assertThatThrownBy(() -> r.duration("framework-failover-timeout"))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("citadel.master.framework-failover-timeout")
        .hasMessageContaining("unit")
        .hasMessageContaining("604800");
    assertThatThrownBy(() -> r.duration("agent-ping-timeout")).hasMessageContaining("citadel.master.agent-ping-timeout");
  }

  @Test
  void durationsWithUnitsAreRead() {
    var r = ConfigReader.at(ConfigFactory.parseString("a { t = 15s, u = \"250 ms\" }"), "a");
    assertThat(r.duration("t")).isEqualTo(Duration.ofSeconds(15));
    assertThat(r.duration("u")).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void missingBlocksAndBadValuesNameTheFullPath() {
    assertThatThrownBy(() -> ConfigReader.at(ConfigFactory.empty(), "citadel.master"))
        .hasMessageContaining("citadel.master").hasMessageContaining("missing");
    var r = ConfigReader.at(ConfigFactory.parseString("a { n = 70000, b = maybe, f = \"/no/such/file\" }"), "a");
    assertThatThrownBy(() -> r.intInRange("n", 1, 65535)).hasMessageContaining("a.n").hasMessageContaining("70000");
    assertThatThrownBy(() -> r.bool("b")).hasMessageContaining("a.b");
    assertThatThrownBy(() -> r.readableFile("f")).hasMessageContaining("a.f").hasMessageContaining("/no/such/file");
  }

  @Test
  void zeroOrNegativeDurationsAreRefused() {
    var r = ConfigReader.at(ConfigFactory.parseString("a { z = 0s }"), "a");
    assertThatThrownBy(() -> r.duration("z")).hasMessageContaining("positive");
  }
}
