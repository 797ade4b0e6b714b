package io.citadel.master.allocator;

import io.citadel.master.allocator.AllocatorProtocol.AgentView;
import io.citadel.master.allocator.AllocatorProtocol.FrameworkView;
import io.citadel.master.allocator.AllocatorProtocol.OfferDecision;
import io.citadel.master.registry.RegistryActor;
import io.citadel.runtime.model.AgentId;
import io.citadel.runtime.model.FrameworkId;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The allocator cluster singleton: keeps the leader's view of agents and frameworks, runs the
 * {@link OfferPolicy} every allocation interval and soon after each change, and sends the decisions
 * to the leading master (through its singleton proxy), which re-validates them.
 *
 * <p>Phases: {@code starting} (raise the allocator epoch in the registry) → {@code running}. It
 * follows the newest leader epoch and ignores updates from older ones (fencing).
 */
public final class AllocatorActor {
  private AllocatorActor() {}

  private record EpochResult(RegistryActor.Result result) implements AllocatorProtocol.Command {}

  private record Tick() implements AllocatorProtocol.Command {}

  public static Behavior<AllocatorProtocol.Command> create(ActorRef<RegistryActor.Command> registry,
      ActorRef<AllocatorProtocol.LeaderBound> leader, OfferPolicy policy, Duration interval, Clock clock) {
    return Behaviors.withStash(10_000, stash -> Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      registry.tell(new RegistryActor.BumpEpoch("allocator", ctx.messageAdapter(RegistryActor.Result.class, EpochResult::new)));
      return starting(ctx, stash, timers, registry, leader, policy, interval, clock);
    })));
  }

  private static Behavior<AllocatorProtocol.Command> starting(ActorContext<AllocatorProtocol.Command> ctx,
      StashBuffer<AllocatorProtocol.Command> stash, TimerScheduler<AllocatorProtocol.Command> timers,
      ActorRef<RegistryActor.Command> registry, ActorRef<AllocatorProtocol.LeaderBound> leader, OfferPolicy policy,
      Duration interval, Clock clock) {
    return Behaviors.receive(AllocatorProtocol.Command.class)
        .onMessage(EpochResult.class, m -> {
          if (m.result() instanceof RegistryActor.Epoch e) {
            ctx.getLog().info("Allocator active with epoch [{}]", e.value());
            var running = new Running(ctx, leader, policy, clock, e.value());
            leader.tell(new AllocatorProtocol.RequestSync(e.value(), ctx.getSelf()));
            timers.startTimerWithFixedDelay("tick", new Tick(), interval);
            return stash.unstashAll(running.behavior());
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

  /** The running allocator's state; owned by the actor, not thread-safe. */
  private static final class Running {
    private final ActorContext<AllocatorProtocol.Command> ctx;
    private final ActorRef<AllocatorProtocol.LeaderBound> leader;
    private final OfferPolicy policy;
    private final Clock clock;
    private final long epoch;
    private long leaderEpoch = 0;
    private final Map<AgentId, AgentView> agents = new LinkedHashMap<>();
    private final Map<FrameworkId, FrameworkView> frameworks = new LinkedHashMap<>();
    private final Map<String, OfferPolicy.Filter> filters = new HashMap<>();

    Running(ActorContext<AllocatorProtocol.Command> ctx, ActorRef<AllocatorProtocol.LeaderBound> leader, OfferPolicy policy,
        Clock clock, long epoch) {
      this.ctx = ctx;
      this.leader = leader;
      this.policy = policy;
      this.clock = clock;
      this.epoch = epoch;
    }

    Behavior<AllocatorProtocol.Command> behavior() {
      return Behaviors.receive(AllocatorProtocol.Command.class)
          .onMessage(AllocatorProtocol.Sync.class, this::onSync)
          .onMessage(AllocatorProtocol.AgentChanged.class, this::onAgentChanged)
          .onMessage(AllocatorProtocol.AgentGone.class, this::onAgentGone)
          .onMessage(AllocatorProtocol.FrameworkChanged.class, this::onFrameworkChanged)
          .onMessage(AllocatorProtocol.FrameworkGone.class, this::onFrameworkGone)
          .onMessage(AllocatorProtocol.Filter.class, this::onFilter)
          .onMessage(AllocatorProtocol.ClearFilters.class, this::onClearFilters)
          .onMessage(Tick.class, m -> allocate())
          .onMessage(EpochResult.class, m -> Behaviors.same())
          .build();
    }

    /** Accepts state from the newest leader only; a new leader epoch replaces everything. */
    private boolean current(long fromEpoch) {
      if (fromEpoch < leaderEpoch) {
        ctx.getLog().warn("Ignoring allocator update from stale leader epoch [{}] (current [{}])", fromEpoch, leaderEpoch);
        return false;
      }
      return true;
    }

    private Behavior<AllocatorProtocol.Command> onSync(AllocatorProtocol.Sync m) {
      if (!current(m.leaderEpoch())) {
        return Behaviors.same();
      }
      leaderEpoch = m.leaderEpoch();
      agents.clear();
      frameworks.clear();
      filters.clear();
      policy.reset();
      m.agents().forEach(a -> agents.put(a.agentId(), a));
      m.frameworks().forEach(f -> frameworks.put(f.frameworkId(), f));
      ctx.getLog().info("Allocator synced with leader epoch [{}]: [{}] agents, [{}] frameworks",
          leaderEpoch, agents.size(), frameworks.size());
      return allocate();
    }

    private Behavior<AllocatorProtocol.Command> onAgentChanged(AllocatorProtocol.AgentChanged m) {
      if (current(m.leaderEpoch())) {
        leaderEpoch = m.leaderEpoch();
        agents.put(m.agent().agentId(), m.agent());
        return allocate();
      }
      return Behaviors.same();
    }

    private Behavior<AllocatorProtocol.Command> onAgentGone(AllocatorProtocol.AgentGone m) {
      if (current(m.leaderEpoch())) {
        agents.remove(m.agentId());
        filters.values().removeIf(f -> f.agentId().equals(m.agentId()));
      }
      return Behaviors.same();
    }

    private Behavior<AllocatorProtocol.Command> onFrameworkChanged(AllocatorProtocol.FrameworkChanged m) {
      if (current(m.leaderEpoch())) {
        leaderEpoch = m.leaderEpoch();
        frameworks.put(m.framework().frameworkId(), m.framework());
        return allocate();
      }
      return Behaviors.same();
    }

    private Behavior<AllocatorProtocol.Command> onFrameworkGone(AllocatorProtocol.FrameworkGone m) {
      if (current(m.leaderEpoch())) {
        frameworks.remove(m.frameworkId());
        filters.values().removeIf(f -> f.frameworkId().equals(m.frameworkId()));
      }
      return Behaviors.same();
    }

    private Behavior<AllocatorProtocol.Command> onFilter(AllocatorProtocol.Filter m) {
      if (current(m.leaderEpoch())) {
        filters.put(m.frameworkId().value() + "|" + m.agentId().value(),
            new OfferPolicy.Filter(m.frameworkId(), m.agentId(), m.untilMillis()));
      }
      return Behaviors.same();
    }

    private Behavior<AllocatorProtocol.Command> onClearFilters(AllocatorProtocol.ClearFilters m) {
      if (current(m.leaderEpoch())) {
        filters.values().removeIf(f -> f.frameworkId().equals(m.frameworkId()));
        policy.reset();
        return allocate();
      }
      return Behaviors.same();
    }

    private Behavior<AllocatorProtocol.Command> allocate() {
      if (leaderEpoch == 0) {
        return Behaviors.same();
      }
      long now = clock.millis();
      filters.values().removeIf(f -> f.untilMillis() <= now);
      List<OfferDecision> decisions = policy.allocate(epoch, agents.values(), new ArrayList<>(frameworks.values()),
          filters.values(), now);
      if (!decisions.isEmpty()) {
        leader.tell(new AllocatorProtocol.Decisions(epoch, decisions));
      }
      return Behaviors.same();
    }
  }
}
