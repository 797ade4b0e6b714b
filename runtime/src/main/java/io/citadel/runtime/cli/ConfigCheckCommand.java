package io.citadel.runtime.cli;

import io.citadel.runtime.client.ClientSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code citadel config check}: parse and resolve a node's configuration and report the first bad key. */
@Command(name = "config-check", mixinStandardHelpOptions = true,
    description = "Parse a node configuration and validate the settings every node reads.")
final class ConfigCheckCommand implements Callable<Integer> {
  @Option(names = "--config", required = true)
  Path config;

  @Override
  public Integer call() {
    var c = Configs.load(config);
    ClientSettings.fromConfig(c, "CHECK");
    System.out.println("config [" + config + "] resolves; roles " + c.getStringList("citadel.node.roles"));
    return 0;
  }
}
