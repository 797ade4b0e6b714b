package io.citadel.master.gateway;

import io.citadel.master.leader.LeaderProtocol.ClientIdentity;
import io.citadel.runtime.protocol.GatewayProtocol;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The one actor a remote client can select on a master ({@code /user/gateway}, the only trusted
 * selection path of the gateway system). It verifies Kerberos tokens on the blocking dispatcher and,
 * for each success, starts a {@link Session} with an unguessable name. Nothing else is accepted.
 */
public final class MasterGateway extends AbstractBehavior<Object> {
  /** The gateway actor's name under {@code /user}; clients select it by this name. */
  public static final String NAME = "gateway";

  private record Verified(GatewayProtocol.Authenticate request, TokenVerifier.Result result) {}

  private static final SecureRandom RANDOM = new SecureRandom();

  private final ActorContext<Object> context;
  private final GatewayContext gateway;
  private final Executor blocking;
  private int pending = 0;

  public static Behavior<Object> create(GatewayContext gateway) {
    return Behaviors.setup(ctx -> new MasterGateway(ctx, gateway));
  }

  private MasterGateway(ActorContext<Object> context, GatewayContext gateway) {
    super(context);
    this.context = context;
    this.gateway = gateway;
    this.blocking = context.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
  }

  @Override
  public Receive<Object> createReceive() {
    return newReceiveBuilder()
        .onMessage(GatewayProtocol.Authenticate.class, this::onAuthenticate)
        .onMessage(Verified.class, this::onVerified)
        .onAnyMessage(this::onUnexpected)
        .build();
  }

  private Behavior<Object> onAuthenticate(GatewayProtocol.Authenticate m) {
    if (pending >= gateway.settings().maxPendingAuthentications()) {
      gateway.metrics().refusedAuthentication();
      context.getLog().warn("Refusing authentication from [{}]: [{}] authentications already in flight",
          m.replyTo().path().address(), pending);
      m.replyTo().tell(new GatewayProtocol.AuthenticationRefused("gateway busy, retry later"));
      return this;
    }
    if (m.token().length == 0 || m.token().length > 64 * 1024) {
      gateway.metrics().refusedAuthentication();
      m.replyTo().tell(new GatewayProtocol.AuthenticationRefused("token size " + m.token().length + " out of bounds"));
      return this;
    }
    pending++;
    context.pipeToSelf(CompletableFuture.supplyAsync(() -> gateway.verifier().verify(m.token()), blocking),
        (result, error) -> new Verified(m, error == null ? result : new TokenVerifier.Refused("verifier failed: " + error)));
    return this;
  }

  private Behavior<Object> onVerified(Verified v) {
    pending--;
    var request = v.request();
    if (v.result() instanceof TokenVerifier.Refused refused) {
      gateway.metrics().refusedAuthentication();
      context.getLog().warn("Refused authentication of a [{}] client from [{}]: {}",
          request.kind(), request.replyTo().path().address(), refused.reason());
      request.replyTo().tell(new GatewayProtocol.AuthenticationRefused(refused.reason()));
      return this;
    }
    String principal = ((TokenVerifier.Verified) v.result()).principal();
    byte[] id = new byte[16];
    RANDOM.nextBytes(id);
    String sessionId = HexFormat.of().formatHex(id);
    var identity = new ClientIdentity(sessionId, request.kind(), principal, gateway.gatewayName());
    context.spawn(Session.create(identity, request.replyTo(), gateway), "s-" + sessionId);
    gateway.metrics().authenticated();
    context.getLog().info("Authenticated [{}] as a [{}] client from [{}]", principal, request.kind(),
        request.replyTo().path().address());
    return this;
  }

  private Behavior<Object> onUnexpected(Object m) {
    gateway.metrics().refusedCall();
    context.getLog().warn("Ignoring [{}] sent to the gateway because it accepts only Authenticate",
        m.getClass().getName());
    return this;
  }
}
