package io.citadel.runtime.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code citadel} command line. Every subcommand has {@code --help}. */
@Command(name = "citadel", mixinStandardHelpOptions = true, version = "citadel 0.1.0",
    description = "Citadel: a secure, Mesos-style cluster resource manager.",
    subcommands = {NodeCommand.class, NodeCommand.Master.class, NodeCommand.Agent.class, PkiCommand.class,
        KdcCommand.class, ExecuteCommand.class, DemoCommand.class, ConfigCheckCommand.class, PolicyCommand.class,
        AuditCommand.class})
public final class Main implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    int code = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          cmd.getErr().println("citadel " + cmd.getCommandName() + ": " + e.getMessage());
          if (System.getenv("CITADEL_DEBUG") != null) {
            e.printStackTrace(cmd.getErr());
          }
          return 2;
        })
        .execute(args);
    System.exit(code);
  }
}
