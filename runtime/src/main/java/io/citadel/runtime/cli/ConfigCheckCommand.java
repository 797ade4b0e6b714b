package io.citadel.runtime.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code citadel config check}: parse and resolve a node's configuration and report the first bad key. */
@Command(name = "config-check", mixinStandardHelpOptions = true,
    description = "Validate a node configuration as the node would at start: settings, TLS material, keytabs, policy files.")
final class ConfigCheckCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, description = "The node's configuration file (HOCON).")
  Path config;

  @Override
  public Integer call() throws Exception {
    var c = Configs.load(config);
    var roles = c.getStringList("citadel.node.roles");
    if (roles.isEmpty()) {
      throw new IllegalArgumentException("config key [citadel.node.roles]: no role to check");
    }
    var available = io.citadel.runtime.launcher.Launcher.availableRoles();
    for (String role : roles) {
      var r = available.get(role);
      if (r == null) {
        throw new IllegalArgumentException("config key [citadel.node.roles]: unknown role [" + role + "]; available: "
            + available.keySet());
      }
      r.check(c);
      System.out.println("role [" + role + "]: settings, key material and files check out");
    }
    System.out.println("config [" + config + "] is valid for roles " + roles);
    return 0;
  }
}
