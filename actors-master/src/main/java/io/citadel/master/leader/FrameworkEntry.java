package io.citadel.master.leader;

import io.citadel.master.allocator.AllocatorProtocol;
import io.citadel.runtime.model.FrameworkId;
import io.citadel.runtime.protocol.FrameworkProtocol.FrameworkInfo;
import io.citadel.runtime.protocol.GatewayProtocol.ClientMessage;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The leading master's view of one subscribed framework. {@code bridge} is null while the framework
 * is disconnected (its failover timeout is running). Owned by the leading master; not thread-safe.
 */
final class FrameworkEntry {
  final FrameworkId id;
  final String principal;
  FrameworkInfo info;
  ActorRef<LeaderProtocol.ToBridge> bridge;
  long disconnectedAtMillis = -1;
  final Set<String> suppressedRoles = new LinkedHashSet<>();

  FrameworkEntry(FrameworkId id, String principal, FrameworkInfo info, ActorRef<LeaderProtocol.ToBridge> bridge) {
    this.id = id;
    this.principal = principal;
    this.info = info;
    this.bridge = bridge;
  }

  boolean connected() {
    return bridge != null;
  }

  void send(ClientMessage message) {
    if (bridge != null) {
      bridge.tell(new LeaderProtocol.Deliver(message));
    }
  }

  AllocatorProtocol.FrameworkView view() {
    return new AllocatorProtocol.FrameworkView(id, info.roles(), List.copyOf(suppressedRoles), connected());
  }
}
