package io.citadel.master.allocator.drf;

import io.citadel.runtime.model.AgentResources;
import io.citadel.runtime.model.Resources;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One allocation round over the allocator's books, in Mesos's two stages.
 *
 * <p><b>Goals.</b> Weighted DRF offers, quota guarantees first, limits never passed, headroom for
 * unmet guarantees held back, and a round cost close to O(agents · log roles) when agents fill up.
 *
 * <p><b>Algorithm.</b> Agents are visited in slot order from a start that rotates every round.
 * <ol>
 *   <li>Stage 1 (guarantees): for each agent, walk the roles with an unmet guarantee in share order
 *       and, inside each, its frameworks in DRF order; the first eligible one is offered the
 *       guaranteed scalars up to the role's gap, the reservations it may use, and non-guaranteed
 *       resources that no unmet guarantee needs.</li>
 *   <li>Stage 2 (fair share): for each agent, walk the whole role tree in DRF order; the first
 *       eligible framework gets everything it may use, except unreserved scalars needed as headroom
 *       for other roles' unmet guarantees, and within its roles' limits.</li>
 * </ol>
 * After each offer the sorter re-sorts the path that changed and the same agent is looked at again
 * (something may be left for another role, e.g. its reservations); an emptied agent is left at once,
 * so a full cluster costs one check per agent. "Eligible" means: subscribed and unsuppressed (only
 * those are in the sorter), gpu-capable if the agent has gpus, no live filter covering what would
 * be offered, and the offer holds at least one of the minimum allocatable sets.
 *
 * <p>Example (the DRF paper): 9 cpus and 18 GB, A needs ⟨1, 4 GB⟩ per task, B ⟨3, 1 GB⟩: offers
 * alternate by lowest dominant share and end with A running 3 tasks and B 2, both at share 2/3.
 *
 * <p>Used once, by {@link DrfAllocator#allocate}; not thread-safe.
 */
final class AllocationRound implements Predicate<RoleTree.Client> {
  private final DrfAllocator d;
  private final long now;
  private final List<Offer> made = new ArrayList<>();
  private final long[][] minimum;
  private long[] freeTotal;
  private long[] required;
  private boolean anyRequired;
  // The agent being visited, the stage, and the candidate the predicate found.
  private AgentState agent;
  private RoleTree.Node quotaRole;
  private AgentResources candidate;
  private long[] candidateUnreserved;

  AllocationRound(DrfAllocator d, long now) {
    this.d = d;
    this.now = now;
    this.minimum = new long[d.settings.minAllocatable().size()][];
    for (int i = 0; i < minimum.length; i++) {
      minimum[i] = d.index.vector(d.settings.minAllocatable().get(i));
    }
  }

  AllocationResult run() {
    long start = System.nanoTime();
    d.roundNo++;
    Map<String, Integer> filtersPerRole = new HashMap<>();
    for (FrameworkState f : d.frameworks.values()) {
      if (!f.filters.isEmpty()) {
        f.expireFilters(now, filtersPerRole);
      }
    }
    timeOutOffers();
    d.roles.refresh();
    computeHeadroom();
    int n = d.slots.size();
    int from = n == 0 ? 0 : (d.rotation++ & Integer.MAX_VALUE) % n;
    if (!d.roles.unmet.isEmpty()) {
      for (int i = 0; i < n; i++) {
        visit(d.slots.get((from + i) % n), true);
      }
    }
    quotaRole = null;
    for (int i = 0; i < n; i++) {
      visit(d.slots.get((from + i) % n), false);
    }
    List<AllocationResult.Rescind> rescinds = new ArrayList<>(d.pendingRescinds);
    d.pendingRescinds.clear();
    d.counters.recordRescinds(rescinds.size());
    AllocationResult result = new AllocationResult(d.epoch, now, made, Demands.unsatisfiable(d), rescinds);
    d.counters.recordRun(System.nanoTime() - start, made.size(), filtersPerRole);
    return result;
  }

  private void timeOutOffers() {
    long timeout = d.settings.offerTimeout().toMillis();
    if (timeout == 0 || d.offers.isEmpty()) {
      return;
    }
    for (Offer o : new ArrayList<>(d.offers.values())) {
      if (o.madeAtMillis() + timeout <= now) {
        d.book.drop(o);
        d.pendingRescinds.add(new AllocationResult.Rescind(o, "offer timed out after " + timeout + " ms"));
      }
    }
  }

  /** Free unreserved scalars on offerable agents, and the headroom unmet guarantees need. */
  private void computeHeadroom() {
    int k = d.index.size();
    required = new long[k];
    freeTotal = new long[k];
    anyRequired = false;
    for (RoleTree.Node q : d.roles.quotaNodes) {
      if (q.quotaRoot() == q) {
        for (int s = 0; s < k; s++) {
          required[s] += q.gap(s);
          anyRequired |= required[s] > 0;
        }
      }
    }
    if (!anyRequired) {
      return;
    }
    for (AgentState a : d.slots) {
      if (a != null && a.offerable()) {
        freeTotal = Vec.add(freeTotal, a.freeUnreserved, 1);
      }
    }
  }

  private void visit(AgentState a, boolean guarantees) {
    if (a == null || !a.offerable() || !a.anythingFree()) {
      return;
    }
    agent = a;
    while (true) {
      RoleTree.Client c = null;
      if (guarantees) {
        for (RoleTree.Node q : d.roles.unmet) {
          if (q.activeBelow > 0) {
            quotaRole = q;
            c = RoleTree.first(q, this);
            if (c != null) {
              break;
            }
          }
        }
      } else {
        c = RoleTree.first(d.roles.root, this);
      }
      if (c == null || !grant(c) || !a.anythingFree()) {
        return;
      }
    }
  }

  /** Offers the candidate found by {@link #test} to {@code c}; false if nothing moved. */
  private boolean grant(RoleTree.Client c) {
    AgentResources r = candidate;
    long[] unreserved = candidateUnreserved.clone();
    RoleTree.Node root = anyRequired ? c.node.quotaRoot() : null;
    long[] gapBefore = root == null ? null : gaps(root);
    Integer at = earlierOffer(c);
    if (at == null) {
      agent.roundOffers.add(made.size());
      made.add(d.book.grantFree(agent, c, r, unreserved, now));
    } else {
      d.book.grantFree(agent, c, r, unreserved, null);
      made.set(at, d.book.extend(agent, made.get(at), r));
    }
    if (anyRequired) {
      freeTotal = Vec.add(freeTotal, unreserved, -1);
      if (root != null) {
        long[] gapAfter = gaps(root);
        for (int s = 0; s < required.length; s++) {
          required[s] += gapAfter[s] - gapBefore[s];
        }
      }
    }
    return true;
  }

  /** The index of this round's offer of the current agent to {@code c}, if one was made already. */
  private Integer earlierOffer(RoleTree.Client c) {
    if (agent.roundNo != d.roundNo) {
      agent.roundNo = d.roundNo;
      agent.roundOffers.clear();
      return null;
    }
    for (Integer i : agent.roundOffers) {
      Offer o = made.get(i);
      if (o.frameworkId().equals(c.framework.id) && o.role().equals(c.node.name)) {
        return i;
      }
    }
    return null;
  }

  private long[] gaps(RoleTree.Node q) {
    long[] g = new long[required.length];
    for (int s = 0; s < g.length; s++) {
      g[s] = q.gap(s);
    }
    return g;
  }

  /** Whether {@code c} may be offered something of the current agent; if so, leaves it in {@code candidate}. */
  @Override
  public boolean test(RoleTree.Client c) {
    FrameworkState fw = c.framework;
    AgentState a = agent;
    if (a.hasGpus && !fw.gpuCapable) {
      return false;
    }
    RoleTree.Node n = c.node;
    Map<String, Resources> reserved = a.free.reserved().isEmpty() ? Map.of() : Reservations.usableBy(a.free, n.role);
    long[] free = a.freeUnreserved;
    long[] take = null;
    // Capping only matters with a guarantee stage, held-back headroom or some limit in the tree.
    boolean capping = quotaRole != null || anyRequired || d.roles.limitedRoles > 0;
    for (int s = 0; capping && s < free.length; s++) {
      long have = free[s];
      if (have > 0) {
        long cap = cap(n, s, have);
        if (cap < have) {
          if (take == null) {
            take = free.clone();
          }
          take[s] = cap;
        }
      }
    }
    long[] unreservedVec = take == null ? free : take;
    long[] all = reserved.isEmpty() ? unreservedVec : Vec.add(unreservedVec.clone(), reservedVector(reserved), 1);
    if (!meetsMinimum(all)) {
      return false;
    }
    AgentResources offer;
    if (take == null && reserved.size() == a.free.reserved().size()) {
      offer = a.free; // everything free goes: no new objects on the common path
    } else {
      Resources unreserved = take == null ? a.free.unreserved() : d.index.resources(take, a.free.unreserved().ports());
      offer = new AgentResources(unreserved, reserved);
    }
    if (fw.filtered(a.slot, n.name, offer, now)) {
      return false;
    }
    candidate = offer;
    candidateUnreserved = unreservedVec;
    return true;
  }

  /** How much of scalar {@code s} (of which the agent has {@code have} unreserved) role {@code n} may get. */
  private long cap(RoleTree.Node n, int s, long have) {
    long cap = have;
    if (quotaRole != null) {
      // Stage 1: guaranteed scalars up to the gap; others only from the surplus over headroom.
      long g = Vec.get(quotaRole.guarantee, s);
      cap = g > 0 ? Math.min(cap, quotaRole.gap(s)) : Math.min(cap, surplus(s, null));
    } else if (anyRequired && required[s] > 0) {
      cap = Math.min(cap, surplus(s, n.quotaRoot()));
    }
    for (RoleTree.Node p = n; p != null && p.parent != null && cap > 0; p = p.parent) {
      if (p.hasLimit && s < p.limit.length && p.limit[s] != Long.MAX_VALUE) {
        long used = Vec.get(p.allocUnreserved, s) + Vec.get(p.reserved, s);
        cap = Math.min(cap, Math.max(0, p.limit[s] - used));
      }
    }
    return cap;
  }

  /** Unreserved {@code s} that may go without eating into headroom; a role's own gap counts as its own. */
  private long surplus(int s, RoleTree.Node ownRoot) {
    if (!anyRequired || required[s] == 0) {
      return Long.MAX_VALUE;
    }
    long own = ownRoot == null ? 0 : ownRoot.gap(s);
    return Math.max(0, Vec.get(freeTotal, s) - required[s] + own);
  }

  private long[] reservedVector(Map<String, Resources> reserved) {
    long[] v = new long[d.index.size()];
    for (Resources r : reserved.values()) {
      v = Vec.add(v, d.index.vector(r), 1);
    }
    return v;
  }

  private boolean meetsMinimum(long[] v) {
    for (long[] min : minimum) {
      boolean ok = true;
      for (int s = 0; s < min.length && ok; s++) {
        ok = min[s] == 0 || Vec.get(v, s) >= min[s];
      }
      if (ok) {
        return true;
      }
    }
    return false;
  }
}
