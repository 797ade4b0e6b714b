package io.citadel.master.leader;

import io.citadel.master.allocator.AllocatorProtocol;
import io.citadel.runtime.model.AgentId;
import io.citadel.runtime.model.Resources;
import io.citadel.runtime.protocol.AgentProtocol.AgentInfo;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The leading master's view of one registered agent: what it has, what its tasks use, what is out in
 * offers, and its liveness. {@code free = total - used - offered} is what the allocator may offer.
 * Owned by the leading master; not thread-safe.
 */
final class AgentEntry {
  final AgentId id;
  final String principal;
  AgentInfo info;
  ActorRef<LeaderProtocol.ToBridge> bridge;
  Resources used = Resources.EMPTY;
  Resources offered = Resources.EMPTY;
  long version = 1;
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

  AllocatorProtocol.AgentView view() {
    return new AllocatorProtocol.AgentView(id, info.hostname(), info.attributes(), free(), version, bridge != null);
  }

  void send(io.citadel.runtime.protocol.GatewayProtocol.ClientMessage message) {
    if (bridge != null) {
      bridge.tell(new LeaderProtocol.Deliver(message));
    }
  }
}
