package io.citadel.master.allocator;

import io.citadel.master.allocator.AllocatorProtocol.Command;
import io.citadel.master.allocator.drf.AllocationResult;
import io.citadel.master.allocator.drf.DrfAllocator;
import io.citadel.master.allocator.drf.DrfSettings;
import io.citadel.master.registry.RegistryActor;
import java.time.Clock;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The allocator cluster singleton. It raises its epoch in the registry, asks the leader for the full
 * state, then keeps a {@link DrfAllocator} up to date from the leader's events and runs a round every
 * allocation interval and right after each change that can free resources or add demand, sending the
 * {@link AllocatorProtocol.Decisions} to the leading master (through its singleton proxy).
 *
 * <p>Phases: {@code starting} (epoch) → {@code waitingForSync} → {@code running}. A Sync from a newer
 * leader replaces the whole allocator (a new leader rebuilds from agents' re-registrations).
 */
public final class AllocatorActor {
  private AllocatorActor() {}

  private record EpochResult(RegistryActor.Result result) implements Command {}

  private record Tick() implements Command {}

  public static Behavior<Command> create(ActorRef<RegistryActor.Command> registry, ActorRef<AllocatorProtocol.LeaderBound> leader,
      DrfSettings settings, Clock clock) {
    return Behaviors.withStash(10_000, stash -> Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      registry.tell(new RegistryActor.BumpEpoch("allocator", ctx.messageAdapter(RegistryActor.Result.class, EpochResult::new)));
      return starting(ctx, stash, timers, registry, leader, settings, clock);
    })));
  }

  private static Behavior<Command> starting(ActorContext<Command> ctx, StashBuffer<Command> stash, TimerScheduler<Command> timers,
      ActorRef<RegistryActor.Command> registry, ActorRef<AllocatorProtocol.LeaderBound> leader, DrfSettings settings, Clock clock) {
    return Behaviors.receive(Command.class)
        .onMessage(EpochResult.class, m -> {
          if (m.result() instanceof RegistryActor.Epoch e) {
            ctx.getLog().info("Allocator active with epoch [{}]", e.value());
            leader.tell(new AllocatorProtocol.RequestSync(e.value(), ctx.getSelf()));
            timers.startTimerWithFixedDelay("tick", new Tick(), settings.allocationInterval());
            return stash.unstashAll(new Running(ctx, leader, settings, clock, e.value()).behavior());
          }
          ctx.getLog().warn("Allocator could not raise its epoch, retrying: {}", m.result());
          registry.tell(new RegistryActor.BumpEpoch("allocator", ctx.messageAdapter(RegistryActor.Result.class, EpochResult::new)));
          return Behaviors.same();
        })
        .onAnyMessage(m -> {
          stash.stash(m);
          return Behaviors.same();
        })
        .build();
  }

  /** The running allocator; owned by the actor, not thread-safe. */
  private static final class Running {
    private final ActorContext<Command> ctx;
    private final ActorRef<AllocatorProtocol.LeaderBound> leader;
    private final DrfSettings settings;
    private final Clock clock;
    private final long epoch;
    private long leaderEpoch = 0;
    private DrfMirror mirror;
    /** Unsatisfiable demands already reported, so each is reported once and not every round. */
    private final java.util.Set<String> reported = new java.util.HashSet<>();

    Running(ActorContext<Command> ctx, ActorRef<AllocatorProtocol.LeaderBound> leader, DrfSettings settings, Clock clock, long epoch) {
      this.ctx = ctx;
      this.leader = leader;
      this.settings = settings;
      this.clock = clock;
      this.epoch = epoch;
    }

    Behavior<Command> behavior() {
      return Behaviors.receive(Command.class)
          .onMessage(AllocatorProtocol.Sync.class, this::onSync)
          .onMessage(AllocatorProtocol.AgentAdded.class, m -> apply(m.leaderEpoch(), () -> mirror.agent(m.agent()), true))
          .onMessage(AllocatorProtocol.AgentUpdated.class, m -> apply(m.leaderEpoch(), () -> mirror.agentUpdated(m.agent()), true))
          .onMessage(AllocatorProtocol.AgentGone.class, m -> apply(m.leaderEpoch(), () -> drf().removeAgent(m.agentId()), false))
          .onMessage(AllocatorProtocol.FrameworkChanged.class, m -> apply(m.leaderEpoch(), () -> mirror.framework(m.framework()), true))
          .onMessage(AllocatorProtocol.FrameworkGone.class, m -> apply(m.leaderEpoch(), () -> drf().removeFramework(m.frameworkId()), true))
          .onMessage(AllocatorProtocol.OfferUsed.class, this::onOfferUsed)
          .onMessage(AllocatorProtocol.OfferDeclined.class,
              m -> apply(m.leaderEpoch(), () -> drf().decline(m.offerId(), m.refuseSeconds(), clock.millis()), true))
          .onMessage(AllocatorProtocol.OfferWithdrawn.class, this::onWithdrawn)
          .onMessage(AllocatorProtocol.ResourcesRecovered.class, this::onRecovered)
          .onMessage(AllocatorProtocol.Revive.class,
              m -> apply(m.leaderEpoch(), () -> drf().revive(m.frameworkId(), new java.util.HashSet<>(m.roles())), true))
          .onMessage(AllocatorProtocol.AddDemand.class, this::onAddDemand)
          .onMessage(AllocatorProtocol.RemoveDemand.class, m -> apply(m.leaderEpoch(), () -> {
            drf().removeDemand(m.frameworkId(), m.name());
            reported.remove(m.frameworkId().value() + "|" + m.name());
          }, false))
          .onMessage(Tick.class, m -> allocate())
          .onMessage(EpochResult.class, m -> Behaviors.same())
          .build();
    }

    private DrfAllocator drf() {
      return mirror.allocator();
    }

    private Behavior<Command> onSync(AllocatorProtocol.Sync m) {
      if (m.leaderEpoch() < leaderEpoch) {
        ctx.getLog().warn("Ignoring Sync from stale leader epoch [{}] (current [{}])", m.leaderEpoch(), leaderEpoch);
        return Behaviors.same();
      }
      leaderEpoch = m.leaderEpoch();
      mirror = new DrfMirror(new DrfAllocator(settings, epoch));
      reported.clear();
      m.frameworks().forEach(f -> safely("sync framework " + f.frameworkId(), () -> mirror.framework(f)));
      m.agents().forEach(a -> safely("sync agent " + a.agentId(), () -> mirror.agent(a)));
      ctx.getLog().info("Allocator synced with leader epoch [{}]: [{}] agents, [{}] frameworks",
          leaderEpoch, m.agents().size(), m.frameworks().size());
      return allocate();
    }

    private Behavior<Command> onOfferUsed(AllocatorProtocol.OfferUsed m) {
      return apply(m.leaderEpoch(), () -> {
        var offer = drf().findOffer(m.offerId()).orElseThrow(() -> new java.util.NoSuchElementException(
            "offer " + m.offerId() + " is not outstanding"));
        drf().accept(m.offerId(), DrfMirror.split(offer.resources(), offer.role(), m.used()), List.of(), m.refuseSeconds(),
            clock.millis());
      }, true);
    }

    private Behavior<Command> onAddDemand(AllocatorProtocol.AddDemand m) {
      return apply(m.leaderEpoch(), () -> drf().addDemand(new io.citadel.master.allocator.drf.Demand(m.frameworkId(), m.name(),
          m.resources())), true);
    }

    /** An offer the allocator itself already rescinded (e.g. its framework went inactive) is no news. */
    private Behavior<Command> onWithdrawn(AllocatorProtocol.OfferWithdrawn m) {
      return apply(m.leaderEpoch(), () -> {
        if (drf().findOffer(m.offerId()).isPresent()) {
          drf().recoverOffer(m.offerId());
        } else {
          ctx.getLog().debug("Offer [{}] withdrawn by the leader was already taken back", m.offerId());
        }
      }, true);
    }

    private Behavior<Command> onRecovered(AllocatorProtocol.ResourcesRecovered m) {
      return apply(m.leaderEpoch(), () -> mirror.recover(m.frameworkId(), m.agentId(), m.role(), m.resources()), true);
    }

    /** Applies a change from the current leader; a bad one is logged and changes nothing (never a crash). */
    private Behavior<Command> apply(long fromEpoch, Runnable change, boolean thenAllocate) {
      if (mirror == null || fromEpoch < leaderEpoch) {
        ctx.getLog().warn("Ignoring allocator update from leader epoch [{}] (current [{}], synced [{}])",
            fromEpoch, leaderEpoch, mirror != null);
        return Behaviors.same();
      }
      safely("update", change);
      return thenAllocate ? allocate() : Behaviors.same();
    }

    private void safely(String what, Runnable change) {
      try {
        change.run();
      } catch (RuntimeException e) {
        ctx.getLog().warn("Allocator refused {}: {}", what, e.getMessage());
      }
    }

    private Behavior<Command> allocate() {
      if (mirror == null) {
        return Behaviors.same();
      }
      AllocationResult r = drf().allocate(clock.millis());
      var fresh = r.unsatisfiable().stream()
          .filter(u -> reported.add(u.demand().frameworkId().value() + "|" + u.demand().name())).toList();
      if (r.offers().isEmpty() && r.rescinds().isEmpty() && fresh.isEmpty()) {
        return Behaviors.same();
      }
      leader.tell(new AllocatorProtocol.Decisions(epoch,
          r.offers().stream().map(o -> new AllocatorProtocol.OfferDecision(o.id(), o.frameworkId(), o.agentId(), o.role(),
              DrfMirror.flat(o))).toList(),
          r.rescinds().stream().map(x -> x.offer().id()).toList(),
          fresh.stream().map(u -> new AllocatorProtocol.Unsatisfiable(u.demand().frameworkId(), u.demand().name(),
              u.reason())).toList()));
      return Behaviors.same();
    }
  }
}
