package io.citadel.runtime.sdk;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.citadel.runtime.client.ClientSettings;
import io.citadel.security.kerberos.KerberosSettings;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a framework needs to reach the masters securely: their addresses, its Kerberos principal
 * and keytab, and its TLS files (a FRAMEWORK certificate whose SAN covers {@code hostname}, because
 * masters connect back to it). Built from {@code citadel.framework} of a config, or with {@link #of}.
 */
public record DriverSettings(Config systemConfig, String hostname, KerberosSettings kerberos, ClientSettings client) {

  /** Reads {@code citadel.masters}, {@code citadel.framework.hostname}, {@code .tls} and {@code .kerberos}. */
  public static DriverSettings fromConfig(Config root) throws Exception {
    KerberosSettings kerberos = KerberosSettings.fromConfig(root, "citadel.framework.kerberos");
    ClientSettings client = ClientSettings.fromConfig(root, kerberos.realm());
    return new DriverSettings(root, root.getString("citadel.framework.hostname"), kerberos, client);
  }

  /** Settings from explicit files, for programs and tests that have no config file. */
  public static DriverSettings of(List<String> masters, String hostname, Path krb5Conf, String principal, Path keytab,
      Path certificateChain, Path privateKey, Path trustedCa) throws Exception {
    Map<String, Object> m = new HashMap<>();
    m.put("citadel.masters", masters);
    m.put("citadel.framework.hostname", hostname);
    m.put("citadel.framework.kerberos.krb5-conf", krb5Conf.toString());
    m.put("citadel.framework.kerberos.principal", principal);
    m.put("citadel.framework.kerberos.keytab", keytab.toString());
    m.put("citadel.framework.tls.certificate", certificateChain.toString());
    m.put("citadel.framework.tls.private-key", privateKey.toString());
    m.put("citadel.framework.tls.trusted-ca", trustedCa.toString());
    Config root = ConfigFactory.parseMap(m).withFallback(ConfigFactory.load()).resolve();
    return fromConfig(root);
  }
}
