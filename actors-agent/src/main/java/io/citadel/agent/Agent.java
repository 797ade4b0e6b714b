package io.citadel.agent;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
    TaskState state = TaskState.STAGING;
    ActorRef<Executor.Command> executor;

    TaskRecord(FrameworkId frameworkId, Resources resources) {
      this.frameworkId = frameworkId;
      this.resources = resources;
    }
  }

  private final ActorContext<Command> context;
  private final AgentSettings settings;
  private final AgentProtocol.AgentInfo info;
  private final ActorRef<MasterConnection.Command> connection;
  private final TaskProcessLauncher launcher;
  private final Clock clock;
  private final StatusUpdates updates;
  private final ActorRef<Executor.StatusChanged> executorSink;
  private final Map<TaskId, TaskRecord> tasks = new HashMap<>();
  private AgentId agentId;
  private long masterEpoch = 0;
  private boolean registered = false;
  private long executorSeq = 0;
  private long lastRegisterMillis = 0;

  /** @param connectionFactory builds the connection for the given owner adapter */
  public static Behavior<Command> create(AgentSettings settings,
      java.util.function.Function<ActorRef<MasterConnection.Event>, Behavior<MasterConnection.Command>> connectionFactory, Clock clock) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new Agent(ctx, timers, settings,
        connectionFactory.apply(ctx.messageAdapter(MasterConnection.Event.class, FromConnection::new)), clock)));
  }

  private Agent(ActorContext<Command> context, TimerScheduler<Command> timers, AgentSettings settings,
      Behavior<MasterConnection.Command> connection, Clock clock) {
    super(context);
    this.context = context;
    this.settings = settings;
    this.clock = clock;
    this.info = new AgentProtocol.AgentInfo(settings.hostname(), settings.resources(), settings.attributes());
    this.launcher = TaskProcessLauncher.detectingIsolation();
    context.getLog().info("Agent isolation: [{}]", launcher.isolation());
    this.updates = new StatusUpdates(settings.statusRetryInterval(), settings.maxStatusRetryInterval());
    this.executorSink = context.messageAdapter(Executor.StatusChanged.class, FromExecutor::new);
    this.agentId = readAgentId();
    this.connection = context.spawn(connection, "master-connection");
    timers.startTimerWithFixedDelay(new RetryTick(), Duration.ofMillis(500));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(FromConnection.class, this::onConnectionEvent)
        .onMessage(FromExecutor.class, this::onStatusChanged)
        .onMessage(RetryTick.class, m -> onRetryTick())
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
      agentId = r.agentId();
      masterEpoch = r.masterEpoch();
      registered = true;
      writeAgentId(agentId);
      context.getLog().info("Registered as agent [{}] with master epoch [{}]", agentId.value(), masterEpoch);
      updates.heads().forEach(this::send);
    } else if (msg instanceof AgentProtocol.RegistrationRefused r) {
      context.getLog().warn("Registration refused: {}; registering as a new agent", r.reason());
      agentId = null;
      register();
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
        statusFor(k.taskId(), k.frameworkId(), TaskState.LOST, TaskStatusReason.RECONCILIATION, "task unknown to this agent");
      }
    } else if (msg instanceof AgentProtocol.AcknowledgeUpdate a) {
      TaskStatus next = updates.acknowledge(a.taskId(), a.updateId(), clock.millis());
      if (next != null) {
        send(next);
      }
      TaskRecord t = tasks.get(a.taskId());
      if (t != null && t.state.isTerminal() && updates.latest(a.taskId()) == null) {
        tasks.remove(a.taskId());
      }
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

  private void onRunTask(AgentProtocol.RunTask r) {
    TaskId id = r.task().taskId();
    TaskRecord existing = tasks.get(id);
    if (existing != null) {
      // Field case B02: a reused id is refused without touching the first task or the agent.
      context.getLog().warn("Refusing task [{}]: a task with this id is known here in state [{}]", id.value(), existing.state);
      statusFor(id, r.frameworkId(), TaskState.ERROR, TaskStatusReason.DUPLICATE_TASK_ID,
          "duplicate task id [" + id.value() + "] on this agent");
      return;
    }
    TaskRecord t = new TaskRecord(r.frameworkId(), r.task().resources());
    tasks.put(id, t);
    t.executor = context.spawn(Executor.launch(agentId, r.frameworkId(), r.task(), settings, launcher, executorSink, clock),
        "executor-" + (++executorSeq), DispatcherSelector.blocking());
  }

  private void statusFor(TaskId id, FrameworkId fw, TaskState state, TaskStatusReason reason, String message) {
    TaskStatus st = new TaskStatus(id, fw, agentId, state, reason, message, UUID.randomUUID().toString(), clock.millis(), null, "");
    TaskStatus head = updates.add(st, clock.millis());
    if (head != null) {
      send(head);
    }
  }

  private Behavior<Command> onStatusChanged(FromExecutor m) {
    TaskStatus st = m.changed().status();
    TaskRecord t = tasks.get(st.taskId());
    if (t != null) {
      t.state = st.state();
    }
    TaskStatus head = updates.add(st, clock.millis());
    if (head != null) {
      send(head);
    }
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

  private Path agentIdFile() {
    return settings.workDir().resolve("agent-id");
  }

  private AgentId readAgentId() {
    try {
      Path f = agentIdFile();
      return Files.exists(f) ? AgentId.of(Files.readString(f, StandardCharsets.UTF_8).trim()) : null;
    } catch (IOException | IllegalArgumentException e) {
      context.getLog().warn("Ignoring unreadable agent id checkpoint [{}]: {}", agentIdFile(), e.getMessage());
      return null;
    }
  }

  private void writeAgentId(AgentId id) {
    try {
      Path tmp = agentIdFile().resolveSibling("agent-id.tmp");
      Files.writeString(tmp, id.value(), StandardCharsets.UTF_8);
      Files.move(tmp, agentIdFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      context.getLog().warn("Could not checkpoint the agent id to [{}]: {}", agentIdFile(), e.getMessage());
    }
  }
}
