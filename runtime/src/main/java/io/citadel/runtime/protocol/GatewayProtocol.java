package io.citadel.runtime.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
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

  // These interfaces are also record fields (the bridge's ClientCall and the leader's Deliver cross
  // between masters), so Jackson needs a type id. Names from this closed list only: class-name ids
  // are never enabled (DESIGN §3), and an unknown name is refused.
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "@type")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = Heartbeat.class, name = "Heartbeat"),
    @JsonSubTypes.Type(value = CloseSession.class, name = "CloseSession"),
    @JsonSubTypes.Type(value = FrameworkProtocol.Subscribe.class, name = "framework.Subscribe"),
    @JsonSubTypes.Type(value = FrameworkProtocol.Accept.class, name = "framework.Accept"),
    @JsonSubTypes.Type(value = FrameworkProtocol.Decline.class, name = "framework.Decline"),
    @JsonSubTypes.Type(value = FrameworkProtocol.Kill.class, name = "framework.Kill"),
    @JsonSubTypes.Type(value = FrameworkProtocol.Acknowledge.class, name = "framework.Acknowledge"),
    @JsonSubTypes.Type(value = FrameworkProtocol.Revive.class, name = "framework.Revive"),
    @JsonSubTypes.Type(value = FrameworkProtocol.Suppress.class, name = "framework.Suppress"),
    @JsonSubTypes.Type(value = FrameworkProtocol.Reconcile.class, name = "framework.Reconcile"),
    @JsonSubTypes.Type(value = FrameworkProtocol.Teardown.class, name = "framework.Teardown"),
    @JsonSubTypes.Type(value = FrameworkProtocol.Request.class, name = "framework.Request"),
    @JsonSubTypes.Type(value = AgentProtocol.RegisterAgent.class, name = "agent.RegisterAgent"),
    @JsonSubTypes.Type(value = AgentProtocol.StatusUpdate.class, name = "agent.StatusUpdate"),
    @JsonSubTypes.Type(value = AgentProtocol.Pong.class, name = "agent.Pong")
  })
  /** Messages a session accepts from its client. */
  public sealed interface SessionCommand extends CitadelSerializable
      permits Heartbeat, CloseSession, FrameworkProtocol.Call, AgentProtocol.Call {}

  /** Renews the session's lease; answered with {@link HeartbeatAck}. */
  public record Heartbeat(long seq) implements SessionCommand {}

  /** Ends the session at once (a clean client exit). */
  public record CloseSession() implements SessionCommand {}

  // These interfaces are also record fields (the bridge's ClientCall and the leader's Deliver cross
  // between masters), so Jackson needs a type id. Names from this closed list only: class-name ids
  // are never enabled (DESIGN §3), and an unknown name is refused.
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "@type")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = SessionOpened.class, name = "SessionOpened"),
    @JsonSubTypes.Type(value = AuthenticationRefused.class, name = "AuthenticationRefused"),
    @JsonSubTypes.Type(value = HeartbeatAck.class, name = "HeartbeatAck"),
    @JsonSubTypes.Type(value = SessionClosed.class, name = "SessionClosed"),
    @JsonSubTypes.Type(value = FrameworkProtocol.Subscribed.class, name = "framework.Subscribed"),
    @JsonSubTypes.Type(value = FrameworkProtocol.Offers.class, name = "framework.Offers"),
    @JsonSubTypes.Type(value = FrameworkProtocol.Rescinded.class, name = "framework.Rescinded"),
    @JsonSubTypes.Type(value = FrameworkProtocol.Update.class, name = "framework.Update"),
    @JsonSubTypes.Type(value = FrameworkProtocol.Error.class, name = "framework.Error"),
    @JsonSubTypes.Type(value = AgentProtocol.AgentRegistered.class, name = "agent.AgentRegistered"),
    @JsonSubTypes.Type(value = AgentProtocol.RegistrationRefused.class, name = "agent.RegistrationRefused"),
    @JsonSubTypes.Type(value = AgentProtocol.RunTask.class, name = "agent.RunTask"),
    @JsonSubTypes.Type(value = AgentProtocol.KillTask.class, name = "agent.KillTask"),
    @JsonSubTypes.Type(value = AgentProtocol.AcknowledgeUpdate.class, name = "agent.AcknowledgeUpdate"),
    @JsonSubTypes.Type(value = AgentProtocol.Ping.class, name = "agent.Ping")
  })
  /** Everything a client can receive. */
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
