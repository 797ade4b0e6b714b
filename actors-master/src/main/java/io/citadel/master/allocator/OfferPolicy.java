package io.citadel.master.allocator;

import io.citadel.master.allocator.AllocatorProtocol.AgentView;
import io.citadel.master.allocator.AllocatorProtocol.FrameworkView;
import io.citadel.master.allocator.AllocatorProtocol.OfferDecision;
import io.citadel.runtime.model.AgentId;
import io.citadel.runtime.model.FrameworkId;
import java.util.Collection;
import java.util.List;

/**
 * The pure decision core behind the allocator singleton: given the agents, frameworks and filters,
 * which offers to make now. No Pekko, no threads, no clock of its own (time is passed in).
 * Not thread-safe; owned by the allocator actor.
 */
public interface OfferPolicy {

  /** A decline filter: no offers of this agent to this framework before {@code untilMillis}. */
  record Filter(FrameworkId frameworkId, AgentId agentId, long untilMillis) {}

  /**
   * Decides one round. Implementations must offer each agent version at most once, only to active,
   * unsuppressed frameworks, and never while a filter covers the pair.
   */
  List<OfferDecision> allocate(long allocatorEpoch, Collection<AgentView> agents, List<FrameworkView> frameworks,
      Collection<Filter> filters, long nowMillis);

  /** Forgets per-round memory (what was offered), e.g. after a new leader sent a full state. */
  void reset();
}
