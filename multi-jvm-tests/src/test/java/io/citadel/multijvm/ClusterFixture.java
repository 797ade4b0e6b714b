package io.citadel.multijvm;

import io.citadel.runtime.harness.LocalCluster;
import io.citadel.runtime.harness.NodeProcess;
import io.citadel.runtime.model.Resources;
import io.citadel.runtime.model.TaskId;
import io.citadel.runtime.protocol.FrameworkProtocol.CommandInfo;
import io.citadel.runtime.protocol.FrameworkProtocol.TaskLaunch;
import io.citadel.runtime.sdk.DriverSettings;
import io.citadel.security.kerberos.KdcSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test-side helpers around {@link LocalCluster} for the multi-JVM tests: locating the operator's
 * {@code application.conf}, finding which master hosts the leading-master singleton (from its log),
 * framework settings that reach the cluster through a chosen master first, deadline-bound polling,
 * and log tails for failure reports. One fixture per test class; used from the test thread only.
 */
final class ClusterFixture implements AutoCloseable {
  /** Printed by {@code LeadingMaster} on the master that hosts the singleton. */
  static final Pattern LEADER_LINE = Pattern.compile("Leading master active with epoch \\[(\\d+)]");
  static final String AGENT_REGISTERED = "Registered as agent";
  static final String AGENT_RESOURCES = "cpus:2;mem:2048;disk:4096;ports:[31000-31999]";
  static final Resources SMALL_TASK = Resources.parse("cpus:0.1;mem:32");

  private final LocalCluster cluster;

  private ClusterFixture(LocalCluster cluster) {
    this.cluster = cluster;
  }

  /** Prepares and starts {@code masters} masters and {@code agents} agents in {@code dir}. */
  static ClusterFixture start(Path dir, int masters, int agents) throws Exception {
    LocalCluster cluster = new LocalCluster(dir, applicationConf(), masters, agents, AGENT_RESOURCES);
    ClusterFixture fixture = new ClusterFixture(cluster);
    try {
      cluster.prepare();
      cluster.startAll();
    } catch (Exception | Error e) {
      System.out.println(fixture.logTails(60));
      fixture.close();
      throw e;
    }
    return fixture;
  }

  LocalCluster cluster() {
    return cluster;
  }

  /** The top-level application.conf, found by walking up from the working directory. */
  static Path applicationConf() {
    Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (; p != null; p = p.getParent()) {
      Path candidate = p.resolve("application.conf");
      if (Files.isRegularFile(candidate) && Files.isRegularFile(p.resolve("pom.xml"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("no application.conf in [" + System.getProperty("user.dir") + "] or any parent");
  }

  /** The highest leader epoch in this master's log, or -1 if it never led. */
  static int leaderEpoch(NodeProcess master) {
    int epoch = -1;
    Matcher m = LEADER_LINE.matcher(read(master.log()));
    while (m.find()) {
      epoch = Math.max(epoch, Integer.parseInt(m.group(1)));
    }
    return epoch;
  }

  /** The index (0-based) of the live master whose log shows the highest leader epoch at least {@code minEpoch}. */
  Optional<Integer> leader(int minEpoch) {
    int best = -1;
    int bestEpoch = minEpoch - 1;
    List<NodeProcess> ms = cluster.masters();
    for (int i = 0; i < ms.size(); i++) {
      int e = ms.get(i).isAlive() ? leaderEpoch(ms.get(i)) : -1;
      if (e > bestEpoch) {
        best = i;
        bestEpoch = e;
      }
    }
    return best < 0 ? Optional.empty() : Optional.of(best);
  }

  /** Waits for a live master to become leader with at least {@code minEpoch}; returns its index. */
  int awaitLeader(int minEpoch, Duration timeout) throws InterruptedException {
    awaitCondition("a master logs leader epoch >= " + minEpoch, timeout, () -> leader(minEpoch).isPresent());
    return leader(minEpoch).orElseThrow();
  }

  /**
   * Framework settings whose masters list starts with master {@code firstIndex} (0-based), so the
   * framework authenticates through that master's gateway while it answers.
   */
  DriverSettings frameworkSettingsVia(int firstIndex) throws Exception {
    List<String> all = cluster.masterAddresses();
    List<String> ordered = new ArrayList<>(all.subList(firstIndex, all.size()));
    ordered.addAll(all.subList(0, firstIndex));
    Path pki = cluster.dir().resolve("pki");
    Path kdcDir = cluster.dir().resolve("kdc");
    String principal = LocalCluster.FRAMEWORK_PRINCIPAL + "@" + LocalCluster.REALM;
    return DriverSettings.of(ordered, LocalCluster.FRAMEWORK_HOST, kdcDir.resolve("krb5.conf"), principal,
        KdcSetup.keytabPath(kdcDir, principal), pki.resolve("framework.chain.pem"), pki.resolve("framework.key.pem"),
        pki.resolve("ca/ca.crt.pem"));
  }

  static TaskLaunch shellTask(String id, String shell) {
    return new TaskLaunch(TaskId.of(id), id, SMALL_TASK, CommandInfo.shell(shell));
  }

  /** Polls {@code condition} every 100 ms until it holds; fails naming {@code what} after {@code timeout}. */
  void awaitCondition(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting until " + what + "\n" + logTails(40));
      }
      Thread.sleep(100);
    }
  }

  /** The number of times {@code marker} occurs in a node's log. */
  static int count(NodeProcess node, String marker) {
    String text = read(node.log());
    int n = 0;
    for (int i = text.indexOf(marker); i >= 0; i = text.indexOf(marker, i + marker.length())) {
      n++;
    }
    return n;
  }

  static String read(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read log [" + log + "]", e);
    }
  }

  /**
   * For failure reports: per node, its WARN/ERROR lines and exception causes (stack frames left out,
   * which would otherwise fill a tail), then the last lines of its log without stack frames.
   */
  String logTails(int lines) {
    StringBuilder sb = new StringBuilder();
    for (NodeProcess p : cluster.all()) {
      List<String> text = read(p.log()).lines().filter(l -> !l.startsWith("\tat ") && !l.startsWith("\t... ")).toList();
      List<String> problems = text.stream()
          .filter(l -> l.contains(" WARN ") || l.contains(" ERROR ") || l.startsWith("Caused by") || l.contains("Exception:"))
          .limit(40).toList();
      sb.append("===== ").append(p.name()).append(p.isAlive() ? " (alive)" : " (dead)").append(" ").append(p.log())
          .append("\n--- first warnings and errors:\n").append(String.join("\n", problems))
          .append("\n--- last ").append(lines).append(" lines:\n")
          .append(String.join("\n", text.subList(Math.max(0, text.size() - lines), text.size()))).append('\n');
    }
    return sb.toString();
  }

  @Override
  public void close() {
    cluster.close();
  }
}
