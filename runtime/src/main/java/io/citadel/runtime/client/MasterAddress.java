package io.citadel.runtime.client;

import java.util.ArrayList;
import java.util.List;

/**
 * A master gateway's address as the operator wrote it ({@code host:port}). The host is used verbatim
 * for the Kerberos service principal: Citadel never canonicalises it by reverse DNS (field case B24).
 */
public record MasterAddress(String host, int port) {
  public MasterAddress {
    if (host == null || host.isBlank() || host.contains("/") || host.contains("@")) {
      throw new IllegalArgumentException("master address: invalid host [" + host + "]");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("master address: port must be 1..65535, got [" + port + "]");
    }
  }

  public static MasterAddress parse(String text) {
    int colon = text == null ? -1 : text.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("master address must be host:port, got [" + text + "]");
    }
    try {
      return new MasterAddress(text.substring(0, colon).trim(), Integer.parseInt(text.substring(colon + 1).trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("master address must be host:port, got [" + text + "]");
    }
  }

  public static List<MasterAddress> parseAll(List<String> texts) {
    if (texts.isEmpty()) {
      throw new IllegalArgumentException("at least one master address (host:port) is required");
    }
    List<MasterAddress> out = new ArrayList<>();
    for (String t : texts) {
      for (String part : t.split(",")) {
        if (!part.isBlank()) {
          out.add(parse(part));
        }
      }
    }
    return List.copyOf(out);
  }

  /** The Pekko path of this master's gateway actor. */
  public String gatewayPath(String clusterName) {
    return "pekko://" + clusterName + "-gateway@" + host + ":" + port + "/user/gateway";
  }

  /** The master's service principal from a pattern such as {@code master/{host}@{realm}}. */
  public String servicePrincipal(String pattern, String realm) {
    return pattern.replace("{host}", host).replace("{realm}", realm);
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
