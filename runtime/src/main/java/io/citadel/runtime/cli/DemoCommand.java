package io.citadel.runtime.cli;

import io.citadel.runtime.demo.DemoRun;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code citadel demo}: a local, fully secured cluster running real tasks. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Start a local secure cluster (3 masters, 2 agents, TLS, Kerberos) and run real tasks.",
        "A framework checksums, compresses and word-counts the repository's files, then verifies the checksums;",
        "the results and a summary are printed and everything is torn down. With --keep the cluster is only",
        "started and left running (no tasks), for citadel execute and other clients."})
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--dir", description = "Working directory (default: a fresh one under ./demo-work).")
  Path dir;

  @Option(names = "--keep", description = "Only start the cluster and leave it running; write DIR/cluster.env.")
  boolean keep;

  @Option(names = "--stop", description = "Stop a cluster left running by --keep in DIR.")
  boolean stop;

  @Option(names = "--home", description = "The Citadel checkout (holds application.conf); default: $CITADEL_HOME or '.'.")
  Path home;

  @Override
  public Integer call() throws Exception {
    Path h = home != null ? home : Path.of(System.getenv().getOrDefault("CITADEL_HOME", "."));
    if (stop) {
      if (dir == null) {
        throw new IllegalArgumentException("--stop needs --dir");
      }
      return DemoRun.stop(dir);
    }
    Path d = dir != null ? dir : h.resolve("demo-work").resolve("run-" + System.currentTimeMillis());
    return new DemoRun(h.toAbsolutePath().normalize(), d, keep, System.out).run();
  }
}
