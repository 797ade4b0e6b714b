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

  /** The message of an error and of each distinct cause, so a wrapped root cause is never hidden. */
  static String causes(Throwable e) {
    StringBuilder out = new StringBuilder(String.valueOf(e.getMessage()));
    java.util.Set<Throwable> seen = new java.util.HashSet<>();
    for (Throwable c = e.getCause(); c != null && seen.add(c); c = c.getCause()) {
      String m = c.getMessage();
      if (m != null && !out.toString().contains(m)) {
        out.append("\n  caused by: ").append(m);
      }
    }
    return out.toString();
  }

  private static String qualifiedName(CommandLine cmd) {
    String name = cmd.getCommandName();
    for (CommandLine p = cmd.getParent(); p != null && p.getParent() != null; p = p.getParent()) {
      name = p.getCommandName() + " " + name;
    }
    return name;
  }

  public static void main(String[] args) {
    int code = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          cmd.getErr().println("citadel " + qualifiedName(cmd) + ": " + causes(e));
          if (System.getenv("CITADEL_DEBUG") != null) {
            e.printStackTrace(cmd.getErr());
          }
          return 2;
        })
        .execute(args);
    System.exit(code);
  }
}
