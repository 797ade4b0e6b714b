package io.citadel.agent;

import io.citadel.agent.process.Sandbox;
import io.citadel.agent.process.TaskProcessHandle;
import io.citadel.agent.process.TaskProcessLauncher;
import io.citadel.runtime.client.MasterConnection;
import io.citadel.runtime.model.AgentId;
import io.citadel.runtime.model.FrameworkId;
import io.citadel.runtime.model.Resources;
import io.citadel.runtime.model.TaskId;
import io.citadel.runtime.model.TaskState;
import io.citadel.runtime.model.TaskStatusReason;
import io.citadel.runtime.protocol.AgentProtocol;
import io.citadel.runtime.protocol.GatewayProtocol.ClientMessage;
import io.citadel.runtime.protocol.TaskStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The agent: registers its resources with the leading master through a {@link MasterConnection},
 * re-registers (reporting its tasks) after a failover, starts one {@link Executor} per task, and runs
 * the status-update manager. Commands from a master epoch older than the one it registered with are
 * dropped with a WARN (fencing).
 *
 * <p>Every task and every unacknowledged update is checkpointed ({@link Checkpoints}) before it is
 * sent; on start the agent reads them back, re-attaches the task processes that outlived the previous
 * agent JVM (their executors run in "recovered" mode: nothing is relaunched), re-queues the updates and
 * reports the tasks when it registers. Checkpoints go once the terminal update is acknowledged.
 *
 * <p>An actor: state is confined to it. Checkpoint writes are small blocking file writes on its thread.
 */
public final class Agent extends AbstractBehavior<Agent.Command> {

  public interface Command {}

  private record FromConnection(MasterConnection.Event event) implements Command {}

  private record FromExecutor(Executor.StatusChanged changed) implements Command {}

  private record RetryTick() implements Command {}

  /** One task this agent runs or ran and has not had acknowledged. */
  private static final class TaskRecord {
    final FrameworkId frameworkId;
    final Resources resources;
    /** Null for a task whose checkpoint was refused: it is only reported LOST. */
    Checkpoints.TaskCheckpoint checkpoint;
    TaskState state;
    ActorRef<Executor.Command> executor;

    TaskRecord(FrameworkId frameworkId, Resources resources, Checkpoints.TaskCheckpoint checkpoint, TaskState state) {
      this.frameworkId = frameworkId;
      this.resources = resources;
      this.checkpoint = checkpoint;
      this.state = state;
    }
  }

  private final ActorContext<Command> context;
  private final AgentSettings settings;
  private final AgentProtocol.AgentInfo info;
  private final ActorRef<MasterConnection.Command> connection;
  private final TaskProcessLauncher launcher;
  private final Clock clock;
  private final StatusUpdates updates;
  private final Checkpoints checkpoints;
  private final ActorRef<Executor.StatusChanged> executorSink;
  private final Map<TaskId, TaskRecord> tasks = new HashMap<>();
  private AgentId agentId;
  private long masterEpoch = 0;
  private boolean registered = false;
  private long executorSeq = 0;
  private long lastRegisterMillis = 0;

  /**
   * @param connectionFactory builds the connection for the given owner adapter (tests pass a stand-in)
   * @throws IOException (from setup) when the checkpoint directory cannot be read: the agent does not
   *     start rather than forget tasks that may still run
   */
  public static Behavior<Command> create(AgentSettings settings,
      Function<ActorRef<MasterConnection.Event>, Behavior<MasterConnection.Command>> connectionFactory, Clock clock) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new Agent(ctx, timers, settings,
        connectionFactory.apply(ctx.messageAdapter(MasterConnection.Event.class, FromConnection::new)), clock)));
  }

  /** Re-register after a refusal's back-off. */
  private record RegisterAgain() implements Command {}

  private final TimerScheduler<Command> timers;
  private int refusals = 0;

  private Agent(ActorContext<Command> context, TimerScheduler<Command> timers, AgentSettings settings,
      Behavior<MasterConnection.Command> connection, Clock clock) throws IOException {
    super(context);
    this.context = context;
    this.settings = settings;
    this.clock = clock;
    this.info = new AgentProtocol.AgentInfo(settings.hostname(), settings.resources(), settings.attributes());
    this.launcher = TaskProcessLauncher.detectingIsolation();
    context.getLog().info("Agent isolation: [{}]", launcher.isolation());
    this.updates = new StatusUpdates(settings.statusRetryInterval(), settings.maxStatusRetryInterval());
    this.executorSink = context.messageAdapter(Executor.StatusChanged.class, FromExecutor::new);
    this.checkpoints = new Checkpoints(settings.workDir(), settings.checkpointKeys());
    recover(checkpoints.recover());
    this.connection = context.spawn(connection, "master-connection");
    this.timers = timers;
    timers.startTimerWithFixedDelay(new RetryTick(), Duration.ofMillis(500));
  }

  /** Rebuilds the task table from checkpoints: re-attaches live tasks, re-queues their updates. */
  private void recover(Checkpoints.Recovery recovery) {
    agentId = recovery.agentId().orElse(null);
    for (Checkpoints.RecoveredTask rt : recovery.tasks()) {
      Checkpoints.TaskCheckpoint cp = rt.checkpoint();
      TaskId id = cp.task().taskId();
      if (cp.state().isTerminal() && rt.pendingUpdates().isEmpty()) {
        forget(id, cp.frameworkId()); // acknowledged just before the crash; only the files were left
        continue;
      }
      TaskRecord t = new TaskRecord(cp.frameworkId(), cp.task().resources(), cp, cp.state());
      tasks.put(id, t);
      updates.restore(rt.pendingUpdates(), clock.millis());
      if (!cp.state().isTerminal()) {
        reattach(id, t);
      }
    }
    for (Checkpoints.RefusedTask r : recovery.refused()) {
      // Never executed, never re-attached: a record we cannot trust could point anywhere.
      tasks.put(r.taskId(), new TaskRecord(r.frameworkId(), Resources.EMPTY, null, TaskState.STAGING));
      report(status(r.taskId(), r.frameworkId(), TaskState.LOST, TaskStatusReason.AGENT_RESTARTED,
          "checkpoint refused after agent restart: " + r.reason()));
    }
    context.getLog().info("Recovered [{}] tasks ([{}] refused) and [{}] unacknowledged updates from [{}]",
        recovery.tasks().size(), recovery.refused().size(), updates.pendingCount(), checkpoints.metaDir());
  }

  private void reattach(TaskId id, TaskRecord t) {
    TaskProcessHandle handle;
    try {
      if (t.checkpoint.sandboxDir() == null) {
        throw new IOException("no sandbox was created before the agent stopped");
      }
      Path dir = Path.of(t.checkpoint.sandboxDir());
      if (!dir.toAbsolutePath().normalize().startsWith(settings.workDir().toAbsolutePath().normalize())) {
        throw new IOException("sandbox [" + dir + "] lies outside the work dir");
      }
      handle = TaskProcessHandle.reattach(dir);
    } catch (IOException | RuntimeException e) {
      context.getLog().warn("Task [{}] cannot be re-attached: {}", id.value(), e.getMessage());
      report(status(id, t.frameworkId, TaskState.LOST, TaskStatusReason.AGENT_RESTARTED,
          "task could not be recovered after agent restart: " + e.getMessage()));
      return;
    }
    t.executor = context.spawn(Executor.recover(agentId, t.frameworkId, id, handle, t.state == TaskState.KILLING,
        executorSink, clock), "executor-" + (++executorSeq), DispatcherSelector.blocking());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(FromConnection.class, this::onConnectionEvent)
        .onMessage(FromExecutor.class, this::onStatusChanged)
        .onMessage(RetryTick.class, m -> onRetryTick())
        .onMessage(RegisterAgain.class, m -> onRegisterAgain())
        .build();
  }

  private Behavior<Command> onConnectionEvent(FromConnection m) {
    MasterConnection.Event e = m.event();
    if (e instanceof MasterConnection.Connected) {
      register();
    } else if (e instanceof MasterConnection.ReregistrationNeeded) {
      // A heartbeat says the leader does not know us; unless our own registration is in flight.
      if (registered || clock.millis() - lastRegisterMillis > 5_000) {
        registered = false;
        register();
      }
    } else if (e instanceof MasterConnection.Disconnected) {
      registered = false;
    } else if (e instanceof MasterConnection.Received r) {
      onMasterMessage(r.message());
    }
    return this;
  }

  private void register() {
    lastRegisterMillis = clock.millis();
    List<AgentProtocol.TaskReport> reports = new ArrayList<>();
    tasks.forEach((id, t) -> reports.add(new AgentProtocol.TaskReport(t.frameworkId, id, t.resources, t.state)));
    context.getLog().info("Registering with the leading master as [{}] with [{}] and [{}] tasks",
        agentId == null ? "a new agent" : agentId.value(), info.resources(), reports.size());
    connection.tell(new MasterConnection.Send(new AgentProtocol.RegisterAgent(info, agentId, reports)));
  }

  private void onMasterMessage(ClientMessage msg) {
    if (msg instanceof AgentProtocol.AgentRegistered r) {
      refusals = 0;
      agentId = r.agentId();
      masterEpoch = r.masterEpoch();
      registered = true;
      try {
        checkpoints.saveAgentId(agentId);
      } catch (IOException e) {
        context.getLog().warn("Could not checkpoint the agent id under [{}]: {}", checkpoints.metaDir(), e.getMessage());
      }
      context.getLog().info("Registered as agent [{}] with master epoch [{}]", agentId.value(), masterEpoch);
      updates.heads().forEach(this::send);
    } else if (msg instanceof AgentProtocol.RegistrationRefused r) {
      // Back off: a refusal (unauthorized, unknown id) would otherwise turn into a tight loop.
      refusals++;
      Duration backoff = Duration.ofMillis(Math.min(30_000L, 500L << Math.min(6, refusals - 1)));
      context.getLog().warn("Registration refused: {}; registering as a new agent in [{}]", r.reason(), backoff);
      agentId = null;
      timers.startSingleTimer("reregister", new RegisterAgain(), backoff);
    } else if (msg instanceof AgentProtocol.RunTask r) {
      if (fenced(r.masterEpoch(), "RunTask")) {
        return;
      }
      onRunTask(r);
    } else if (msg instanceof AgentProtocol.KillTask k) {
      if (fenced(k.masterEpoch(), "KillTask")) {
        return;
      }
      TaskRecord t = tasks.get(k.taskId());
      if (t != null && t.executor != null && !t.state.isTerminal()) {
        t.executor.tell(new Executor.Kill());
      } else if (t == null) {
        report(status(k.taskId(), k.frameworkId(), TaskState.LOST, TaskStatusReason.RECONCILIATION, "task unknown to this agent"));
      }
    } else if (msg instanceof AgentProtocol.AcknowledgeUpdate a) {
      onAcknowledge(a);
    } else if (msg instanceof AgentProtocol.Ping p) {
      connection.tell(new MasterConnection.Send(new AgentProtocol.Pong(p.seq())));
    }
  }

  private boolean fenced(long epoch, String what) {
    if (epoch < masterEpoch) {
      context.getLog().warn("Ignoring [{}] from master epoch [{}] because this agent registered with epoch [{}]",
          what, epoch, masterEpoch);
      return true;
    }
    return false;
  }

  private void onAcknowledge(AgentProtocol.AcknowledgeUpdate a) {
    if (fenced(a.masterEpoch(), "AcknowledgeUpdate")) {
      return;
    }
    TaskStatus head = updates.pending(a.taskId()).stream().findFirst().orElse(null);
    if (head == null || !head.updateId().equals(a.updateId())) {
      context.getLog().debug("Ignoring acknowledgement [{}] of task [{}]: not the update in flight", a.updateId(), a.taskId());
      return;
    }
    TaskStatus next = updates.acknowledge(a.taskId(), a.updateId(), clock.millis());
    TaskRecord t = tasks.get(a.taskId());
    if (t != null && t.state.isTerminal() && updates.latest(a.taskId()) == null) {
      forget(a.taskId(), t.frameworkId);
    } else {
      persistUpdates(a.taskId());
    }
    if (next != null) {
      send(next);
    }
  }

  /** Drops a finished, fully acknowledged task, and its checkpoints (also a refused record). */
  private void forget(TaskId id, FrameworkId fw) {
    tasks.remove(id);
    try {
      checkpoints.remove(fw, id);
    } catch (IOException e) {
      context.getLog().warn("Could not remove the checkpoints of task [{}]: {}", id.value(), e.getMessage());
    }
  }

  private void onRunTask(AgentProtocol.RunTask r) {
    TaskId id = r.task().taskId();
    TaskRecord existing = tasks.get(id);
    if (existing != null) {
      // Field case B02: a reused id is refused without touching the first task or the agent.
      context.getLog().warn("Refusing task [{}]: a task with this id is known here in state [{}]", id.value(), existing.state);
      report(status(id, r.frameworkId(), TaskState.ERROR, TaskStatusReason.DUPLICATE_TASK_ID,
          "duplicate task id [" + id.value() + "] on this agent"));
      return;
    }
    TaskRecord t = new TaskRecord(r.frameworkId(), r.task().resources(), null, TaskState.STAGING);
    tasks.put(id, t);
    Sandbox sandbox;
    try {
      // Created here, not by the executor, so the checkpoint names it before any process exists.
      sandbox = Sandbox.create(settings.workDir(), r.frameworkId().value(), id.value(), UUID.randomUUID().toString());
      t.checkpoint = new Checkpoints.TaskCheckpoint(r.frameworkId(), r.task(), sandbox.dir().toString(), TaskState.STAGING);
      checkpoints.saveTask(t.checkpoint);
    } catch (IOException | RuntimeException e) {
      context.getLog().warn("Task [{}] not launched: sandbox or checkpoint failed: {}", id.value(), e.getMessage());
      report(status(id, r.frameworkId(), TaskState.FAILED, TaskStatusReason.SANDBOX_SETUP_FAILED,
          "sandbox or checkpoint could not be written: " + e.getMessage()));
      return;
    }
    t.executor = context.spawn(Executor.launch(agentId, r.frameworkId(), r.task(), sandbox, settings, launcher,
        executorSink, clock), "executor-" + (++executorSeq), DispatcherSelector.blocking());
  }

  private TaskStatus status(TaskId id, FrameworkId fw, TaskState state, TaskStatusReason reason, String message) {
    return new TaskStatus(id, fw, agentId, state, reason, message, UUID.randomUUID().toString(), clock.millis(), null, "");
  }

  private Behavior<Command> onStatusChanged(FromExecutor m) {
    report(m.changed().status());
    return this;
  }

  /**
   * The one path of every update: record the task's state, checkpoint state and queue, then send the
   * head. Checkpoint before send, so an update the master saw is never forgotten by a restart. A
   * status for a duplicate id does not change the first task's state (B02).
   */
  private void report(TaskStatus st) {
    TaskRecord t = tasks.get(st.taskId());
    boolean duplicate = st.reason() == TaskStatusReason.DUPLICATE_TASK_ID;
    if (t != null && !duplicate) {
      t.state = st.state();
      if (t.checkpoint != null) {
        t.checkpoint = t.checkpoint.withState(st.state());
        try {
          checkpoints.saveTask(t.checkpoint);
        } catch (IOException e) {
          context.getLog().error("Could not checkpoint task [{}] in state [{}]: {}", st.taskId().value(), st.state(), e.getMessage());
        }
      }
    }
    TaskStatus head = updates.add(st, clock.millis());
    persistUpdates(st.taskId());
    if (head != null) {
      send(head);
    }
  }

  private void persistUpdates(TaskId id) {
    TaskRecord t = tasks.get(id);
    if (t == null || t.checkpoint == null) {
      return; // nothing on disk to recover for it; refused and unknown tasks are re-derived
    }
    try {
      checkpoints.saveUpdates(t.frameworkId, id, updates.pending(id));
    } catch (IOException e) {
      context.getLog().error("Could not checkpoint the status updates of task [{}]: {}", id.value(), e.getMessage());
    }
  }

  private Behavior<Command> onRegisterAgain() {
    register();
    return this;
  }

  private Behavior<Command> onRetryTick() {
    if (registered) {
      updates.due(clock.millis()).forEach(this::send);
    }
    return this;
  }

  private void send(TaskStatus status) {
    if (registered) {
      connection.tell(new MasterConnection.Send(new AgentProtocol.StatusUpdate(status)));
    }
  }
}
