package io.citadel.master.allocator;

import io.citadel.master.allocator.AllocatorProtocol.AgentView;
import io.citadel.master.allocator.AllocatorProtocol.FrameworkView;
import io.citadel.master.allocator.AllocatorProtocol.OfferDecision;
import io.citadel.runtime.model.AgentId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The vertical slice's allocator: each agent's free resources go, whole, to the next eligible
 * framework in turn (role: the framework's first unsuppressed role). The DRF allocator replaces it.
 *
 * <p>Each agent version is offered at most once: the leader bumps the version when the offer is made
 * or its resources come back, which is what makes the agent eligible again. Not thread-safe.
 */
public final class RoundRobinOfferPolicy implements OfferPolicy {
  private final Map<AgentId, Long> offeredVersion = new HashMap<>();
  private int next = 0;

  @Override
  public List<OfferDecision> allocate(long allocatorEpoch, Collection<AgentView> agents, List<FrameworkView> frameworks,
      Collection<Filter> filters, long nowMillis) {
    List<FrameworkView> eligible = new ArrayList<>();
    for (FrameworkView f : frameworks) {
      if (f.active() && firstUnsuppressedRole(f) != null) {
        eligible.add(f);
      }
    }
    Set<String> filtered = new HashSet<>();
    for (Filter flt : filters) {
      if (flt.untilMillis() > nowMillis) {
        filtered.add(flt.frameworkId().value() + "|" + flt.agentId().value());
      }
    }
    List<OfferDecision> out = new ArrayList<>();
    if (eligible.isEmpty()) {
      return out;
    }
    for (AgentView a : agents) {
      if (!a.active() || a.free().isEmpty() || Long.valueOf(a.version()).equals(offeredVersion.get(a.agentId()))) {
        continue;
      }
      for (int i = 0; i < eligible.size(); i++) {
        FrameworkView f = eligible.get((next + i) % eligible.size());
        if (filtered.contains(f.frameworkId().value() + "|" + a.agentId().value())) {
          continue;
        }
        out.add(new OfferDecision(allocatorEpoch, f.frameworkId(), a.agentId(), firstUnsuppressedRole(f), a.free(), a.version()));
        offeredVersion.put(a.agentId(), a.version());
        next = (next + i + 1) % eligible.size();
        break;
      }
    }
    return out;
  }

  @Override
  public void reset() {
    offeredVersion.clear();
  }

  private static String firstUnsuppressedRole(FrameworkView f) {
    for (String r : f.roles()) {
      if (!f.suppressedRoles().contains(r)) {
        return r;
      }
    }
    return null;
  }
}
