package io.citadel.master.leader;

import io.citadel.master.allocator.AllocatorProtocol;
import io.citadel.master.registry.RegistryActor;
import io.citadel.master.registry.RegistryActor.Table;
import io.citadel.runtime.model.AgentId;
import io.citadel.runtime.model.FrameworkId;
import io.citadel.runtime.model.TaskState;
import io.citadel.runtime.model.TaskStatusReason;
import io.citadel.runtime.protocol.AgentProtocol;
import io.citadel.runtime.protocol.FrameworkProtocol;
import io.citadel.runtime.protocol.GatewayProtocol.ClientKind;
import io.citadel.runtime.protocol.TaskStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.slf4j.Logger;

/**
 * The serving phase of the leading master: routes each sealed client call to the agent or framework
 * handlers, keeps agents alive with pings, and turns allocator decisions into offers after checking
 * them against live state. Owned by the leading master actor; not thread-safe.
 */
final class LeaderState {
  final ActorContext<LeaderProtocol.Command> ctx;
  final LeadingMaster.Dependencies deps;
  final long epoch;
  final Logger log;
  final TimerScheduler<LeaderProtocol.Command> timers;
  final Map<String, String> admittedFrameworks;
  final Map<String, String> admittedAgents;
  final Map<FrameworkId, FrameworkEntry> frameworks = new LinkedHashMap<>();
  final Map<AgentId, AgentEntry> agents = new LinkedHashMap<>();
  final Map<io.citadel.runtime.model.TaskId, TaskEntry> tasks = new HashMap<>();
  final OfferBook offers = new OfferBook();
  /**
   * Ids of tasks that ended and were acknowledged, remembered (bounded) so that an id is never reused
   * for a new task (field case B02). Lost on leader failover, as Mesos's completed-task cache is.
   */
  final Map<io.citadel.runtime.model.TaskId, FrameworkId> completedTasks = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<io.citadel.runtime.model.TaskId, FrameworkId> eldest) {
      return size() > 100_000;
    }
  };
  /** Which client each bridge stands for; a bridge unknown here belongs to an unregistered client. */
  final Map<ActorRef<LeaderProtocol.ToBridge>, Object> clientOf = new HashMap<>();
  /** Bridges whose registration is being written to the registry; a repeat call meanwhile is ignored. */
  final java.util.Set<ActorRef<LeaderProtocol.ToBridge>> registering = new java.util.HashSet<>();
  long allocatorEpoch = 0;
  final Enforcement enforcement;
  private final AgentCalls agentCalls;
  private final FrameworkCalls frameworkCalls;

  LeaderState(ActorContext<LeaderProtocol.Command> ctx, TimerScheduler<LeaderProtocol.Command> timers,
      LeadingMaster.Dependencies deps, long epoch, Map<String, String> admittedFrameworks, Map<String, String> admittedAgents) {
    this.ctx = ctx;
    this.deps = deps;
    this.epoch = epoch;
    this.log = ctx.getLog();
    this.timers = timers;
    this.admittedFrameworks = new HashMap<>(admittedFrameworks);
    this.admittedAgents = new HashMap<>(admittedAgents);
    this.enforcement = new Enforcement(deps.authorization(), epoch, log);
    this.agentCalls = new AgentCalls(this);
    this.frameworkCalls = new FrameworkCalls(this);
    timers.startTimerWithFixedDelay(new LeadingMaster.PingTick(), deps.settings().agentPingInterval());
    syncAllocator();
  }

  Behavior<LeaderProtocol.Command> behavior() {
    return Behaviors.receive(LeaderProtocol.Command.class)
        .onMessage(LeaderProtocol.ClientCall.class, this::onClientCall)
        .onMessage(LeaderProtocol.KeepAlive.class, this::onKeepAlive)
        .onMessage(AllocatorProtocol.RequestSync.class, this::onRequestSync)
        .onMessage(AllocatorProtocol.Decisions.class, this::onDecisions)
        .onMessage(LeadingMaster.PingTick.class, m -> agentCalls.onPingTick())
        .onMessage(LeadingMaster.RegistryDone.class, this::onRegistryDone)
        .onMessage(LeadingMaster.BridgeGone.class, this::onBridgeGone)
        .onMessage(LeadingMaster.FrameworkFailoverExpired.class, frameworkCalls::onFailoverExpired)
        .build();
  }

  private Behavior<LeaderProtocol.Command> onClientCall(LeaderProtocol.ClientCall m) {
    var id = m.identity();
    if (!deps.seal().verify(m.seal(), id.sealedFields(m.requestId()))) {
      deps.metrics().badSeal();
      log.warn("Dropping [{}] claiming principal [{}]: identity seal does not verify",
          m.call().getClass().getSimpleName(), id.principal());
      return Behaviors.same();
    }
    if (id.kind() == ClientKind.FRAMEWORK && m.call() instanceof FrameworkProtocol.Call call) {
      frameworkCalls.on(id, m.requestId(), call, m.bridge());
    } else if (id.kind() == ClientKind.AGENT && m.call() instanceof AgentProtocol.Call call) {
      agentCalls.on(id, m.requestId(), call, m.bridge());
    } else {
      log.warn("Ignoring [{}] from [{}] because a [{}] session cannot make it",
          m.call().getClass().getSimpleName(), id.principal(), id.kind());
    }
    return Behaviors.same();
  }

  private Behavior<LeaderProtocol.Command> onKeepAlive(LeaderProtocol.KeepAlive m) {
    var id = m.identity();
    if (!deps.seal().verify(m.seal(), id.sealedFields(""))) {
      deps.metrics().badSeal();
      return Behaviors.same();
    }
    m.bridge().tell(new LeaderProtocol.LeaderStatus(epoch, clientOf.containsKey(m.bridge()) || registering.contains(m.bridge())));
    return Behaviors.same();
  }

  /** Remembers which client a bridge stands for, and watches it so a lost session is noticed. */
  void bind(ActorRef<LeaderProtocol.ToBridge> bridge, Object client) {
    Object previous = clientOf.put(bridge, client);
    if (previous == null) {
      ctx.watchWith(bridge, new LeadingMaster.BridgeGone(bridge));
    }
  }

  private Behavior<LeaderProtocol.Command> onBridgeGone(LeadingMaster.BridgeGone m) {
    Object client = clientOf.remove(m.bridge());
    if (client instanceof FrameworkId fw) {
      frameworkCalls.onDisconnected(fw, m.bridge());
    } else if (client instanceof AgentId agent) {
      agentCalls.onDisconnected(agent, m.bridge());
    }
    return Behaviors.same();
  }

  // ---- allocator ----

  private void syncAllocator() {
    Map<AgentId, List<TaskEntry>> tasksByAgent = new HashMap<>();
    for (TaskEntry t : tasks.values()) {
      if (t.agentId != null) {
        tasksByAgent.computeIfAbsent(t.agentId, k -> new ArrayList<>()).add(t);
      }
    }
    deps.allocator().tell(new AllocatorProtocol.Sync(epoch,
        frameworks.values().stream().map(FrameworkEntry::view).toList(),
        agents.values().stream().map(a -> a.view(tasksByAgent.getOrDefault(a.id, List.of()))).toList()));
  }

  /**
   * A (new) allocator asks for the state. Offers made by an earlier allocator are withdrawn first, so
   * that no offer is outstanding from two allocator epochs at once (DESIGN §6).
   */
  private Behavior<LeaderProtocol.Command> onRequestSync(AllocatorProtocol.RequestSync m) {
    if (m.allocatorEpoch() < allocatorEpoch) {
      log.warn("Ignoring sync request from stale allocator epoch [{}] (current [{}])", m.allocatorEpoch(), allocatorEpoch);
      return Behaviors.same();
    }
    if (m.allocatorEpoch() > allocatorEpoch && offers.size() > 0) {
      log.info("Allocator epoch [{}] replaces [{}]: rescinding [{}] outstanding offers", m.allocatorEpoch(), allocatorEpoch,
          offers.size());
      for (var offer : offers.all()) {
        rescindQuietly(offer, "allocator replaced");
      }
    }
    allocatorEpoch = m.allocatorEpoch();
    syncAllocator();
    return Behaviors.same();
  }

  private Behavior<LeaderProtocol.Command> onDecisions(AllocatorProtocol.Decisions m) {
    if (m.allocatorEpoch() != allocatorEpoch) {
      deps.metrics().staleDecision();
      log.warn("Ignoring [{}] offer decisions from allocator epoch [{}] (synced with [{}])",
          m.offers().size(), m.allocatorEpoch(), allocatorEpoch);
      return Behaviors.same();
    }
    for (var id : m.rescind()) {
      // The allocator has already taken these back; only the framework and the books here are told.
      offers.get(id).ifPresent(o -> rescindQuietly(o, "rescinded by the allocator (agent or framework inactive, "
          + "quota or weights changed, or offer timeout)"));
    }
    for (var u : m.unsatisfiable()) {
      FrameworkEntry fw = frameworks.get(u.frameworkId());
      if (fw != null) {
        fw.send(new FrameworkProtocol.Error("UNSATISFIABLE", "[" + u.name() + "] can never be placed: " + u.reason()));
      }
    }
    Map<FrameworkId, List<FrameworkProtocol.Offer>> out = new LinkedHashMap<>();
    for (AllocatorProtocol.OfferDecision d : m.offers()) {
      AgentEntry agent = agents.get(d.agentId());
      FrameworkEntry fw = frameworks.get(d.frameworkId());
      // Re-validate against live state: the decision may be based on an older view.
      if (agent == null || fw == null || !fw.connected() || agent.bridge == null || d.resources().isEmpty()
          || !agent.free().contains(d.resources())) {
        deps.allocator().tell(new AllocatorProtocol.OfferWithdrawn(epoch, d.offerId()));
        continue;
      }
      var offer = new FrameworkProtocol.Offer(d.offerId(), fw.id, agent.id, agent.info.hostname(), d.role(), d.resources(),
          agent.info.attributes(), m.allocatorEpoch());
      offers.add(offer);
      agent.offered = agent.offered.plus(d.resources());
      deps.metrics().offerMade();
      out.computeIfAbsent(fw.id, k -> new ArrayList<>()).add(offer);
    }
    out.forEach((fwId, list) -> frameworks.get(fwId).send(new FrameworkProtocol.Offers(list)));
    return Behaviors.same();
  }

  /** Tells the allocator that an agent's connectivity or attributes changed. */
  void agentUpdated(AgentEntry agent) {
    deps.allocator().tell(new AllocatorProtocol.AgentUpdated(epoch, agent.connectivityView()));
  }

  void frameworkChanged(FrameworkEntry fw) {
    deps.allocator().tell(new AllocatorProtocol.FrameworkChanged(epoch, fw.view()));
  }

  /** Withdraws an offer: its resources go back to the pool, the allocator and the framework are told. */
  void rescind(FrameworkProtocol.Offer offer, String reason) {
    if (rescindQuietly(offer, reason)) {
      deps.allocator().tell(new AllocatorProtocol.OfferWithdrawn(epoch, offer.id()));
    }
  }

  /** As {@link #rescind} without telling the allocator (it no longer knows the offer). */
  private boolean rescindQuietly(FrameworkProtocol.Offer offer, String reason) {
    if (offers.remove(offer.id(), OfferBook.Gone.RESCINDED) == null) {
      return false;
    }
    AgentEntry agent = agents.get(offer.agentId());
    if (agent != null) {
      agent.offered = agent.offered.minus(offer.resources());
    }
    FrameworkEntry fw = frameworks.get(offer.frameworkId());
    if (fw != null) {
      fw.send(new FrameworkProtocol.Rescinded(offer.id(), reason));
    }
    return true;
  }

  // ---- tasks ----

  /** Applies a status to the tracker, frees resources of terminal tasks, and relays it to the framework. */
  void applyStatus(TaskStatus status) {
    TaskEntry task = tasks.get(status.taskId());
    if (task != null) {
      if (task.state != status.state() && !task.state.canTransitionTo(status.state()) && !task.state.isTerminal()) {
        log.warn("Task [{}] reported [{}] after [{}]: not a legal transition, recorded anyway as the agent is authoritative",
            status.taskId().value(), status.state(), task.state);
      }
      boolean wasTerminal = task.state.isTerminal();
      task.state = status.state();
      task.lastStatus = status;
      if (status.state().isTerminal() && !wasTerminal) {
        AgentEntry agent = task.agentId == null ? null : agents.get(task.agentId);
        if (agent != null) {
          agent.used = agent.used.minus(task.resources);
          deps.allocator().tell(new AllocatorProtocol.ResourcesRecovered(epoch, task.frameworkId, agent.id, task.role,
              task.resources));
        }
      }
    }
    FrameworkEntry fw = frameworks.get(status.frameworkId());
    if (fw != null) {
      fw.send(new FrameworkProtocol.Update(status));
    }
  }

  /** A status the master itself produces for a task that never reached an agent. */
  void masterStatus(FrameworkEntry fw, io.citadel.runtime.model.TaskId taskId, AgentId agentId, TaskState state,
      TaskStatusReason reason, String message) {
    log.info("Task [{}] of framework [{}] is [{}]: {}", taskId.value(), fw.id.value(), state, message);
    fw.send(new FrameworkProtocol.Update(
        TaskStatus.fromMaster(taskId, fw.id, agentId, state, reason, message, deps.clock().millis())));
  }

  // ---- registry ----


  void registryPut(Table table, String id, String principal, Runnable then, Runnable otherwise) {
    ctx.ask(RegistryActor.Result.class, deps.registry(), deps.settings().registryTimeout().multipliedBy(2),
        r -> new RegistryActor.Put(table, id, principal, r),
        (res, err) -> new LeadingMaster.RegistryDone(err == null ? res : new RegistryActor.Failed(err.toString()), then, otherwise));
  }

  void registryRemove(Table table, String id) {
    ctx.ask(RegistryActor.Result.class, deps.registry(), deps.settings().registryTimeout().multipliedBy(2),
        r -> new RegistryActor.Remove(table, id, r),
        (res, err) -> new LeadingMaster.RegistryDone(err == null ? res : new RegistryActor.Failed(err.toString()),
            () -> { }, () -> log.warn("Registry removal of [{}] [{}] not acknowledged by a majority", table, id)));
  }

  private Behavior<LeaderProtocol.Command> onRegistryDone(LeadingMaster.RegistryDone m) {
    if (m.result() instanceof RegistryActor.Written) {
      m.then().run();
    } else {
      log.warn("Registry write failed: {}", m.result());
      m.otherwise().run();
    }
    return Behaviors.same();
  }
}
