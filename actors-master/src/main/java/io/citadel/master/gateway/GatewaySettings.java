package io.citadel.master.gateway;

import com.typesafe.config.Config;
import io.citadel.runtime.settings.ConfigReader;
import java.time.Duration;

/**
 * Gateway settings from {@code citadel.master.gateway}: session lease timings and the bound on
 * authentications in flight (a flood of tokens must not starve the blocking pool).
 */
public record GatewaySettings(Duration heartbeatInterval, Duration leaseTimeout, int maxPendingAuthentications) {

  public static GatewaySettings fromConfig(Config root) {
    ConfigReader c = ConfigReader.at(root, "citadel.master.gateway");
    return new GatewaySettings(c.duration("heartbeat-interval"), c.duration("lease-timeout"),
        c.intInRange("max-pending-authentications", 1, 10_000));
  }
}
