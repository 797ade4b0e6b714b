package io.citadel.multijvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.runtime.harness.NodeProcess;
import io.citadel.runtime.model.TaskId;
import io.citadel.runtime.model.TaskState;
import io.citadel.runtime.protocol.FrameworkProtocol.FrameworkInfo;
import io.citadel.runtime.sdk.FrameworkDriver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real JVMs: SIGKILL of the master hosting the leading-master singleton. Another master takes over
 * with a higher epoch, the agent and the framework (connected through a non-leading master) register
 * again, and a task submitted after the crash runs to FINISHED. Prints the failover time, crash to
 * the new task's RUNNING — a figure, not an assertion (DESIGN §9).
 */
class LeaderFailoverMultiJvmIT {
  private ClusterFixture fixture;
  private FrameworkDriver driver;

  @AfterEach
  void stopCluster() {
    if (driver != null) {
      driver.close();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void leaderCrashFailsOverAndNewTaskRuns(@TempDir Path dir) throws Exception {
    fixture = ClusterFixture.start(dir, 3, 1);
    try {
      int leader = fixture.awaitLeader(1, Duration.ofSeconds(60));
      int firstEpoch = ClusterFixture.leaderEpoch(fixture.cluster().masters().get(leader));
      RecordingScheduler scheduler = new RecordingScheduler();
      driver = FrameworkDriver.start(fixture.frameworkSettingsVia((leader + 1) % 3),
          new FrameworkInfo("mjvm-failover", List.of("demo"), "", "", 120_000), null, scheduler);
      scheduler.submit(List.of(ClusterFixture.shellTask("before", "echo before")));
      assertThat(scheduler.awaitAll(Duration.ofSeconds(60))).as("pre-crash task; fatal=" + scheduler.fatalError()).isTrue();
      assertThat(scheduler.results().get(TaskId.of("before")).status().state()).isEqualTo(TaskState.FINISHED);

      NodeProcess agent = fixture.cluster().agents().get(0);
      int agentRegistrations = ClusterFixture.count(agent, ClusterFixture.AGENT_REGISTERED);
      int frameworkRegistrations = scheduler.registeredEpochs().size();
      NodeProcess killed = fixture.cluster().masters().get(leader);

      long killedAt = System.nanoTime();
      killed.kill9();
      scheduler.submit(List.of(ClusterFixture.shellTask("after", "echo after-failover")));

      int newLeader = fixture.awaitLeader(firstEpoch + 1, Duration.ofSeconds(90));
      long leaderAt = System.nanoTime();
      assertThat(newLeader).isNotEqualTo(leader);
      fixture.awaitCondition("the agent registers again", Duration.ofSeconds(60),
          () -> ClusterFixture.count(agent, ClusterFixture.AGENT_REGISTERED) > agentRegistrations);
      fixture.awaitCondition("the framework registers again", Duration.ofSeconds(60),
          () -> scheduler.registeredEpochs().size() > frameworkRegistrations);
      assertThat(scheduler.registeredEpochs().get(scheduler.registeredEpochs().size() - 1)).isGreaterThan(firstEpoch);

      assertThat(scheduler.awaitAll(Duration.ofSeconds(90))).as("post-crash task; fatal=" + scheduler.fatalError()).isTrue();
      var after = scheduler.results().get(TaskId.of("after")).status();
      assertThat(after.state()).isEqualTo(TaskState.FINISHED);
      assertThat(after.data()).contains("after-failover");
      Long runningAt = scheduler.firstRunningNanos(TaskId.of("after"));
      assertThat(runningAt).isNotNull();
      System.out.printf("FAILOVER: killed leader %s; %s led with epoch %d after %d ms; new task RUNNING %d ms after the kill%n",
          killed.name(), fixture.cluster().masters().get(newLeader).name(),
          ClusterFixture.leaderEpoch(fixture.cluster().masters().get(newLeader)),
          (leaderAt - killedAt) / 1_000_000, (runningAt - killedAt) / 1_000_000);
    } catch (Exception | AssertionError e) {
      System.out.println(fixture.logTails(60));
      throw e;
    }
  }
}
