package io.citadel.runtime.sdk;

import io.citadel.runtime.client.MasterConnection;
import io.citadel.runtime.model.FrameworkId;
import io.citadel.runtime.protocol.FrameworkProtocol;
import io.citadel.runtime.protocol.FrameworkProtocol.FrameworkInfo;
import io.citadel.runtime.protocol.GatewayProtocol.ClientMessage;
import io.citadel.runtime.protocol.GatewayProtocol.SessionCommand;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The actor behind {@link FrameworkDriver}: subscribes whenever a session opens or the leader changes,
 * dispatches master events to the {@link Scheduler} one at a time, and acknowledges each status update
 * after the scheduler has seen it.
 */
final class DriverActor {
  private DriverActor() {}

  interface Command {}

  record FromConnection(MasterConnection.Event event) implements Command {}

  record Call(SessionCommand call) implements Command {}

  record Stop() implements Command {}

  private record Stopped() implements Command {}

  static Behavior<Command> create(ActorContext<Command> ctx, ActorRef<MasterConnection.Command> connection, FrameworkInfo info,
      AtomicReference<FrameworkId> id, Scheduler scheduler, Supplier<FrameworkDriver> driver) {
    ctx.watchWith(connection, new Stopped());
    return Behaviors.receive(Command.class)
        .onMessage(FromConnection.class, m -> onEvent(ctx, connection, info, id, scheduler, driver, m.event()))
        .onMessage(Call.class, m -> {
          connection.tell(new MasterConnection.Send(m.call()));
          return Behaviors.same();
        })
        .onMessage(Stop.class, m -> {
          connection.tell(new MasterConnection.Stop());
          return Behaviors.same();
        })
        .onMessage(Stopped.class, m -> {
          ctx.getSystem().terminate();
          return Behaviors.stopped();
        })
        .build();
  }

  private static Behavior<Command> onEvent(ActorContext<Command> ctx, ActorRef<MasterConnection.Command> connection,
      FrameworkInfo info, AtomicReference<FrameworkId> id, Scheduler scheduler, Supplier<FrameworkDriver> driver,
      MasterConnection.Event event) {
    if (event instanceof MasterConnection.Connected || event instanceof MasterConnection.ReregistrationNeeded) {
      connection.tell(new MasterConnection.Send(new FrameworkProtocol.Subscribe(info, id.get())));
    } else if (event instanceof MasterConnection.Disconnected d) {
      safely(ctx, () -> scheduler.disconnected(driver.get(), d.reason()));
    } else if (event instanceof MasterConnection.Received r) {
      dispatch(ctx, id, scheduler, driver.get(), r.message());
    } else if (event instanceof MasterConnection.NotDelivered n) {
      ctx.getLog().debug("Call [{}] not delivered: no session", n.call().getClass().getSimpleName());
    }
    return Behaviors.same();
  }

  private static void dispatch(ActorContext<Command> ctx, AtomicReference<FrameworkId> id, Scheduler scheduler,
      FrameworkDriver driver, ClientMessage msg) {
    if (msg instanceof FrameworkProtocol.Subscribed s) {
      id.set(s.frameworkId());
      safely(ctx, () -> scheduler.registered(driver, s.frameworkId(), s.masterEpoch()));
    } else if (msg instanceof FrameworkProtocol.Offers o) {
      safely(ctx, () -> scheduler.resourceOffers(driver, o.offers()));
    } else if (msg instanceof FrameworkProtocol.Rescinded r) {
      safely(ctx, () -> scheduler.offerRescinded(driver, r.offerId(), r.reason()));
    } else if (msg instanceof FrameworkProtocol.Update u) {
      safely(ctx, () -> scheduler.statusUpdate(driver, u.status()));
      driver.acknowledge(u.status());
    } else if (msg instanceof FrameworkProtocol.Error e) {
      safely(ctx, () -> scheduler.error(driver, e.code(), e.message()));
    }
  }

  /** A scheduler that throws must not take the driver down; the exception is logged. */
  private static void safely(ActorContext<Command> ctx, Runnable callback) {
    try {
      callback.run();
    } catch (RuntimeException e) {
      ctx.getLog().error("Scheduler callback threw", e);
    }
  }
}
