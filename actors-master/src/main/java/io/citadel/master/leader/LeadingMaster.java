package io.citadel.master.leader;

import io.citadel.master.allocator.AllocatorProtocol;
import io.citadel.master.gateway.IdentitySeal;
import io.citadel.master.registry.RegistryActor;
import io.citadel.master.registry.RegistryActor.Table;
import java.time.Clock;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The leading master cluster singleton: owner of frameworks, agents, offers and tasks.
 *
 * <p>Phases: {@code recovering} raises the leader epoch in the replicated registry (majority write)
 * and reads the admitted agents and frameworks (majority read), stashing everything else; then
 * {@link LeaderState} serves. A new leader makes no offer on an agent until that agent has
 * re-registered and reported its tasks. Every command it sends carries its epoch.
 */
public final class LeadingMaster {
  private LeadingMaster() {}

  /** Internal messages (local only). */
  record Recovered(long epoch, Map<String, String> frameworks, Map<String, String> agents) implements LeaderProtocol.Command {}

  record RecoveryFailed(String reason) implements LeaderProtocol.Command {}

  record Retry() implements LeaderProtocol.Command {}

  record PingTick() implements LeaderProtocol.Command {}

  record RegistryDone(RegistryActor.Result result, Runnable then, Runnable otherwise) implements LeaderProtocol.Command {}

  record BridgeGone(ActorRef<LeaderProtocol.ToBridge> bridge) implements LeaderProtocol.Command {}

  record FrameworkFailoverExpired(io.citadel.runtime.model.FrameworkId frameworkId, long disconnectedAtMillis)
      implements LeaderProtocol.Command {}

  /** What the leader needs from its master node. */
  public record Dependencies(ActorRef<RegistryActor.Command> registry, ActorRef<AllocatorProtocol.Command> allocator,
      IdentitySeal seal, LeaderSettings settings, Clock clock, LeaderMetrics metrics,
      io.citadel.security.authz.AuthorizationService authorization) {}

  public static Behavior<LeaderProtocol.Command> create(Dependencies deps) {
    return Behaviors.withStash(100_000, stash -> Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      startRecovery(ctx, deps);
      return recovering(ctx, stash, timers, deps);
    })));
  }

  private static void startRecovery(ActorContext<LeaderProtocol.Command> ctx, Dependencies deps) {
    ctx.ask(RegistryActor.Result.class, deps.registry(), deps.settings().registryTimeout().multipliedBy(2),
        r -> new RegistryActor.BumpEpoch("leader", r),
        (epoch, err) -> {
          if (epoch instanceof RegistryActor.Epoch e) {
            return new Recovered(e.value(), null, null);
          }
          return new RecoveryFailed("epoch: " + (err != null ? err.getMessage() : epoch));
        });
  }

  private static Behavior<LeaderProtocol.Command> recovering(ActorContext<LeaderProtocol.Command> ctx,
      StashBuffer<LeaderProtocol.Command> stash, TimerScheduler<LeaderProtocol.Command> timers, Dependencies deps) {
    return Behaviors.receive(LeaderProtocol.Command.class)
        .onMessage(Recovered.class, m -> onRecoveryStep(ctx, stash, timers, deps, m))
        .onMessage(RecoveryFailed.class, m -> {
          ctx.getLog().warn("Leader recovery failed, retrying in 1s: {}", m.reason());
          timers.startSingleTimer(new Retry(), java.time.Duration.ofSeconds(1));
          return Behaviors.same();
        })
        .onMessage(Retry.class, m -> {
          startRecovery(ctx, deps);
          return Behaviors.same();
        })
        .onAnyMessage(m -> {
          if (!stash.isFull()) {
            stash.stash(m);
          }
          return Behaviors.same();
        })
        .build();
  }

  private static Behavior<LeaderProtocol.Command> onRecoveryStep(ActorContext<LeaderProtocol.Command> ctx,
      StashBuffer<LeaderProtocol.Command> stash, TimerScheduler<LeaderProtocol.Command> timers, Dependencies deps, Recovered m) {
    if (m.frameworks() == null) {
      readTable(ctx, deps, Table.FRAMEWORKS, fw -> new Recovered(m.epoch(), fw, null));
      return Behaviors.same();
    }
    if (m.agents() == null) {
      readTable(ctx, deps, Table.AGENTS, ag -> new Recovered(m.epoch(), m.frameworks(), ag));
      return Behaviors.same();
    }
    ctx.getLog().info("Leading master active with epoch [{}]; registry holds [{}] frameworks and [{}] agents",
        m.epoch(), m.frameworks().size(), m.agents().size());
    deps.metrics().leaderEpoch(m.epoch());
    LeaderState state = new LeaderState(ctx, timers, deps, m.epoch(), m.frameworks(), m.agents());
    return stash.unstashAll(state.behavior());
  }

  private static void readTable(ActorContext<LeaderProtocol.Command> ctx, Dependencies deps, Table table,
      java.util.function.Function<Map<String, String>, LeaderProtocol.Command> next) {
    ctx.ask(RegistryActor.Result.class, deps.registry(), deps.settings().registryTimeout().multipliedBy(2),
        r -> new RegistryActor.ReadAll(table, r),
        (res, err) -> res instanceof RegistryActor.Entries e
            ? next.apply(e.entries())
            : new RecoveryFailed(table + ": " + (err != null ? err.getMessage() : res)));
  }
}
