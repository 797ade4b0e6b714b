package io.citadel.runtime.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Citadel JVM started from this JVM's classpath, with its output in a log file. Readiness is a
 * marker line in the log. Used by the demo and by the multi-JVM tests; a shutdown hook kills every
 * process still running when the JVM that started it exits.
 */
public final class NodeProcess {
  private static final List<NodeProcess> LIVE = new ArrayList<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      synchronized (LIVE) {
        LIVE.forEach(p -> p.process.destroyForcibly());
      }
    }, "citadel-node-reaper"));
  }

  private final String name;
  private final Process process;
  private final Path log;

  private NodeProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code io.citadel.runtime.cli.Main args...} in a new JVM with this JVM's classpath. */
  public static NodeProcess start(String name, Path log, List<String> jvmArgs, List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("io.citadel.runtime.cli.Main");
    cmd.addAll(args);
    Files.createDirectories(log.getParent());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    NodeProcess node = new NodeProcess(name, p, log);
    synchronized (LIVE) {
      LIVE.add(node);
    }
    return node;
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public Path log() {
    return log;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits until the log holds {@code marker}; fails with the log's tail if the process dies or time runs out. */
  public void awaitLine(String marker, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(marker)) {
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + " before [" + marker + "]:\n" + tail(40));
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(name + " did not print [" + marker + "] within " + timeout + ":\n" + tail(40));
  }

  /** The last lines of the log, for failure messages. */
  public String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** SIGKILL, as a crash. */
  public void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM, then SIGKILL after {@code grace}. */
  public void stop(Duration grace) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    synchronized (LIVE) {
      LIVE.remove(this);
    }
  }

  /** Leaves the process running after this JVM exits (demo --keep). */
  public void detach() {
    synchronized (LIVE) {
      LIVE.remove(this);
    }
  }
}
