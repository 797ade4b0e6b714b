package io.citadel.master.leader;

import io.citadel.master.allocator.AllocatorProtocol;
import io.citadel.master.registry.RegistryActor.Table;
import io.citadel.runtime.model.AgentId;
import io.citadel.runtime.model.TaskState;
import io.citadel.runtime.model.TaskStatusReason;
import io.citadel.runtime.protocol.AgentProtocol;
import io.citadel.runtime.protocol.TaskStatus;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The leading master's handling of agent calls: (re-)registration, status updates and pongs, and
 * agent liveness: an agent that has not answered pings for {@code agent-ping-timeout} is removed, its
 * offers rescinded and its tasks reported LOST. Owned by {@link LeaderState}; not thread-safe.
 */
final class AgentCalls {
  private final LeaderState s;

  AgentCalls(LeaderState state) {
    this.s = state;
  }

  void on(LeaderProtocol.ClientIdentity id, String requestId, AgentProtocol.Call call, ActorRef<LeaderProtocol.ToBridge> bridge) {
    if (call instanceof AgentProtocol.RegisterAgent m) {
      onRegister(id, requestId, m, bridge);
    } else if (call instanceof AgentProtocol.StatusUpdate m) {
      onStatusUpdate(id, m, bridge);
    } else if (call instanceof AgentProtocol.Pong) {
      onPong(bridge);
    }
  }

  private void onRegister(LeaderProtocol.ClientIdentity id, String requestId, AgentProtocol.RegisterAgent m,
      ActorRef<LeaderProtocol.ToBridge> bridge) {
    long now = s.deps.clock().millis();
    if (s.registering.contains(bridge)) {
      s.log.debug("Ignoring a repeated registration while the first is being recorded");
      return;
    }
    String refused = s.enforcement.registerAgent(id.principal(), m.info(), requestId);
    if (refused != null) {
      refuse(bridge, refused);
      return;
    }
    if (m.agentId() == null && s.clientOf.get(bridge) instanceof AgentId known && s.agents.containsKey(known)) {
      // The same session registering again (e.g. it did not see the answer): same agent, same id.
      s.agents.get(known).send(new AgentProtocol.AgentRegistered(known, s.epoch));
      return;
    }
    if (m.agentId() == null) {
      AgentId agentId = AgentId.random();
      s.registering.add(bridge);
      s.registryPut(Table.AGENTS, agentId.value(), id.principal(),
          () -> {
            s.registering.remove(bridge);
            admit(new AgentEntry(agentId, id.principal(), m.info(), bridge, s.deps.clock().millis()), m);
          },
          () -> {
            s.registering.remove(bridge);
            refuse(bridge, "the registry could not record the agent; retry");
          });
      return;
    }
    String admittedAs = s.admittedAgents.get(m.agentId().value());
    AgentEntry existing = s.agents.get(m.agentId());
    String owner = existing != null ? existing.principal : admittedAs;
    if (owner == null) {
      refuse(bridge, "agent id [" + m.agentId().value() + "] is not admitted (removed or unknown); register anew");
      return;
    }
    if (!owner.equals(id.principal())) {
      refuse(bridge, "agent id [" + m.agentId().value() + "] belongs to another principal");
      return;
    }
    if (existing != null) {
      existing.info = m.info();
      existing.bridge = bridge;
      existing.lastPongMillis = now;
      s.bind(bridge, existing.id);
      s.agentUpdated(existing);
      existing.send(new AgentProtocol.AgentRegistered(existing.id, s.epoch));
      s.log.info("Agent [{}] at [{}] re-connected", existing.id.value(), m.info().hostname());
      return;
    }
    admit(new AgentEntry(m.agentId(), id.principal(), m.info(), bridge, now), m);
  }

  private void admit(AgentEntry agent, AgentProtocol.RegisterAgent m) {
    s.admittedAgents.put(agent.id.value(), agent.principal);
    s.agents.put(agent.id, agent);
    s.bind(agent.bridge, agent.id);
    List<TaskEntry> own = new ArrayList<>();
    for (AgentProtocol.TaskReport t : m.tasks()) {
      // Terminal ones are tracked too (their resources are free): their last update may still be
      // unacknowledged, and the leader relays only updates of tasks it knows.
      if (!s.tasks.containsKey(t.taskId())) {
        var fw = s.frameworks.get(t.frameworkId());
        String role = fw != null ? fw.info.roles().get(0) : "*";
        TaskEntry entry = new TaskEntry(t.taskId(), t.frameworkId(), agent.id, t.resources(), role, t.state());
        s.tasks.put(t.taskId(), entry);
        own.add(entry);
        if (!t.state().isTerminal()) {
          agent.used = agent.used.plus(t.resources());
        }
      }
    }
    agent.send(new AgentProtocol.AgentRegistered(agent.id, s.epoch));
    s.log.info("Agent [{}] at [{}] registered with [{}] and [{}] tasks", agent.id.value(), agent.info.hostname(),
        agent.total(), m.tasks().size());
    s.deps.allocator().tell(new AllocatorProtocol.AgentAdded(s.epoch, agent.view(own)));
  }

  private void refuse(ActorRef<LeaderProtocol.ToBridge> bridge, String reason) {
    s.log.warn("Refusing agent registration: {}", reason);
    bridge.tell(new LeaderProtocol.Deliver(new AgentProtocol.RegistrationRefused(reason)));
  }

  private void onStatusUpdate(LeaderProtocol.ClientIdentity id, AgentProtocol.StatusUpdate m, ActorRef<LeaderProtocol.ToBridge> bridge) {
    Object client = s.clientOf.get(bridge);
    TaskStatus status = m.status();
    if (!(client instanceof AgentId agentId) || !agentId.equals(status.agentId())) {
      s.log.warn("Ignoring status update for task [{}] from [{}]: not from the agent that runs it",
          status.taskId().value(), id.principal());
      return;
    }
    TaskEntry task = s.tasks.get(status.taskId());
    if (task == null) {
      // Not a task this leader launched or had reported on registration (e.g. a late retry of an update
      // already acknowledged): relaying it would let an agent feed any framework updates it does not own.
      // Acknowledged back so the agent stops retrying it.
      s.log.info("Dropping status update for unknown task [{}] from agent [{}] (acknowledged to the agent)",
          status.taskId().value(), agentId.value());
      s.agents.get(agentId).send(new AgentProtocol.AcknowledgeUpdate(s.epoch, status.taskId(), status.updateId()));
      return;
    }
    if (!task.agentId.equals(agentId)) {
      s.log.warn("Ignoring status update for task [{}] from agent [{}]: the task runs on [{}]",
          status.taskId().value(), agentId.value(), task.agentId.value());
      return;
    }
    if (!task.frameworkId.equals(status.frameworkId())) {
      // Otherwise an agent could end another framework's task, or feed a framework updates it does not own.
      s.log.warn("Ignoring status update for task [{}] from agent [{}]: it names framework [{}], the task belongs to [{}]",
          status.taskId().value(), agentId.value(), status.frameworkId().value(), task.frameworkId.value());
      return;
    }
    s.applyStatus(status);
  }

  private void onPong(ActorRef<LeaderProtocol.ToBridge> bridge) {
    if (s.clientOf.get(bridge) instanceof AgentId agentId) {
      AgentEntry agent = s.agents.get(agentId);
      if (agent != null) {
        agent.lastPongMillis = s.deps.clock().millis();
      }
    }
  }

  void onDisconnected(AgentId agentId, ActorRef<LeaderProtocol.ToBridge> bridge) {
    AgentEntry agent = s.agents.get(agentId);
    if (agent == null || !bridge.equals(agent.bridge)) {
      return;
    }
    s.log.info("Agent [{}] disconnected; removed unless it returns within [{}]", agentId.value(), s.deps.settings().agentPingTimeout());
    agent.bridge = null;
    for (var offer : s.offers.all()) {
      if (offer.agentId().equals(agentId)) {
        s.rescind(offer, "agent disconnected");
      }
    }
    s.agentUpdated(agent);
  }

  org.apache.pekko.actor.typed.Behavior<LeaderProtocol.Command> onPingTick() {
    long now = s.deps.clock().millis();
    for (AgentEntry agent : new ArrayList<>(s.agents.values())) {
      if (now - agent.lastPongMillis > s.deps.settings().agentPingTimeout().toMillis()) {
        remove(agent, "no pong for " + (now - agent.lastPongMillis) + " ms");
      } else {
        agent.send(new AgentProtocol.Ping(s.epoch, ++agent.pingSeq));
      }
    }
    return org.apache.pekko.actor.typed.javadsl.Behaviors.same();
  }

  /** Removes an agent: rescinds its offers (B08), reports its tasks LOST, forgets it in the registry. */
  void remove(AgentEntry agent, String why) {
    s.log.warn("Removing agent [{}] at [{}]: {}", agent.id.value(), agent.info.hostname(), why);
    for (var offer : s.offers.all()) {
      if (offer.agentId().equals(agent.id)) {
        s.rescind(offer, "agent removed: " + why);
      }
    }
    s.agents.remove(agent.id);
    s.admittedAgents.remove(agent.id.value());
    if (agent.bridge != null) {
      s.clientOf.remove(agent.bridge);
    }
    for (TaskEntry task : new ArrayList<>(s.tasks.values())) {
      if (agent.id.equals(task.agentId) && !task.state.isTerminal()) {
        var fw = s.frameworks.get(task.frameworkId);
        task.state = TaskState.LOST;
        if (fw != null) {
          s.masterStatus(fw, task.id, agent.id, TaskState.LOST, TaskStatusReason.AGENT_REMOVED, "agent removed: " + why);
        }
      }
    }
    s.deps.allocator().tell(new AllocatorProtocol.AgentGone(s.epoch, agent.id));
    s.registryRemove(Table.AGENTS, agent.id.value());
  }
}
