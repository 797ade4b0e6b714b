package io.citadel.it.inprocess;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.citadel.agent.AgentNode;
import io.citadel.master.MasterNode;
import io.citadel.runtime.demo.TaskQueueScheduler;
import io.citadel.runtime.harness.LocalCluster;
import io.citadel.runtime.model.Resources;
import io.citadel.runtime.model.TaskId;
import io.citadel.runtime.model.TaskState;
import io.citadel.runtime.protocol.FrameworkProtocol.CommandInfo;
import io.citadel.runtime.protocol.FrameworkProtocol.FrameworkInfo;
import io.citadel.runtime.protocol.FrameworkProtocol.TaskLaunch;
import io.citadel.runtime.sdk.FrameworkDriver;
import io.citadel.security.tls.TlsRejections;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole secure slice in one JVM: the embedded Kerby KDC, a master (cluster and gateway actor
 * systems over Artery TLS), an agent and a framework, all with real certificates from a fresh CA and
 * real keytabs. Tasks are real processes. Also checks that plaintext on the master's ports is refused,
 * counted, and disturbs nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureSliceInProcessTest {
  @TempDir
  static Path dir;

  private LocalCluster cluster;
  private MasterNode master;
  private AgentNode agent;

  private static Path applicationConf() {
    Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    while (p != null && !Files.isRegularFile(p.resolve("application.conf"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("application.conf not found above " + System.getProperty("user.dir"));
    }
    return p.resolve("application.conf");
  }

  private static Config load(Path file) {
    return ConfigFactory.parseString("citadel.master.exit-jvm-when-stopped = off")
        .withFallback(ConfigFactory.parseFile(file.toFile())).withFallback(ConfigFactory.defaultReference()).resolve();
  }

  @BeforeAll
  void start() throws Exception {
    cluster = new LocalCluster(dir, applicationConf(), 1, 1, "cpus:2;mem:1024;disk:1024;ports:[31000-31099]");
    cluster.prepare(true);
    master = MasterNode.start(load(cluster.nodeConfig("m1")));
    agent = AgentNode.start(load(cluster.nodeConfig("a1")));
  }

  @AfterAll
  void stop() {
    if (agent != null) {
      agent.close();
    }
    if (master != null) {
      master.close();
      master.whenTerminated().toCompletableFuture().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS)
          .exceptionally(e -> null).join();
    }
    cluster.close();
  }

  private List<TaskQueueScheduler.Result> run(String prefix, int n) throws Exception {
    var scheduler = new TaskQueueScheduler(new PrintStream(OutputStream.nullOutputStream()), s -> { });
    var launches = new java.util.ArrayList<TaskLaunch>();
    for (int i = 0; i < n; i++) {
      launches.add(new TaskLaunch(TaskId.of(prefix + i), prefix + i, Resources.parse("cpus:0.1;mem:16"),
          CommandInfo.shell("echo out-" + i + " > $CITADEL_SANDBOX/out.txt; echo task-" + i)));
    }
    scheduler.submit(launches);
    try (FrameworkDriver driver = FrameworkDriver.start(cluster.frameworkSettings(),
        new FrameworkInfo("in-process", List.of("demo"), "", "", 0), null, scheduler)) {
      assertThat(scheduler.awaitAll(Duration.ofSeconds(90))).as("tasks complete: %s", scheduler.fatalError()).isTrue();
      driver.teardown();
    }
    return List.copyOf(scheduler.results().values());
  }

  @Test
  void tasksRunThroughTheSecureSlice() throws Exception {
    var results = run("slice-", 3);
    assertThat(results).hasSize(3).allSatisfy(r -> {
      assertThat(r.status().state()).isEqualTo(TaskState.FINISHED);
      assertThat(r.status().exitCode()).isZero();
      assertThat(r.status().data()).startsWith("task-");
    });
    try (var files = Files.walk(dir.resolve("work/a1"))) {
      assertThat(files.filter(p -> p.getFileName().toString().equals("out.txt") && p.toString().contains("/slice-")).count())
          .isEqualTo(3);
    }
    assertThat(master.gatewayMetrics().authenticatedCount()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void plaintextOnTheMastersPortsIsRefusedAndCounted() throws Exception {
    long before = TlsRejections.forSystem("citadel").total() + TlsRejections.forSystem("citadel-gateway").total();
    for (int port : List.of(cluster.clusterPort(1), cluster.gatewayPort(1))) {
      try (Socket s = new Socket(LocalCluster.masterHost(1), port)) {
        s.getOutputStream().write("OPTIONS / HTTP/1.1\r\nHost: m1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        s.setSoTimeout(5000);
        assertThat(s.getInputStream().read()).as("connection closed without an answer").isEqualTo(-1);
      } catch (java.net.SocketException closedHard) {
        // A reset is a refusal too.
      }
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    long after = before;
    while (System.nanoTime() < deadline && after < before + 2) {
      after = TlsRejections.forSystem("citadel").total() + TlsRejections.forSystem("citadel-gateway").total();
      Thread.onSpinWait();
    }
    assertThat(after).as("both refusals counted").isGreaterThanOrEqualTo(before + 2);
    // The node is undisturbed: work still runs.
    assertThat(run("after-junk-", 1)).allSatisfy(r -> assertThat(r.status().state()).isEqualTo(TaskState.FINISHED));
  }
}
