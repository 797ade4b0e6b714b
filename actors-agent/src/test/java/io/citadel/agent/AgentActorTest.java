package io.citadel.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.citadel.runtime.model.AgentId;
import io.citadel.runtime.model.AgentResources;
import io.citadel.runtime.model.Attributes;
import io.citadel.runtime.model.FrameworkId;
import io.citadel.runtime.model.Resources;
import io.citadel.runtime.model.TaskId;
import io.citadel.runtime.model.TaskState;
import io.citadel.runtime.model.TaskStatusReason;
import io.citadel.runtime.protocol.AgentProtocol;
import io.citadel.runtime.protocol.FrameworkProtocol;
import io.citadel.runtime.protocol.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent actor with real task processes and a {@link TestingConnection} playing the master:
 * registration, launches and their updates, kill, fencing, duplicate ids and recovery after the agent
 * actor is stopped while its task runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentActorTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private final ActorTestKit kit = ActorTestKit.create("agent-test", ConfigFactory.parseString(
      "pekko.actor.provider = local\npekko.remote.artery.enabled = off").withFallback(ConfigFactory.load()));
  private final FrameworkId fw = FrameworkId.of("fw-1");
  private final byte[] key = CheckpointsTest.key();

  @AfterAll
  void shutdown() {
    kit.shutdownTestKit();
  }

  private AgentSettings settings(Path workDir) {
    return new AgentSettings("127.0.0.1", 0, workDir, AgentResources.unreservedOnly(Resources.parse("cpus:2;mem:1024")),
        Attributes.EMPTY, Duration.ofSeconds(2), Duration.ofMillis(200), Duration.ofMillis(400),
        CheckpointKeys.of(key, List.of()));
  }

  private ActorRef<Agent.Command> start(Path workDir, TestingConnection conn) {
    return kit.spawn(Agent.create(settings(workDir), conn::behavior, Clock.systemUTC()));
  }

  /** Connects and registers with the given master epoch; returns the registration the agent sent. */
  private AgentProtocol.RegisterAgent register(TestingConnection conn, long epoch) {
    conn.connected();
    AgentProtocol.RegisterAgent reg = conn.next(AgentProtocol.RegisterAgent.class, WAIT);
    conn.fromMaster(new AgentProtocol.AgentRegistered(AgentId.of("agent-1"), epoch));
    return reg;
  }

  private AgentProtocol.RunTask run(long epoch, String id, String shell) {
    return new AgentProtocol.RunTask(epoch, fw, "fw-principal", new FrameworkProtocol.TaskLaunch(TaskId.of(id), null,
        Resources.parse("cpus:0.1;mem:64"), FrameworkProtocol.CommandInfo.shell(shell)));
  }

  /** The next update not yet acknowledged (late retries of acknowledged ones are skipped). */
  private TaskStatus nextStatus(TestingConnection conn) {
    while (true) {
      TaskStatus st = conn.next(AgentProtocol.StatusUpdate.class, WAIT).status();
      if (!conn.acknowledged.contains(st.updateId())) {
        return st;
      }
    }
  }

  private void ack(TestingConnection conn, long epoch, TaskStatus st) {
    conn.acknowledged.add(st.updateId());
    conn.fromMaster(new AgentProtocol.AcknowledgeUpdate(epoch, st.taskId(), st.updateId()));
  }

  /** The next update, which must be in {@code state}; acknowledged at once. */
  private TaskStatus expectAndAck(TestingConnection conn, long epoch, TaskState state) {
    TaskStatus st = nextStatus(conn);
    assertThat(st.state()).as("update %s", st).isEqualTo(state);
    ack(conn, epoch, st);
    return st;
  }

  @Test
  void runTaskReportsItsUpdatesRetriedUntilAcknowledged(@TempDir Path work) {
    TestingConnection conn = new TestingConnection(kit);
    ActorRef<Agent.Command> agent = start(work, conn);
    assertThat(register(conn, 1).agentId()).isNull();

    conn.fromMaster(run(1, "t1", "echo hello-from-t1"));
    expectAndAck(conn, 1, TaskState.STARTING);
    expectAndAck(conn, 1, TaskState.RUNNING);
    TaskStatus finished = nextStatus(conn);
    assertThat(finished.state()).isEqualTo(TaskState.FINISHED);
    assertThat(finished.exitCode()).isZero();
    assertThat(finished.data()).contains("hello-from-t1");
    assertThat(finished.agentId()).isEqualTo(AgentId.of("agent-1"));

    TaskStatus retried = nextStatus(conn);
    assertThat(retried.updateId()).isEqualTo(finished.updateId());
    ack(conn, 1, finished);
    awaitCondition("the finished task's checkpoint is removed", () -> !Files.exists(work.resolve("meta/tasks/fw-1/t1.task")));
    assertNoNewUpdate(conn, Duration.ofSeconds(1));
    kit.stop(agent);
  }

  /** Nothing but late retries of acknowledged updates arrives within {@code d}. */
  private static void assertNoNewUpdate(TestingConnection conn, Duration d) {
    long deadline = System.nanoTime() + d.toNanos();
    long left;
    while ((left = deadline - System.nanoTime()) > 0) {
      Object call;
      try {
        call = conn.sent.receiveMessage(Duration.ofNanos(left));
      } catch (AssertionError quietUntilTheDeadline) {
        return;
      }
      if (call instanceof AgentProtocol.StatusUpdate u) {
        assertThat(conn.acknowledged).as("unexpected update %s", u.status()).contains(u.status().updateId());
      }
    }
  }

  @Test
  void killTaskReportsKillingThenKilledAfterSigterm(@TempDir Path work) {
    TestingConnection conn = new TestingConnection(kit);
    ActorRef<Agent.Command> agent = start(work, conn);
    register(conn, 1);
    conn.fromMaster(run(1, "k1", "sleep 30"));
    expectAndAck(conn, 1, TaskState.STARTING);
    expectAndAck(conn, 1, TaskState.RUNNING);

    conn.fromMaster(new AgentProtocol.KillTask(1, fw, TaskId.of("k1")));

    expectAndAck(conn, 1, TaskState.KILLING);
    TaskStatus killed = expectAndAck(conn, 1, TaskState.KILLED);
    assertThat(killed.reason()).isEqualTo(TaskStatusReason.KILLED_BY_FRAMEWORK);
    assertThat(killed.message()).contains("signal 15");
    kit.stop(agent);
  }

  @Test
  void runTaskFromAnOlderMasterEpochIsDropped(@TempDir Path work) {
    TestingConnection conn = new TestingConnection(kit);
    ActorRef<Agent.Command> agent = start(work, conn);
    register(conn, 5);

    conn.fromMaster(run(4, "f1", "echo stale"));
    conn.sent.expectNoMessage(Duration.ofSeconds(1));

    // Nothing of the stale launch was kept: the same id from the current epoch is a fresh task.
    conn.fromMaster(run(5, "f1", "echo current"));
    expectAndAck(conn, 5, TaskState.STARTING);
    expectAndAck(conn, 5, TaskState.RUNNING);
    expectAndAck(conn, 5, TaskState.FINISHED);
    kit.stop(agent);
  }

  @Test
  void B02_reusedTaskIdRefusedAgentStaysUp(@TempDir Path work) {
    TestingConnection conn = new TestingConnection(kit);
    ActorRef<Agent.Command> agent = start(work, conn);
    register(conn, 1);
    conn.fromMaster(run(1, "job-1", "sleep 30"));
    expectAndAck(conn, 1, TaskState.STARTING);
    expectAndAck(conn, 1, TaskState.RUNNING);

    conn.fromMaster(run(1, "job-1", "echo second"));

    TaskStatus refused = expectAndAck(conn, 1, TaskState.ERROR);
    assertThat(refused.reason()).isEqualTo(TaskStatusReason.DUPLICATE_TASK_ID);
    assertThat(refused.message()).contains("job-1");
    // The first copy is untouched: still RUNNING in the agent's report, and still killable.
    conn.connected();
    assertThat(conn.next(AgentProtocol.RegisterAgent.class, WAIT).tasks())
        .containsExactly(new AgentProtocol.TaskReport(fw, TaskId.of("job-1"), Resources.parse("cpus:0.1;mem:64"), TaskState.RUNNING));
    conn.fromMaster(new AgentProtocol.AgentRegistered(AgentId.of("agent-1"), 1));
    conn.fromMaster(new AgentProtocol.KillTask(1, fw, TaskId.of("job-1")));
    expectAndAck(conn, 1, TaskState.KILLING);
    expectAndAck(conn, 1, TaskState.KILLED);
    kit.stop(agent);
  }

  @Test
  void restartedAgentRecoversItsRunningTaskAndItsUnacknowledgedUpdate(@TempDir Path work) {
    TestingConnection first = new TestingConnection(kit);
    ActorRef<Agent.Command> agent = start(work, first);
    register(first, 1);
    first.fromMaster(run(1, "r1", "sleep 2; echo recovered-output"));
    expectAndAck(first, 1, TaskState.STARTING);
    TaskStatus running = nextStatus(first);
    assertThat(running.state()).isEqualTo(TaskState.RUNNING);
    kit.stop(agent); // RUNNING stays unacknowledged; the task process outlives the agent actor

    TestingConnection second = new TestingConnection(kit);
    ActorRef<Agent.Command> restarted = start(work, second);
    AgentProtocol.RegisterAgent reg = register(second, 2);

    assertThat(reg.agentId()).isEqualTo(AgentId.of("agent-1"));
    assertThat(reg.tasks()).extracting(AgentProtocol.TaskReport::taskId, AgentProtocol.TaskReport::state)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(TaskId.of("r1"), TaskState.RUNNING));
    TaskStatus resent = nextStatus(second);
    assertThat(resent.updateId()).isEqualTo(running.updateId());
    ack(second, 2, resent);
    TaskStatus finished = expectAndAck(second, 2, TaskState.FINISHED);
    assertThat(finished.exitCode()).isZero();
    assertThat(finished.data()).contains("recovered-output");
    awaitCondition("the recovered task's checkpoint is removed", () -> !Files.exists(work.resolve("meta/tasks/fw-1/r1.task")));
    kit.stop(restarted);
  }

  @Test
  void taskWhoseCheckpointCannotBeOpenedIsReportedLostNotRun(@TempDir Path work) throws Exception {
    byte[] otherKey = CheckpointsTest.key();
    var launch = run(1, "x1", "touch " + work.resolve("must-not-exist")).task();
    new Checkpoints(work, CheckpointKeys.of(otherKey, List.of()))
        .saveTask(new Checkpoints.TaskCheckpoint(fw, launch, null, TaskState.STAGING));

    TestingConnection conn = new TestingConnection(kit);
    ActorRef<Agent.Command> agent = start(work, conn);
    AgentProtocol.RegisterAgent reg = register(conn, 1);

    assertThat(reg.tasks()).extracting(AgentProtocol.TaskReport::state).containsExactly(TaskState.LOST);
    TaskStatus lost = expectAndAck(conn, 1, TaskState.LOST);
    assertThat(lost.taskId()).isEqualTo(TaskId.of("x1"));
    assertThat(lost.reason()).isEqualTo(TaskStatusReason.AGENT_RESTARTED);
    assertThat(lost.message()).contains("checkpoint refused").contains("unknown key id");
    awaitCondition("the refused record is removed once LOST is acknowledged",
        () -> !Files.exists(work.resolve("meta/tasks/fw-1/x1.task")));
    assertThat(work.resolve("must-not-exist")).doesNotExist();
    kit.stop(agent);
  }

  private static void awaitCondition(String what, java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.onSpinWait();
    }
  }
}
