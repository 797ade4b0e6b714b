package io.citadel.master.allocator;

import io.citadel.runtime.model.AgentId;
import io.citadel.runtime.model.Attributes;
import io.citadel.runtime.model.FrameworkId;
import io.citadel.runtime.model.Resources;
import io.citadel.runtime.serialization.CitadelSerializable;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Between the leading master and the allocator singleton. The leader owns the truth (agents, offers,
 * tasks) and streams the allocator what it needs to decide; the allocator answers with
 * {@link OfferDecision}s, which the leader re-validates against live state before making offers.
 * Both singletons carry epochs; the leader ignores decisions from an allocator epoch older than the
 * newest it has seen, and the allocator follows the newest leader epoch.
 */
public final class AllocatorProtocol {
  private AllocatorProtocol() {}

  public interface Command {}

  /**
   * The full state the allocator works on; sent by the leader when it (or the allocator) starts, and
   * whenever the allocator asks with {@link RequestSync}.
   */
  public record Sync(long leaderEpoch, List<AgentView> agents,
      List<FrameworkView> frameworks) implements Command, CitadelSerializable {}

  /** An agent's allocatable state; {@code version} increases with every change the leader makes. */
  public record AgentView(AgentId agentId, String hostname, Attributes attributes, Resources free,
      long version, boolean active) implements CitadelSerializable {}

  /** A framework's allocation-relevant state. */
  public record FrameworkView(FrameworkId frameworkId, List<String> roles, List<String> suppressedRoles,
      boolean active) implements CitadelSerializable {}

  public record AgentChanged(long leaderEpoch, AgentView agent) implements Command, CitadelSerializable {}

  public record AgentGone(long leaderEpoch, AgentId agentId) implements Command, CitadelSerializable {}

  public record FrameworkChanged(long leaderEpoch, FrameworkView framework) implements Command, CitadelSerializable {}

  public record FrameworkGone(long leaderEpoch, FrameworkId frameworkId) implements Command, CitadelSerializable {}

  /** Do not offer this agent to this framework until {@code untilMillis} (a decline's filter). */
  public record Filter(long leaderEpoch, FrameworkId frameworkId, AgentId agentId, long untilMillis)
      implements Command, CitadelSerializable {}

  /** Clear the framework's filters (revive). */
  public record ClearFilters(long leaderEpoch, FrameworkId frameworkId) implements Command, CitadelSerializable {}

  /** What the leader receives from the allocator. */
  public interface LeaderBound extends io.citadel.master.leader.LeaderProtocol.Command {}

  /** The allocator started (or restarted) and needs a {@link Sync}. */
  public record RequestSync(long allocatorEpoch, ActorRef<Command> allocator) implements LeaderBound, CitadelSerializable {}

  /** Offer {@code resources} of the agent at {@code agentVersion} to the framework for {@code role}. */
  public record OfferDecision(long allocatorEpoch, FrameworkId frameworkId, AgentId agentId, String role,
      Resources resources, long agentVersion) implements CitadelSerializable {}

  /** One allocation round's decisions. */
  public record Decisions(long allocatorEpoch, List<OfferDecision> offers) implements LeaderBound, CitadelSerializable {}
}
