package io.citadel.multijvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.runtime.demo.TaskQueueScheduler;
import io.citadel.runtime.harness.NodeProcess;
import io.citadel.runtime.model.TaskId;
import io.citadel.runtime.model.TaskState;
import io.citadel.runtime.protocol.FrameworkProtocol.FrameworkInfo;
import io.citadel.runtime.protocol.FrameworkProtocol.TaskLaunch;
import io.citadel.runtime.sdk.FrameworkDriver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real JVMs over TLS + Kerberos: 3 masters, 1 agent, and a framework in this JVM that reaches the
 * cluster through a master that does not host the singletons (the gateway → bridge → singleton path
 * of DESIGN §4). First a task runs end to end into the agent's sandbox; then a non-leading master
 * the framework does not use is killed with SIGKILL during a run, and every task still finishes.
 * The crash test runs second because it leaves the cluster with two masters.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecureClusterMultiJvmIT {
  private ClusterFixture fixture;
  private RecordingScheduler scheduler;
  private FrameworkDriver driver;
  private int leader;
  private int viaMaster;

  @BeforeAll
  void startCluster(@TempDir Path dir) throws Exception {
    fixture = ClusterFixture.start(dir, 3, 1);
    leader = fixture.awaitLeader(1, Duration.ofSeconds(60));
    viaMaster = (leader + 1) % 3;
    scheduler = new RecordingScheduler();
    driver = FrameworkDriver.start(fixture.frameworkSettingsVia(viaMaster),
        new FrameworkInfo("mjvm-secure", List.of("demo"), "", "", 60_000), null, scheduler);
    fixture.awaitCondition("the framework registers", Duration.ofSeconds(60), () -> !scheduler.registeredEpochs().isEmpty());
  }

  @AfterAll
  void stopCluster() {
    if (driver != null) {
      driver.close();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  @Order(1)
  void taskRunsThroughNonLeaderGatewayIntoAgentSandbox() throws Exception {
    onFailurePrintLogs(() -> {
      NodeProcess gateway = fixture.cluster().masters().get(viaMaster);
      NodeProcess leading = fixture.cluster().masters().get(leader);
      assertThat(ClusterFixture.read(gateway.log())).as("framework authenticated at non-leader " + gateway.name())
          .contains("Authenticated [demo-framework@");
      assertThat(ClusterFixture.read(leading.log())).as("framework must not use the leader's gateway")
          .doesNotContain("Authenticated [demo-framework@");

      scheduler.submit(List.of(ClusterFixture.shellTask("secure-ok", "echo citadel-ok > $CITADEL_SANDBOX/out.txt; echo done")));
      assertThat(scheduler.awaitAll(Duration.ofSeconds(60))).as("task finished; fatal=" + scheduler.fatalError()).isTrue();

      TaskQueueScheduler.Result result = scheduler.results().get(TaskId.of("secure-ok"));
      assertThat(result.status().state()).isEqualTo(TaskState.FINISHED);
      assertThat(result.status().data()).contains("done");
      Path out = findFile(fixture.cluster().dir().resolve("work/a1"), "out.txt");
      assertThat(Files.readString(out, StandardCharsets.UTF_8).strip()).isEqualTo("citadel-ok");
    });
  }

  @Test
  @Order(2)
  void nonLeaderCrashDuringRunLosesNoTask() throws Exception {
    onFailurePrintLogs(() -> {
      int victim = IntStream.range(0, 3).filter(i -> i != leader && i != viaMaster).findFirst().orElseThrow();
      NodeProcess killed = fixture.cluster().masters().get(victim);
      List<TaskLaunch> tasks = IntStream.rangeClosed(1, 6)
          .mapToObj(i -> ClusterFixture.shellTask("crash-" + i, "sleep 2; echo slept-" + i)).toList();
      scheduler.submit(tasks);
      fixture.awaitCondition("the first task is RUNNING", Duration.ofSeconds(60),
          () -> tasks.stream().anyMatch(t -> scheduler.firstRunningNanos(t.taskId()) != null));
      killed.kill9();
      assertThat(killed.isAlive()).isFalse();
      System.out.printf("killed non-leading master %s (leader %s, framework via %s)%n", killed.name(),
          fixture.cluster().masters().get(leader).name(), fixture.cluster().masters().get(viaMaster).name());

      assertThat(scheduler.awaitAll(Duration.ofSeconds(90))).as("all tasks terminal; fatal=" + scheduler.fatalError()).isTrue();
      for (TaskLaunch t : tasks) {
        TaskQueueScheduler.Result r = scheduler.results().get(t.taskId());
        assertThat(r.status().state()).as(t.taskId().value()).isEqualTo(TaskState.FINISHED);
        assertThat(r.status().data()).contains("slept-" + t.taskId().value().substring("crash-".length()));
      }
      assertThat(fixture.cluster().masters().get(leader).isAlive()).isTrue();
      assertThat(fixture.cluster().masters().get(viaMaster).isAlive()).isTrue();
      assertThat(fixture.cluster().agents().get(0).isAlive()).isTrue();
    });
  }

  private void onFailurePrintLogs(ThrowingRunnable body) throws Exception {
    try {
      body.run();
    } catch (Exception | AssertionError e) {
      System.out.println(fixture.logTails(60));
      throw e;
    }
  }

  static Path findFile(Path root, String name) throws Exception {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.getFileName().toString().equals(name)).findFirst()
          .orElseThrow(() -> new AssertionError("no [" + name + "] under [" + root + "]"));
    }
  }

  /** A test body that may throw. */
  @FunctionalInterface
  interface ThrowingRunnable {
    void run() throws Exception;
  }
}
