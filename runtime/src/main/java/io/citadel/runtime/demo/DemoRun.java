package io.citadel.runtime.demo;

import io.citadel.runtime.harness.LocalCluster;
import io.citadel.runtime.harness.NodeProcess;
import io.citadel.runtime.model.Resources;
import io.citadel.runtime.model.TaskId;
import io.citadel.runtime.model.TaskState;
import io.citadel.runtime.protocol.FrameworkProtocol.CommandInfo;
import io.citadel.runtime.protocol.FrameworkProtocol.FrameworkInfo;
import io.citadel.runtime.protocol.FrameworkProtocol.TaskLaunch;
import io.citadel.runtime.sdk.FrameworkDriver;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The demo: a local secure cluster and a framework doing real work on real input — checksum and
 * compress each source file of the repository and count the words of its documents (wave 1), then
 * verify every checksum in a second wave — with live progress, each task's result, a summary, and a
 * teardown that leaves no process behind. Exits non-zero if a task fails or a node misbehaves.
 */
public final class DemoRun {
  private static final Resources TASK = Resources.parse("cpus:0.1;mem:32");
  private static final int MAX_SOURCE_FILES = 16;

  private final Path home;
  private final Path dir;
  private final boolean keep;
  private final PrintStream out;

  public DemoRun(Path home, Path dir, boolean keep, PrintStream out) {
    this.home = home;
    this.dir = dir;
    this.keep = keep;
    this.out = out;
  }

  public int run() throws Exception {
    Path conf = home.resolve("application.conf");
    if (!Files.isRegularFile(conf)) {
      throw new IllegalArgumentException("no application.conf in [" + home + "]; run from the Citadel checkout or pass --home");
    }
    if (Files.exists(dir.resolve("pids"))) {
      throw new IllegalArgumentException("a demo cluster was left running in [" + dir + "]; stop it first with: bin/citadel demo --stop --dir " + dir);
    }
    if (Files.exists(dir.resolve("pki"))) {
      throw new IllegalArgumentException("[" + dir + "] already holds a demo cluster's files; pass a new --dir or remove it");
    }
    long t0 = System.nanoTime();
    LocalCluster cluster = new LocalCluster(dir, conf, 3, 2, "cpus:2;mem:2048;disk:4096;ports:[31000-31999]");
    boolean ok = false;
    try {
      out.println("== Citadel demo in " + dir);
      cluster.prepare();
      out.printf("CA, certificates, KDC and keytabs ready in %d ms%n", ms(t0));
      long t1 = System.nanoTime();
      cluster.startAll();
      long clusterStartMs = ms(t1);
      out.printf("3 masters and 2 agents up over TLS + Kerberos in %d ms%n", clusterStartMs);
      if (keep) {
        writeEnv(cluster);
        cluster.all().forEach(NodeProcess::detach);
        out.println("cluster left running; settings in " + dir.resolve("cluster.env") + "; stop with: bin/citadel demo --stop --dir " + dir);
        ok = true;
        return 0;
      }
      int failures = runFramework(cluster, clusterStartMs);
      List<String> dead = cluster.all().stream().filter(p -> !p.isAlive()).map(NodeProcess::name).toList();
      if (!dead.isEmpty()) {
        out.println("MISBEHAVING: nodes exited during the run: " + dead);
        return 1;
      }
      ok = failures == 0;
      return ok ? 0 : 1;
    } finally {
      if (!keep || !ok) {
        cluster.close();
        List<String> left = cluster.all().stream().filter(NodeProcess::isAlive).map(NodeProcess::name).toList();
        out.println(left.isEmpty() ? "torn down: no process left behind" : "WARNING: still running: " + left);
        if (!ok) {
          out.println("logs: " + dir.resolve("logs"));
        }
      }
    }
  }

  private int runFramework(LocalCluster cluster, long clusterStartMs) throws Exception {
    List<Path> sources = sourceFiles();
    List<Path> documents = documents();
    TaskQueueScheduler scheduler = new TaskQueueScheduler(out, s -> { });
    FrameworkInfo info = new FrameworkInfo("citadel-demo", List.of("demo"), "", "", 60_000);
    long start = System.nanoTime();
    try (FrameworkDriver driver = FrameworkDriver.start(cluster.frameworkSettings(), info, null, scheduler)) {
      List<TaskLaunch> wave1 = new ArrayList<>();
      for (int i = 0; i < sources.size(); i++) {
        String f = quote(sources.get(i));
        wave1.add(task("checksum-" + i, "sha=$(sha256sum " + f + " | cut -c1-64); orig=$(wc -c < " + f + "); gz=$(gzip -9 -c " + f
            + " | wc -c); echo \"sha256=$sha bytes=$orig gzip=$gz file=" + home.relativize(sources.get(i)) + "\""));
      }
      for (int i = 0; i < documents.size(); i++) {
        String f = quote(documents.get(i));
        wave1.add(task("wordcount-" + i, "echo \"words=$(wc -w < " + f + ") lines=$(wc -l < " + f + ") file="
            + home.relativize(documents.get(i)) + "\""));
      }
      out.printf("wave 1: %d tasks (checksum + gzip of %d source files, word count of %d documents)%n",
          wave1.size(), sources.size(), documents.size());
      scheduler.submit(wave1);
      if (!scheduler.awaitAll(Duration.ofMinutes(5))) {
        out.println("wave 1 did not complete: " + (scheduler.fatalError() == null ? "timeout" : scheduler.fatalError()));
        return wave1.size();
      }
      List<TaskLaunch> wave2 = new ArrayList<>();
      for (int i = 0; i < sources.size(); i++) {
        var r = scheduler.results().get(TaskId.of("checksum-" + i));
        String sha = field(r.status().data(), "sha256");
        wave2.add(task("verify-" + i, "echo '" + sha + "  " + sources.get(i) + "' | sha256sum -c -"));
      }
      out.printf("wave 2: %d tasks (verify each checksum)%n", wave2.size());
      scheduler.submit(wave2);
      if (!scheduler.awaitAll(Duration.ofMinutes(5))) {
        out.println("wave 2 did not complete: " + (scheduler.fatalError() == null ? "timeout" : scheduler.fatalError()));
        return wave2.size();
      }
      driver.teardown();
      return summarize(scheduler, ms(start), clusterStartMs);
    }
  }

  private int summarize(TaskQueueScheduler scheduler, long wallMs, long clusterStartMs) {
    out.println("== results");
    List<TaskQueueScheduler.Result> results = new ArrayList<>(scheduler.results().values());
    results.sort(Comparator.comparing(r -> r.status().taskId().value()));
    int failures = 0;
    List<Long> latencies = new ArrayList<>();
    List<Long> warm = new ArrayList<>();
    for (var r : results) {
      boolean fine = r.status().state() == TaskState.FINISHED;
      failures += fine ? 0 : 1;
      if (r.offerToRunningMillis() >= 0) {
        latencies.add(r.offerToRunningMillis());
        if (r.status().taskId().value().startsWith("verify-")) {
          warm.add(r.offerToRunningMillis());
        }
      }
      out.printf("  %-14s %-8s %s%n", r.status().taskId().value(), r.status().state(),
          r.status().data().strip().replace('\n', ' '));
    }
    latencies.sort(Long::compare);
    warm.sort(Long::compare);
    out.println("== summary");
    out.printf("tasks run: %d, failures: %d, wall time: %d ms, throughput: %.1f tasks/s%n", results.size(), failures,
        wallMs, results.size() * 1000.0 / Math.max(1, wallMs));
    out.printf("cluster start: %d ms; offer->RUNNING latency p50: %d ms, p99: %d ms (wave 2 alone, warm JVMs: p50 %d ms, p99 %d ms)%n",
        clusterStartMs, percentile(latencies, 50), percentile(latencies, 99), percentile(warm, 50), percentile(warm, 99));
    return failures;
  }

  private static long percentile(List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      return -1;
    }
    int idx = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, idx)));
  }

  private static String field(String data, String name) {
    for (String part : data.strip().split("\\s+")) {
      if (part.startsWith(name + "=")) {
        return part.substring(name.length() + 1);
      }
    }
    throw new IllegalStateException("task output has no " + name + ": [" + data + "]");
  }

  private static TaskLaunch task(String id, String shell) {
    return new TaskLaunch(TaskId.of(id), id, TASK, CommandInfo.shell(shell));
  }

  private static String quote(Path p) {
    return "'" + p.toString().replace("'", "'\\''") + "'";
  }

  private List<Path> sourceFiles() throws IOException {
    try (Stream<Path> s = Files.walk(home.resolve("runtime/src/main/java"))) {
      return s.filter(p -> p.toString().endsWith(".java")).sorted().limit(MAX_SOURCE_FILES).toList();
    }
  }

  private List<Path> documents() throws IOException {
    List<Path> docs = new ArrayList<>();
    for (String name : List.of("README.md", "application.conf", "docs/benchmarks.md", "docs/operations.md", "pom.xml")) {
      Path p = home.resolve(name);
      if (Files.isRegularFile(p)) {
        docs.add(p);
      }
    }
    return docs;
  }

  private void writeEnv(LocalCluster cluster) throws Exception {
    var fw = cluster.frameworkSettings();
    String env = "CITADEL_MASTERS=" + String.join(",", cluster.masterAddresses()) + "\n"
        + "CITADEL_CA=" + dir.resolve("pki/ca/ca.crt.pem") + "\n"
        + "CITADEL_PRINCIPAL=" + fw.kerberos().principal() + "\n"
        + "CITADEL_KEYTAB=" + fw.kerberos().keytab() + "\n"
        + "CITADEL_KRB5_CONF=" + fw.kerberos().krb5Conf() + "\n"
        + "CITADEL_CERT=" + dir.resolve("pki/framework.chain.pem") + "\n"
        + "CITADEL_KEY=" + dir.resolve("pki/framework.key.pem") + "\n"
        + "CITADEL_HOST=" + LocalCluster.FRAMEWORK_HOST + "\n";
    Files.writeString(dir.resolve("cluster.env"), env, StandardCharsets.UTF_8);
    StringBuilder pids = new StringBuilder();
    cluster.all().forEach(p -> pids.append(p.pid()).append(' ').append(p.name()).append('\n'));
    Files.writeString(dir.resolve("pids"), pids.toString(), StandardCharsets.UTF_8);
  }

  /** Stops a cluster left running by {@code --keep}. */
  public static int stop(Path dir) throws IOException, InterruptedException {
    Path pids = dir.resolve("pids");
    if (!Files.exists(pids)) {
      throw new IllegalArgumentException("no running demo cluster in [" + dir + "] (no pids file)");
    }
    List<ProcessHandle> handles = new ArrayList<>();
    for (String line : Files.readAllLines(pids)) {
      if (!line.isBlank()) {
        ProcessHandle.of(Long.parseLong(line.split(" ")[0])).ifPresent(handles::add);
      }
    }
    handles.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (handles.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    handles.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    Files.delete(pids);
    System.out.println("stopped " + handles.size() + " processes");
    return 0;
  }

  private static long ms(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
