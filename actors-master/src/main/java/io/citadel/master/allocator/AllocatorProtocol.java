package io.citadel.master.allocator;

import io.citadel.runtime.model.AgentId;
import io.citadel.runtime.model.AgentResources;
import io.citadel.runtime.model.Attributes;
import io.citadel.runtime.model.FrameworkId;
import io.citadel.runtime.model.OfferId;
import io.citadel.runtime.model.Resources;
import io.citadel.runtime.serialization.CitadelSerializable;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Between the leading master and the allocator singleton. The leader owns the truth (agents, offers,
 * tasks) and tells the allocator every change as it happens; the allocator keeps a long-lived
 * {@link io.citadel.master.allocator.drf.DrfAllocator} and answers with {@link Decisions}, which the
 * leader re-validates against live state before it makes any offer.
 *
 * <p>Fencing: every message from the leader carries its epoch; the allocator follows the newest and
 * ignores older ones. Every decision carries the allocator's epoch; the leader ignores decisions from
 * an allocator older than the newest it has synced with, and withdraws the offers of a replaced one.
 */
public final class AllocatorProtocol {
  private AllocatorProtocol() {}

  /** What the allocator accepts. */
  public interface Command {}

  /** Resources in use on an agent by one framework for one role (its tasks). */
  public record Used(FrameworkId frameworkId, String role, Resources resources) implements CitadelSerializable {}

  /** An agent as the allocator sees it. {@code active}: connected and re-registered. */
  public record AgentView(AgentId agentId, String hostname, AgentResources total, Attributes attributes,
      boolean active, List<Used> used) implements CitadelSerializable {}

  /** A framework's allocation-relevant state. {@code active}: connected. */
  public record FrameworkView(FrameworkId frameworkId, List<String> roles, List<String> suppressedRoles,
      boolean active) implements CitadelSerializable {}

  /** The full state; sent by a new leader and whenever an allocator (re)starts and asks. */
  public record Sync(long leaderEpoch, List<FrameworkView> frameworks, List<AgentView> agents)
      implements Command, CitadelSerializable {}

  public record AgentAdded(long leaderEpoch, AgentView agent) implements Command, CitadelSerializable {}

  /** Connectivity changed (only {@code active} and the attributes are read). */
  public record AgentUpdated(long leaderEpoch, AgentView agent) implements Command, CitadelSerializable {}

  public record AgentGone(long leaderEpoch, AgentId agentId) implements Command, CitadelSerializable {}

  /** A framework subscribed, reconnected, disconnected, or changed its suppressed roles. */
  public record FrameworkChanged(long leaderEpoch, FrameworkView framework) implements Command, CitadelSerializable {}

  public record FrameworkGone(long leaderEpoch, FrameworkId frameworkId) implements Command, CitadelSerializable {}

  /** An offer was accepted: {@code used} stays allocated, the rest is declined for refuseSeconds. */
  public record OfferUsed(long leaderEpoch, OfferId offerId, Resources used, double refuseSeconds)
      implements Command, CitadelSerializable {}

  public record OfferDeclined(long leaderEpoch, OfferId offerId, double refuseSeconds) implements Command, CitadelSerializable {}

  /** The leader withdrew an offer (rescinded, or refused on re-validation): resources back, no filter. */
  public record OfferWithdrawn(long leaderEpoch, OfferId offerId) implements Command, CitadelSerializable {}

  /** A task ended: its resources return to the pool. */
  public record ResourcesRecovered(long leaderEpoch, FrameworkId frameworkId, AgentId agentId, String role,
      Resources resources) implements Command, CitadelSerializable {}

  /** Revive (clear filters, unsuppress) the framework's roles; all of them when empty. */
  public record Revive(long leaderEpoch, FrameworkId frameworkId, List<String> roles) implements Command, CitadelSerializable {}

  /** A framework's pending need (B07); unsatisfiable ones are reported once, at once. */
  public record AddDemand(long leaderEpoch, FrameworkId frameworkId, String name, Resources resources)
      implements Command, CitadelSerializable {}

  public record RemoveDemand(long leaderEpoch, FrameworkId frameworkId, String name) implements Command, CitadelSerializable {}

  /** What the leader receives from the allocator. */
  public interface LeaderBound extends io.citadel.master.leader.LeaderProtocol.Command {}

  /** The allocator started (or restarted) and needs a {@link Sync}. */
  public record RequestSync(long allocatorEpoch, ActorRef<Command> allocator) implements LeaderBound, CitadelSerializable {}

  /** One offer decided by the allocator. */
  public record OfferDecision(OfferId offerId, FrameworkId frameworkId, AgentId agentId, String role, Resources resources)
      implements CitadelSerializable {}

  /** A demand that no agent can ever meet (field case B07), with the reason. */
  public record Unsatisfiable(FrameworkId frameworkId, String name, String reason) implements CitadelSerializable {}

  /** One allocation round's decisions: offers to make, offers to rescind, demands that cannot be met. */
  public record Decisions(long allocatorEpoch, List<OfferDecision> offers, List<OfferId> rescind,
      List<Unsatisfiable> unsatisfiable) implements LeaderBound, CitadelSerializable {}
}
