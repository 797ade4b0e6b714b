package io.citadel.master.allocator.drf;

import io.citadel.runtime.model.Resources;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds demands no agent could ever hold (B07): a demand is unsatisfiable when, for some resource,
 * it asks for more than the largest registered agent has of it in total ("cpus 73 > largest agent
 * 72"). That is a necessary condition only (a demand may still not fit any single agent on all
 * resources at once), chosen because it is cheap, exact, and catches the field case without false
 * alarms. Largest-per-resource is recomputed lazily after agent changes, so a larger agent
 * registering re-evaluates every demand at the next round. Stateless; works on the allocator's books.
 */
final class Demands {
  private Demands() {}

  static void agentsChanged(DrfAllocator d) {
    d.largestDirty = true;
  }

  /** Why {@code need} exceeds every agent, or empty when some agent is large enough on each resource. */
  static Optional<String> reason(DrfAllocator d, Resources need) {
    if (d.agents.isEmpty()) {
      // No agent yet (start-up, or a new leader before re-registrations): nothing can be judged.
      return Optional.empty();
    }
    refresh(d);
    for (Map.Entry<String, Long> e : need.scalars().entrySet()) {
      int slot = d.index.find(e.getKey());
      long max = slot < 0 ? 0 : Vec.get(d.largest, slot);
      if (e.getValue() > max) {
        return Optional.of(e.getKey() + " " + format(e.getValue()) + " > largest agent " + format(max));
      }
    }
    if (need.portCount() > d.largestPorts) {
      return Optional.of("ports " + need.portCount() + " > largest agent " + d.largestPorts);
    }
    return Optional.empty();
  }

  /** Every registered demand that cannot be met, with its reason. */
  static List<Demand.Unsatisfiable> unsatisfiable(DrfAllocator d) {
    List<Demand.Unsatisfiable> out = new ArrayList<>();
    for (Demand demand : d.demands.values()) {
      reason(d, demand.resources()).ifPresent(r -> out.add(new Demand.Unsatisfiable(demand, r)));
    }
    return out;
  }

  private static void refresh(DrfAllocator d) {
    if (!d.largestDirty) {
      return;
    }
    long[] max = new long[d.index.size()];
    long ports = 0;
    for (AgentState a : d.agents.values()) {
      for (int i = 0; i < a.totalVec.length; i++) {
        max[i] = Math.max(max[i], a.totalVec[i]);
      }
      ports = Math.max(ports, a.info.total().total().portCount());
    }
    d.largest = max;
    d.largestPorts = ports;
    d.largestDirty = false;
  }

  private static String format(long milli) {
    return BigDecimal.valueOf(milli, 3).stripTrailingZeros().toPlainString();
  }
}
