package io.citadel.master.gateway;

import io.citadel.master.leader.LeaderProtocol;
import io.citadel.master.leader.LeaderProtocol.ClientIdentity;
import io.citadel.runtime.protocol.AgentProtocol;
import io.citadel.runtime.protocol.FrameworkProtocol;
import io.citadel.runtime.protocol.GatewayProtocol;
import io.citadel.runtime.protocol.GatewayProtocol.ClientKind;
import io.citadel.runtime.protocol.GatewayProtocol.ClientMessage;
import io.citadel.runtime.protocol.GatewayProtocol.SessionCommand;
import java.time.Duration;
import java.util.UUID;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * One authenticated client's session, in the gateway actor system. Its unguessable name is the
 * client's capability; every call through it is stamped here with the principal that the Kerberos
 * acceptor returned — never a name the client wrote (field case B28).
 *
 * <p>The session owns one {@link Bridge} in the cluster actor system, which talks to the leading
 * master; gateway-system references never travel through the cluster system (DESIGN §4). The
 * session keeps an application-level lease: without a heartbeat for {@code leaseTimeout} it ends,
 * and so does its bridge. It accepts only its client kind's calls; anything else, including a
 * master-internal message, is logged, counted and dropped.
 */
public final class Session extends AbstractBehavior<Object> {

  /** From the bridge: a message from the leader (in-JVM only, not a wire type). */
  record FromBridge(LeaderProtocol.ToBridge message) {}

  private record LeaseCheck() {}

  private final ActorContext<Object> context;
  private final ClientIdentity identity;
  private final ActorRef<ClientMessage> client;
  private final Duration leaseTimeout;
  private final GatewayMetrics metrics;
  private final ActorRef<Bridge.Command> bridge;
  private long lastHeartbeatNanos = System.nanoTime();
  private long leaderEpoch = 0;
  private boolean registered = false;

  static Behavior<Object> create(ClientIdentity identity, ActorRef<ClientMessage> client, GatewayContext gateway) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new Session(ctx, timers, identity, client, gateway)));
  }

  private Session(ActorContext<Object> context, TimerScheduler<Object> timers, ClientIdentity identity,
      ActorRef<ClientMessage> client, GatewayContext gateway) {
    super(context);
    this.context = context;
    this.identity = identity;
    this.client = client;
    this.leaseTimeout = gateway.settings().leaseTimeout();
    this.metrics = gateway.metrics();
    ActorSystem<?> cluster = gateway.clusterSystem();
    this.bridge = cluster.systemActorOf(
        Bridge.create(identity, context.getSelf().narrow(), gateway.seal(), gateway.leader(), gateway.settings().heartbeatInterval()),
        "bridge-" + identity.sessionId(), Props.empty());
    context.watch(bridge);
    timers.startTimerWithFixedDelay(new LeaseCheck(), gateway.settings().heartbeatInterval());
    client.tell(new GatewayProtocol.SessionOpened(identity.principal(), context.getSelf().narrow(),
        gateway.settings().heartbeatInterval().toMillis(), leaseTimeout.toMillis()));
  }

  @Override
  public Receive<Object> createReceive() {
    return newReceiveBuilder()
        .onMessage(GatewayProtocol.Heartbeat.class, this::onHeartbeat)
        .onMessage(GatewayProtocol.CloseSession.class, m -> onClose())
        .onMessage(FrameworkProtocol.Call.class, m -> onCall(ClientKind.FRAMEWORK, m))
        .onMessage(AgentProtocol.Call.class, m -> onCall(ClientKind.AGENT, m))
        .onMessage(FromBridge.class, this::onFromBridge)
        .onMessage(LeaseCheck.class, m -> onLeaseCheck())
        .onSignal(Terminated.class, this::onTerminated)
        .onAnyMessage(this::onUnexpected)
        .build();
  }

  private Behavior<Object> onHeartbeat(GatewayProtocol.Heartbeat m) {
    lastHeartbeatNanos = System.nanoTime();
    client.tell(new GatewayProtocol.HeartbeatAck(m.seq(), leaderEpoch, registered));
    return this;
  }

  private Behavior<Object> onCall(ClientKind expected, SessionCommand call) {
    if (identity.kind() != expected) {
      metrics.refusedCall();
      context.getLog().warn("Ignoring [{}] from [{}] because a {} session accepts no {} calls",
          call.getClass().getSimpleName(), identity.principal(), identity.kind(), expected);
      if (identity.kind() == ClientKind.FRAMEWORK) {
        client.tell(new FrameworkProtocol.Error("INVALID_CALL", "a framework session accepts framework calls only"));
      }
      return this;
    }
    lastHeartbeatNanos = System.nanoTime();
    bridge.tell(new Bridge.FromSession(UUID.randomUUID().toString(), call));
    return this;
  }

  private Behavior<Object> onFromBridge(FromBridge m) {
    if (m.message() instanceof LeaderProtocol.Deliver d) {
      client.tell(d.message());
    } else if (m.message() instanceof LeaderProtocol.LeaderStatus s) {
      leaderEpoch = s.epoch();
      registered = s.registered();
    }
    return this;
  }

  private Behavior<Object> onLeaseCheck() {
    if (System.nanoTime() - lastHeartbeatNanos > leaseTimeout.toNanos()) {
      context.getLog().info("Session [{}] of [{}] expired: no heartbeat within [{}]",
          identity.sessionId(), identity.principal(), leaseTimeout);
      client.tell(new GatewayProtocol.SessionClosed("lease expired"));
      return Behaviors.stopped();
    }
    return this;
  }

  private Behavior<Object> onClose() {
    context.getLog().info("Session [{}] of [{}] closed by the client", identity.sessionId(), identity.principal());
    return Behaviors.stopped();
  }

  private Behavior<Object> onTerminated(Terminated t) {
    context.getLog().info("Session [{}] of [{}] ends because its bridge stopped", identity.sessionId(), identity.principal());
    client.tell(new GatewayProtocol.SessionClosed("bridge stopped"));
    return Behaviors.stopped();
  }

  private Behavior<Object> onUnexpected(Object m) {
    metrics.refusedCall();
    context.getLog().warn("Ignoring [{}] sent to the session of [{}] because sessions accept only client calls",
        m.getClass().getName(), identity.principal());
    return this;
  }
}
