package io.citadel.runtime.protocol;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.citadel.runtime.serialization.CitadelSerializable;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The boundary between a client (framework, agent, operator CLI) and a master's gateway.
 *
 * <p>Flow: the client sends {@link Authenticate} (a Kerberos GSS-API token) to
 * {@code /user/gateway}, the only path untrusted mode lets it select. On success it receives
 * {@link SessionOpened} with a reference to its own session actor, whose unguessable name is its
 * capability; every later call goes to that session, which stamps the authenticated principal.
 * The client keeps the session alive with {@link Heartbeat}s; an expired lease ends it.
 */
public final class GatewayProtocol {
  private GatewayProtocol() {}

  /** What kind of client opens a session; a session accepts only its kind's calls. */
  public enum ClientKind { FRAMEWORK, AGENT, OPERATOR }

  /** Messages the gateway accepts. */
  public sealed interface Command extends CitadelSerializable permits Authenticate {}

  /** Open a session: a single-leg GSS-API initial context token for the master's service principal. */
  public record Authenticate(ClientKind kind, byte[] token, ActorRef<ClientMessage> replyTo) implements Command {
    public Authenticate {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(token, "token");
      Objects.requireNonNull(replyTo, "replyTo");
    }
  }

  /** Messages a session accepts from its client. */
  // Jackson needs the concrete type when this interface is a record field (the bridge's ClientCall
  // and the leader's Deliver cross between masters); Id.CLASS is bounded by the sealed hierarchy,
  // since Jackson accepts only subtypes of the declared field type.
  @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, property = "@type")
  public sealed interface SessionCommand extends CitadelSerializable
      permits Heartbeat, CloseSession, FrameworkProtocol.Call, AgentProtocol.Call {}

  /** Renews the session's lease; answered with {@link HeartbeatAck}. */
  public record Heartbeat(long seq) implements SessionCommand {}

  /** Ends the session at once (a clean client exit). */
  public record CloseSession() implements SessionCommand {}

  /** Everything a client can receive. */
  // Jackson needs the concrete type when this interface is a record field (the bridge's ClientCall
  // and the leader's Deliver cross between masters); Id.CLASS is bounded by the sealed hierarchy,
  // since Jackson accepts only subtypes of the declared field type.
  @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, property = "@type")
  public sealed interface ClientMessage extends CitadelSerializable
      permits SessionOpened, AuthenticationRefused, HeartbeatAck, SessionClosed,
          FrameworkProtocol.Event, AgentProtocol.Command {}

  /** Authentication succeeded; {@code session} is the client's capability. */
  public record SessionOpened(String principal, ActorRef<SessionCommand> session,
      long heartbeatIntervalMillis, long leaseTimeoutMillis) implements ClientMessage {}

  /** Authentication failed; nothing was accepted. */
  public record AuthenticationRefused(String reason) implements ClientMessage {}

  /**
   * Lease renewed. {@code leaderEpoch} is the epoch of the leading master that answered (0 when no
   * leader answered in time); {@code registered} is false when that leader does not know this client,
   * which is how a client learns that it must re-register after a failover.
   */
  public record HeartbeatAck(long seq, long leaderEpoch, boolean registered) implements ClientMessage {}

  /** The session ended (lease expired, closed, or refused a call it must not take). */
  public record SessionClosed(String reason) implements ClientMessage {}
}
