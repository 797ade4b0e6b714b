package io.citadel.master.leader;

import io.citadel.master.allocator.AllocatorProtocol;
import io.citadel.runtime.model.AgentId;
import io.citadel.runtime.model.Resources;
import io.citadel.runtime.protocol.AgentProtocol.AgentInfo;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The leading master's view of one registered agent: what it has, what its tasks use, what is out in
 * offers, and its liveness. {@code free = total - used - offered} bounds what the leader accepts from
 * the allocator when it re-validates a decision.
 * Owned by the leading master; not thread-safe.
 */
final class AgentEntry {
  final AgentId id;
  final String principal;
  AgentInfo info;
  ActorRef<LeaderProtocol.ToBridge> bridge;
  Resources used = Resources.EMPTY;
  Resources offered = Resources.EMPTY;
  long lastPongMillis;
  long pingSeq = 0;

  AgentEntry(AgentId id, String principal, AgentInfo info, ActorRef<LeaderProtocol.ToBridge> bridge, long now) {
    this.id = id;
    this.principal = principal;
    this.info = info;
    this.bridge = bridge;
    this.lastPongMillis = now;
  }

  Resources total() {
    return info.resources().total();
  }

  Resources free() {
    return total().minus(used).minus(offered);
  }

  /**
   * The allocator's full view; {@code used} sums what the given tasks (this agent's, live or not)
   * hold, per framework and role. Callers pass only this agent's tasks, so that a Sync of many agents
   * walks the task table once, not once per agent.
   */
  AllocatorProtocol.AgentView view(Iterable<TaskEntry> ownTasks) {
    java.util.Map<String, AllocatorProtocol.Used> used = new java.util.LinkedHashMap<>();
    for (TaskEntry t : ownTasks) {
      if (id.equals(t.agentId) && !t.state.isTerminal()) {
        used.merge(t.frameworkId.value() + "|" + t.role, new AllocatorProtocol.Used(t.frameworkId, t.role, t.resources),
            (a, b) -> new AllocatorProtocol.Used(a.frameworkId(), a.role(), a.resources().plus(b.resources())));
      }
    }
    return new AllocatorProtocol.AgentView(id, info.hostname(), info.resources(), info.attributes(), bridge != null,
        java.util.List.copyOf(used.values()));
  }

  /** The view for {@code AgentUpdated}, which reads only connectivity and attributes. */
  AllocatorProtocol.AgentView connectivityView() {
    return view(java.util.List.of());
  }

  void send(io.citadel.runtime.protocol.GatewayProtocol.ClientMessage message) {
    if (bridge != null) {
      bridge.tell(new LeaderProtocol.Deliver(message));
    }
  }
}
