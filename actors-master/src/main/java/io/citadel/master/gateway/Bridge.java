package io.citadel.master.gateway;

import io.citadel.master.leader.LeaderProtocol;
import io.citadel.master.leader.LeaderProtocol.ClientIdentity;
import io.citadel.runtime.protocol.GatewayProtocol.SessionCommand;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * A session's representative in the cluster actor system. It forwards the session's calls to the
 * leading master with the identity sealed, puts <em>its own</em> reference as the reply address (a
 * gateway-system reference must never travel through the cluster system), and hands the leader's
 * messages back to the session. Bridge and session watch each other: either stopping ends both.
 */
final class Bridge extends AbstractBehavior<Bridge.Command> {

  interface Command {}

  /** A call from the session, with the request id the session assigned. In-JVM only. */
  record FromSession(String requestId, SessionCommand call) implements Command {}

  private record FromLeader(LeaderProtocol.ToBridge message) implements Command {}

  private record Renew() implements Command {}

  private final ActorContext<Command> context;
  private final ClientIdentity identity;
  private final ActorRef<Session.FromBridge> session;
  private final IdentitySeal seal;
  private final ActorRef<LeaderProtocol.Command> leader;
  private final ActorRef<LeaderProtocol.ToBridge> self;

  static Behavior<Command> create(ClientIdentity identity, ActorRef<Session.FromBridge> session, IdentitySeal seal,
      ActorRef<LeaderProtocol.Command> leader, Duration renewInterval) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new Bridge(ctx, timers, identity, session, seal, leader, renewInterval)));
  }

  private Bridge(ActorContext<Command> context, TimerScheduler<Command> timers, ClientIdentity identity,
      ActorRef<Session.FromBridge> session, IdentitySeal seal, ActorRef<LeaderProtocol.Command> leader, Duration renewInterval) {
    super(context);
    this.context = context;
    this.identity = identity;
    this.session = session;
    this.seal = seal;
    this.leader = leader;
    this.self = context.messageAdapter(LeaderProtocol.ToBridge.class, FromLeader::new);
    context.watch(session);
    timers.startTimerWithFixedDelay(new Renew(), renewInterval);
    context.getSelf().tell(new Renew());
  }

  /** The seal over the identity fields and the request id; the leader recomputes it. */
  static String sealOf(IdentitySeal seal, ClientIdentity id, String requestId) {
    return seal.seal(id.sealedFields(requestId));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(FromSession.class, this::onFromSession)
        .onMessage(FromLeader.class, this::onFromLeader)
        .onMessage(Renew.class, m -> onRenew())
        .onSignal(Terminated.class, t -> Behaviors.stopped())
        .build();
  }

  private Behavior<Command> onFromSession(FromSession m) {
    leader.tell(new LeaderProtocol.ClientCall(identity, m.requestId(), sealOf(seal, identity, m.requestId()), m.call(), self));
    return this;
  }

  private Behavior<Command> onFromLeader(FromLeader m) {
    session.tell(new Session.FromBridge(m.message()));
    return this;
  }

  private Behavior<Command> onRenew() {
    leader.tell(new LeaderProtocol.KeepAlive(identity, sealOf(seal, identity, ""), self));
    return this;
  }
}
