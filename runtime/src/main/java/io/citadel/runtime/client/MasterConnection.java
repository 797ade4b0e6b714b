package io.citadel.runtime.client;

import io.citadel.runtime.protocol.GatewayProtocol;
import io.citadel.runtime.protocol.GatewayProtocol.ClientKind;
import io.citadel.runtime.protocol.GatewayProtocol.ClientMessage;
import io.citadel.runtime.protocol.GatewayProtocol.SessionCommand;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * A client's link to the masters, shared by agents, frameworks and the CLI: it authenticates to one
 * master's gateway with Kerberos, keeps the session's lease alive with heartbeats, and when that
 * master stops answering it moves on to the next one in the list and authenticates again.
 *
 * <p>Its owner sees {@link Event}s: {@link Connected} (a new session, so re-register now),
 * {@link Disconnected}, every message the master sends ({@link Received}), and
 * {@link ReregistrationNeeded} when the leader that answered heartbeats does not know this client
 * (a new leader after a failover). Calls sent while disconnected are dropped and reported to the
 * owner as {@link NotDelivered}: retrying is the owner's policy (status updates are retried, offers
 * are not).
 */
public final class MasterConnection extends AbstractBehavior<MasterConnection.Command> {

  /** Messages to the connection. */
  public sealed interface Command permits Send, Stop, Connect, TokenReady, TokenFailed, FromMaster, HeartbeatTick, AuthTimeout {}

  /** Deliver a call to the current session. */
  public record Send(SessionCommand call) implements Command {}

  /** Close the session cleanly and stop. */
  public record Stop() implements Command {}

  private record Connect() implements Command {}

  private record TokenReady(int attempt, byte[] token) implements Command {}

  private record TokenFailed(int attempt, String reason) implements Command {}

  private record FromMaster(ClientMessage message) implements Command {}

  private record HeartbeatTick() implements Command {}

  private record AuthTimeout(int attempt) implements Command {}

  /** What the owner is told. */
  public sealed interface Event permits Connected, Disconnected, Received, ReregistrationNeeded, NotDelivered {}

  public record Connected(MasterAddress master, String principal) implements Event {}

  public record Disconnected(MasterAddress master, String reason) implements Event {}

  public record Received(ClientMessage message) implements Event {}

  public record ReregistrationNeeded(long leaderEpoch) implements Event {}

  public record NotDelivered(SessionCommand call) implements Event {}

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final ClientSettings settings;
  private final ClientKind kind;
  private final TokenSource tokens;
  private final ActorRef<Event> owner;
  private final ActorRef<ClientMessage> self;
  private final Executor blocking;

  private int masterIndex = 0;
  private int attempt = 0;
  private int failuresInARow = 0;
  private ActorRef<SessionCommand> session;
  private long heartbeatSeq = 0;
  private long lastAckNanos = 0;
  private long knownLeaderEpoch = -1;
  private boolean reregistrationRequested = false;
  private long reregistrationRequestedNanos = 0;

  public static Behavior<Command> create(ClientSettings settings, ClientKind kind, TokenSource tokens, ActorRef<Event> owner) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new MasterConnection(ctx, timers, settings, kind, tokens, owner)));
  }

  private MasterConnection(ActorContext<Command> context, TimerScheduler<Command> timers, ClientSettings settings,
      ClientKind kind, TokenSource tokens, ActorRef<Event> owner) {
    super(context);
    this.context = context;
    this.timers = timers;
    this.settings = settings;
    this.kind = kind;
    this.tokens = tokens;
    this.owner = owner;
    this.self = context.messageAdapter(ClientMessage.class, FromMaster::new);
    this.blocking = context.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
    context.getSelf().tell(new Connect());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Connect.class, m -> onConnect())
        .onMessage(TokenReady.class, this::onTokenReady)
        .onMessage(TokenFailed.class, this::onTokenFailed)
        .onMessage(AuthTimeout.class, this::onAuthTimeout)
        .onMessage(FromMaster.class, this::onFromMaster)
        .onMessage(HeartbeatTick.class, m -> onHeartbeatTick())
        .onMessage(Send.class, this::onSend)
        .onMessage(Stop.class, m -> onStop())
        .build();
  }

  private MasterAddress current() {
    return settings.masters().get(masterIndex % settings.masters().size());
  }

  private Behavior<Command> onConnect() {
    attempt++;
    int thisAttempt = attempt;
    MasterAddress master = current();
    String principal = master.servicePrincipal(settings.servicePrincipalPattern(), settings.realm());
    context.getLog().info("Authenticating to master [{}] as client of service principal [{}]", master, principal);
    context.pipeToSelf(CompletableFuture.supplyAsync(() -> {
      try {
        return tokens.tokenFor(principal);
      } catch (Exception e) {
        throw new java.util.concurrent.CompletionException(e);
      }
    }, blocking), (token, error) -> error == null
        ? new TokenReady(thisAttempt, token)
        : new TokenFailed(thisAttempt, rootMessage(error)));
    timers.startSingleTimer("auth-timeout", new AuthTimeout(thisAttempt), settings.authenticateTimeout());
    return this;
  }

  private Behavior<Command> onTokenReady(TokenReady m) {
    if (m.attempt() != attempt || session != null) {
      return this;
    }
    String path = current().gatewayPath(settings.clusterName());
    Adapter.toClassic(context.getSystem()).actorSelection(path)
        .tell(new GatewayProtocol.Authenticate(kind, m.token(), self), org.apache.pekko.actor.ActorRef.noSender());
    return this;
  }

  private Behavior<Command> onTokenFailed(TokenFailed m) {
    if (m.attempt() != attempt) {
      return this;
    }
    context.getLog().warn("Could not obtain a Kerberos ticket for master [{}]: {}", current(), m.reason());
    return nextMaster("authentication failed: " + m.reason());
  }

  private Behavior<Command> onAuthTimeout(AuthTimeout m) {
    if (m.attempt() != attempt || session != null) {
      return this;
    }
    context.getLog().warn("Master [{}] did not answer authentication within [{}]", current(), settings.authenticateTimeout());
    return nextMaster("no answer");
  }

  private Behavior<Command> nextMaster(String reason) {
    failuresInARow++;
    masterIndex++;
    long backoffMillis = Math.min(settings.maxReconnectBackoff().toMillis(), 100L * failuresInARow);
    timers.startSingleTimer("reconnect", new Connect(), Duration.ofMillis(backoffMillis));
    return this;
  }

  private Behavior<Command> onFromMaster(FromMaster m) {
    ClientMessage msg = m.message();
    if (msg instanceof GatewayProtocol.SessionOpened opened) {
      return onSessionOpened(opened);
    }
    if (msg instanceof GatewayProtocol.AuthenticationRefused refused) {
      context.getLog().warn("Master [{}] refused authentication: {}", current(), refused.reason());
      timers.cancel("auth-timeout");
      owner.tell(new Disconnected(current(), "authentication refused: " + refused.reason()));
      return nextMaster(refused.reason());
    }
    if (msg instanceof GatewayProtocol.HeartbeatAck ack) {
      return onHeartbeatAck(ack);
    }
    if (msg instanceof GatewayProtocol.SessionClosed closed) {
      return onSessionLost("session closed by master: " + closed.reason());
    }
    if (session != null) {
      owner.tell(new Received(msg));
    }
    return this;
  }

  private Behavior<Command> onSessionOpened(GatewayProtocol.SessionOpened opened) {
    if (session != null) {
      // A late answer to an earlier attempt: close that extra session rather than keep two.
      opened.session().tell(new GatewayProtocol.CloseSession());
      return this;
    }
    timers.cancel("auth-timeout");
    session = opened.session();
    failuresInARow = 0;
    lastAckNanos = System.nanoTime();
    knownLeaderEpoch = -1;
    reregistrationRequested = false;
    timers.startTimerWithFixedDelay("heartbeat", new HeartbeatTick(), settings.heartbeatInterval());
    context.getLog().info("Session opened with master [{}] as [{}]", current(), opened.principal());
    owner.tell(new Connected(current(), opened.principal()));
    return this;
  }

  private Behavior<Command> onHeartbeatAck(GatewayProtocol.HeartbeatAck ack) {
    if (session == null) {
      return this;
    }
    lastAckNanos = System.nanoTime();
    if (ack.leaderEpoch() > 0) {
      boolean newLeader = knownLeaderEpoch > 0 && ack.leaderEpoch() != knownLeaderEpoch;
      knownLeaderEpoch = ack.leaderEpoch();
      if (!ack.registered() || newLeader) {
        // Asked again every few seconds while unregistered, in case a registration was lost.
        if (!reregistrationRequested || System.nanoTime() - reregistrationRequestedNanos > 5_000_000_000L) {
          reregistrationRequested = true;
          reregistrationRequestedNanos = System.nanoTime();
          owner.tell(new ReregistrationNeeded(ack.leaderEpoch()));
        }
      } else {
        reregistrationRequested = false;
      }
    }
    return this;
  }

  private Behavior<Command> onHeartbeatTick() {
    if (session == null) {
      return this;
    }
    if (System.nanoTime() - lastAckNanos > settings.leaseTimeout().toNanos()) {
      return onSessionLost("no heartbeat acknowledgement within " + settings.leaseTimeout());
    }
    session.tell(new GatewayProtocol.Heartbeat(++heartbeatSeq));
    return this;
  }

  private Behavior<Command> onSessionLost(String reason) {
    MasterAddress lost = current();
    context.getLog().warn("Lost session with master [{}]: {}", lost, reason);
    session = null;
    timers.cancel("heartbeat");
    owner.tell(new Disconnected(lost, reason));
    return nextMaster(reason);
  }

  private Behavior<Command> onSend(Send m) {
    if (session == null) {
      owner.tell(new NotDelivered(m.call()));
    } else {
      session.tell(m.call());
    }
    return this;
  }

  private Behavior<Command> onStop() {
    if (session != null) {
      session.tell(new GatewayProtocol.CloseSession());
    }
    return Behaviors.stopped();
  }

  static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
  }
}
