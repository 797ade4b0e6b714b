package io.citadel.runtime.client;

import com.typesafe.config.Config;
import io.citadel.runtime.settings.ConfigReader;
import io.citadel.runtime.settings.SettingsException;
import java.time.Duration;
import java.util.List;

/**
 * How a client (agent, framework, CLI) reaches the masters: their gateway addresses, the pattern of
 * their Kerberos service principals, and the session lease timings. Read once from {@code citadel}.
 */
public record ClientSettings(
    String clusterName,
    List<MasterAddress> masters,
    String servicePrincipalPattern,
    String realm,
    Duration heartbeatInterval,
    Duration leaseTimeout,
    Duration authenticateTimeout,
    Duration maxReconnectBackoff) {

  /** @param realm the Kerberos realm of the masters' service principals (from the client's own principal) */
  public static ClientSettings fromConfig(Config root, String realm) {
    ConfigReader c = ConfigReader.at(root, "citadel");
    List<MasterAddress> masters;
    try {
      masters = MasterAddress.parseAll(c.strings("masters"));
    } catch (IllegalArgumentException e) {
      throw new SettingsException(c.fullPath("masters"), e.getMessage());
    }
    ConfigReader cl = ConfigReader.at(root, "citadel.client");
    Duration heartbeat = cl.duration("heartbeat-interval");
    Duration lease = cl.duration("lease-timeout");
    if (lease.compareTo(heartbeat.multipliedBy(3)) < 0) {
      throw new SettingsException(cl.fullPath("lease-timeout"),
          "must be at least 3 x heartbeat-interval (" + heartbeat + "), got [" + lease + "]");
    }
    return new ClientSettings(c.string("cluster-name"), masters,
        c.string("kerberos-service-principal-pattern"), realm, heartbeat, lease,
        cl.duration("authenticate-timeout"), cl.duration("max-reconnect-backoff"));
  }
}
