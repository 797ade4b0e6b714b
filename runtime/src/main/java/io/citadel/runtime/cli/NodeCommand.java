package io.citadel.runtime.cli;

import io.citadel.runtime.launcher.Launcher;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code citadel node}: runs the roles named in {@code citadel.node.roles}; {@code master}/{@code agent} force one. */
@Command(name = "node", mixinStandardHelpOptions = true, description = "Run the roles named in citadel.node.roles.")
class NodeCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, description = "The node's configuration file (HOCON).")
  Path config;

  List<String> roles(com.typesafe.config.Config c) {
    return c.getStringList("citadel.node.roles");
  }

  @Override
  public Integer call() throws Exception {
    var c = Configs.load(config);
    Launcher.run(c, roles(c));
    return 0;
  }

  @Command(name = "master", mixinStandardHelpOptions = true, description = "Run a master.")
  static final class Master extends NodeCommand {
    @Override
    List<String> roles(com.typesafe.config.Config c) {
      return List.of("master");
    }
  }

  @Command(name = "agent", mixinStandardHelpOptions = true, description = "Run an agent.")
  static final class Agent extends NodeCommand {
    @Override
    List<String> roles(com.typesafe.config.Config c) {
      return List.of("agent");
    }
  }
}
