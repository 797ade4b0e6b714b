package io.citadel.master.leader;

import io.citadel.runtime.protocol.GatewayProtocol.ClientKind;
import io.citadel.runtime.protocol.GatewayProtocol.ClientMessage;
import io.citadel.runtime.protocol.GatewayProtocol.SessionCommand;
import io.citadel.runtime.serialization.CitadelSerializable;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Messages between the masters' bridges and the leading master singleton. These cross between masters
 * over the cluster port only (master certificates); the identity in them is sealed by
 * {@link io.citadel.master.gateway.IdentitySeal}, and the leader checks the seal before acting.
 */
public final class LeaderProtocol {
  private LeaderProtocol() {}

  /** Who is calling, as the session that authenticated the client stamped it. */
  public record ClientIdentity(String sessionId, ClientKind kind, String principal, String gateway) {
    /** The fields an identity seal covers, in their fixed order, with the request id (empty for keep-alives). */
    public String[] sealedFields(String requestId) {
      return new String[] {sessionId, kind.name(), principal, gateway, requestId};
    }
  }

  /** What the leading master accepts from other actors (internal messages are private to it). */
  public interface Command {}

  /** A client's call, forwarded by its bridge. */
  public record ClientCall(ClientIdentity identity, String requestId, String seal, SessionCommand call,
      ActorRef<ToBridge> bridge) implements Command, CitadelSerializable {}

  /** The bridge renews its session's standing with the leader and learns the leader's epoch. */
  public record KeepAlive(ClientIdentity identity, String seal, ActorRef<ToBridge> bridge)
      implements Command, CitadelSerializable {}

  /** What a bridge receives from the leader. */
  public sealed interface ToBridge extends CitadelSerializable permits Deliver, LeaderStatus {}

  /** Hand this message to the client. */
  public record Deliver(ClientMessage message) implements ToBridge {}

  /** The leader's epoch, and whether it knows the client behind this bridge. */
  public record LeaderStatus(long epoch, boolean registered) implements ToBridge {}
}
