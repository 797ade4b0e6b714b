package io.citadel.master.leader;

import com.typesafe.config.Config;
import io.citadel.runtime.settings.ConfigReader;
import io.citadel.runtime.settings.SettingsException;
import java.time.Duration;

/**
 * Settings of the leading master from {@code citadel.master}: agent liveness (pings), the registry's
 * majority timeout and the refuse duration applied when a framework gives none.
 */
public record LeaderSettings(Duration agentPingInterval, Duration agentPingTimeout, Duration registryTimeout,
    Duration defaultRefuse, Duration allocationInterval) {

  public static LeaderSettings fromConfig(Config root) {
    ConfigReader c = ConfigReader.at(root, "citadel.master");
    Duration ping = c.duration("agent-ping-interval");
    Duration timeout = c.duration("agent-ping-timeout");
    if (timeout.compareTo(ping.multipliedBy(3)) < 0) {
      // Field case B12: a timeout close to the ping interval marks healthy agents lost under jitter.
      throw new SettingsException(c.fullPath("agent-ping-timeout"),
          "must be at least 3 x agent-ping-interval (" + ping + "), got [" + timeout + "]");
    }
    return new LeaderSettings(ping, timeout, c.duration("registry-timeout"), c.duration("default-refuse"),
        c.duration("allocation-interval"));
  }
}
