package io.citadel.master.allocator.drf;

import io.citadel.runtime.model.AgentId;
import io.citadel.runtime.model.AgentResources;
import io.citadel.runtime.model.FrameworkId;
import io.citadel.runtime.model.OfferId;
import io.citadel.runtime.model.Resources;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Citadel's allocator core: Mesos's hierarchical weighted DRF allocator with quota, reservations,
 * decline filters, suppress/revive and minimum allocatable resources, as a plain long-lived object.
 * The allocator actor keeps one instance, tells it every change as it happens (agents, frameworks,
 * offers accepted or declined, resources recovered, weights, quotas) and calls
 * {@link #allocate(long)} every allocation interval and after changes. Nothing is rebuilt per
 * round: the books are incremental and the sorter re-sorts only what changed.
 *
 * <p>The allocator counts offered resources as allocated (as Mesos does) until they are declined,
 * rescinded or recovered, so an outstanding offer's resources are never offered twice. Each offer
 * carries the allocator epoch given at construction. Time is only what callers pass in.
 *
 * <p>Bad input (unknown ids, resources not held, a reservation that is not there) throws an
 * {@link IllegalArgumentException} or {@link java.util.NoSuchElementException} naming what was
 * wrong, and changes nothing. Owned by the allocator actor; not thread-safe; no Pekko, no threads.
 */
public final class DrfAllocator {
  final DrfSettings settings;
  final long epoch;
  final ScalarIndex index = new ScalarIndex();
  final RoleTree roles = new RoleTree();
  final List<AgentState> slots = new ArrayList<>();
  final Map<AgentId, AgentState> agents = new HashMap<>();
  final Map<FrameworkId, FrameworkState> frameworks = new LinkedHashMap<>();
  final Map<OfferId, Offer> offers = new HashMap<>();
  final Map<String, Demand> demands = new LinkedHashMap<>();
  final List<AllocationResult.Rescind> pendingRescinds = new ArrayList<>();
  final AllocatorCounters counters = new AllocatorCounters();
  final OfferBook book = new OfferBook(this);
  private final ArrayDeque<Integer> freeSlots = new ArrayDeque<>();
  long[] clusterTotals = new long[0];
  long[] largest = new long[0];
  long largestPorts;
  boolean largestDirty = true;
  long offerSeq;
  long roundNo;
  int rotation;

  /**
   * @param settings tunables
   * @param epoch    the allocator epoch (raised in the registry at every takeover), put in every offer
   */
  public DrfAllocator(DrfSettings settings, long epoch) {
    this.settings = settings;
    this.epoch = epoch;
  }

  public long epoch() {
    return epoch;
  }

  public AllocatorCounters counters() {
    return counters;
  }

  public boolean hasFramework(FrameworkId id) {
    return frameworks.containsKey(id);
  }

  public boolean hasAgent(AgentId id) {
    return agents.containsKey(id);
  }

  // ---- agents ------------------------------------------------------------------------------

  /**
   * Adds an agent with the resources already in use on it (after a failover the agent reports its
   * tasks). The frameworks named in {@code used} must have been added.
   *
   * @throws IllegalArgumentException if the agent is known, or {@code used} exceeds its total
   */
  public void addAgent(AgentInfo info, List<Allocation> used) {
    if (agents.containsKey(info.id())) {
      throw new IllegalArgumentException("agent " + info.id() + " is already known; use updateAgent");
    }
    for (Allocation u : used) {
      frameworkState(u.frameworkId());
    }
    Integer reuse = freeSlots.poll();
    int slot = reuse == null ? slots.size() : reuse;
    AgentState a = new AgentState(slot, info, index);
    AgentResources usedSum = AgentResources.EMPTY;
    for (Allocation u : used) {
      usedSum = Reservations.plus(usedSum, u.resources());
    }
    if (!Reservations.contains(info.total(), usedSum)) {
      freeSlots.push(slot);
      throw new IllegalArgumentException("agent " + info.id() + ": resources in use (" + usedSum
          + ") are not within its total (" + info.total() + ")");
    }
    if (reuse == null) {
      slots.add(a);
    } else {
      slots.set(slot, a);
    }
    agents.put(info.id(), a);
    addTotals(a, 1);
    for (Allocation u : used) {
      book.grant(a, client(frameworks.get(u.frameworkId()), u.role()), u.resources(), null);
    }
  }

  /**
   * Replaces an agent's info: activity, draining, attributes, or a new total (which must include
   * the dynamic reservations made through this allocator, see {@link #agentTotal}). Offers on an
   * agent that became inactive or draining are rescinded.
   *
   * @throws IllegalArgumentException if the agent is unknown or the new total is below what is allocated
   */
  public void updateAgent(AgentInfo info) {
    AgentState a = agentState(info.id());
    if (!info.total().equals(a.info.total())) {
      AgentResources allocated = AgentResources.EMPTY;
      for (AgentResources r : a.allocations.values()) {
        allocated = Reservations.plus(allocated, r);
      }
      if (!Reservations.contains(info.total(), allocated)) {
        throw new IllegalArgumentException("agent " + info.id() + ": new total " + info.total()
            + " is below what is allocated there (" + allocated + ")");
      }
      addTotals(a, -1);
      a.info = info;
      a.free = Reservations.minus(info.total(), allocated);
      a.freeUnreserved = index.vector(a.free.unreserved());
      a.totalVec = index.vector(info.total());
      a.hasGpus = info.total().total().scalar(Resources.GPUS) > 0;
      addTotals(a, 1);
    }
    a.info = info;
    if (!info.offerable()) {
      rescindAll(a, info.draining() ? "agent " + info.id() + " is draining" : "agent " + info.id() + " is inactive");
    }
  }

  /** Removes an agent: its offers are rescinded, its allocations and filters forgotten. */
  public void removeAgent(AgentId id) {
    AgentState a = agentState(id);
    rescindAll(a, "agent " + id + " was removed");
    for (Map.Entry<RoleTree.Client, AgentResources> e : new ArrayList<>(a.allocations.entrySet())) {
      book.recover(a, e.getKey(), e.getValue());
    }
    for (FrameworkState f : frameworks.values()) {
      f.filters.remove(a.slot);
    }
    addTotals(a, -1);
    agents.remove(id);
    slots.set(a.slot, null);
    freeSlots.push(a.slot);
  }

  /** The agent's current total, including dynamic reservations applied here. */
  public AgentResources agentTotal(AgentId id) {
    return agentState(id).info.total();
  }

  /** The agent's free (unallocated, unoffered) resources. */
  public AgentResources free(AgentId id) {
    return agentState(id).free;
  }

  /** The agent's dynamic reservations with their principals and labels. */
  public List<ReservationInfo> reservations(AgentId id) {
    List<ReservationInfo> out = new ArrayList<>();
    agentState(id).dynamic.values().forEach(out::addAll);
    return out;
  }

  // ---- frameworks ---------------------------------------------------------------------------

  /** Adds a framework; it is offered resources for its unsuppressed roles from the next round. */
  public void addFramework(FrameworkInfo info) {
    if (frameworks.containsKey(info.id())) {
      throw new IllegalArgumentException("framework " + info.id() + " is already known; use updateFramework");
    }
    FrameworkState f = new FrameworkState(info);
    frameworks.put(info.id(), f);
    syncClients(f);
  }

  /** Replaces a framework's roles, suppressed roles and capabilities. */
  public void updateFramework(FrameworkInfo info) {
    FrameworkState f = frameworkState(info.id());
    f.update(info);
    syncClients(f);
  }

  /** Removes a framework: its offers and allocations return to the pool, its filters go. */
  public void removeFramework(FrameworkId id) {
    FrameworkState f = frameworkState(id);
    for (Offer o : new ArrayList<>(offers.values())) {
      if (o.frameworkId().equals(id)) {
        book.drop(o);
      }
    }
    for (AgentState a : agents.values()) {
      for (RoleTree.Client c : f.clients.values()) {
        AgentResources r = a.allocations.get(c);
        if (r != null) {
          book.recover(a, c, r);
        }
      }
    }
    f.clients.values().forEach(roles::remove);
    frameworks.remove(id);
    demands.values().removeIf(d -> d.frameworkId().equals(id));
  }

  /** Stops offers to the framework for {@code roles} (all its roles when empty). */
  public void suppress(FrameworkId id, Set<String> roles) {
    FrameworkState f = frameworkState(id);
    Set<String> next = new java.util.HashSet<>(f.info.suppressedRoles());
    next.addAll(roles.isEmpty() ? f.info.roles() : roles);
    updateFramework(new FrameworkInfo(id, f.info.roles(), next, f.info.capabilities()));
  }

  /** Clears the framework's filters for {@code roles} and unsuppresses them (all its roles when empty). */
  public void revive(FrameworkId id, Set<String> roles) {
    FrameworkState f = frameworkState(id);
    Set<String> which = roles.isEmpty() ? f.info.roles() : roles;
    which.forEach(f::clearFilters);
    Set<String> next = new java.util.HashSet<>(f.info.suppressedRoles());
    next.removeAll(which);
    updateFramework(new FrameworkInfo(id, f.info.roles(), next, f.info.capabilities()));
  }

  // ---- offers and recovery ------------------------------------------------------------------

  /**
   * A framework accepted an offer: {@code operations} (RESERVE/UNRESERVE) are applied to the offered
   * resources first, then {@code used} stays allocated and the rest returns to the pool behind a
   * filter of {@code refuseSeconds} (see {@link DrfSettings#filterMillis}).
   *
   * @throws java.util.NoSuchElementException if the offer is not outstanding (used, declined, rescinded)
   * @throws IllegalArgumentException if an operation or {@code used} does not fit the offer
   */
  public void accept(OfferId id, AgentResources used, List<Operation> operations, Double refuseSeconds, long nowMillis) {
    book.accept(offer(id), used, operations, refuseSeconds, nowMillis);
  }

  /** A framework declined an offer: all of it returns to the pool behind a filter. */
  public void decline(OfferId id, Double refuseSeconds, long nowMillis) {
    book.accept(offer(id), AgentResources.EMPTY, List.of(), refuseSeconds, nowMillis);
  }

  /** The leader took an offer back (its own timeout, a lost framework): the resources return, no filter. */
  public void recoverOffer(OfferId id) {
    book.drop(offer(id));
  }

  /** Resources in use by a framework were freed (a task ended): they return to the pool. */
  public void recoverResources(FrameworkId frameworkId, AgentId agentId, String role, AgentResources resources) {
    FrameworkState f = frameworkState(frameworkId);
    RoleTree.Client c = f.clients.get(role);
    if (c == null) {
      throw new IllegalArgumentException("framework " + frameworkId + " holds nothing for role '" + role + "'");
    }
    book.recover(agentState(agentId), c, resources);
  }

  /** Adds a decline filter directly (the leader's own declines, e.g. on re-registration). */
  public void addFilter(FrameworkId frameworkId, String role, AgentId agentId, AgentResources resources,
      Double refuseSeconds, long nowMillis) {
    FrameworkState f = frameworkState(frameworkId);
    AgentState a = agentState(agentId);
    long until = nowMillis + settings.filterMillis(refuseSeconds);
    f.addFilter(a.slot, new OfferFilter(frameworkId, role, agentId, resources, until));
  }

  /** The outstanding offer with this id, if any. */
  public Optional<Offer> findOffer(OfferId id) {
    return Optional.ofNullable(offers.get(id));
  }

  /** Every outstanding offer. */
  public Collection<Offer> outstandingOffers() {
    return Collections.unmodifiableCollection(offers.values());
  }

  // ---- operator reservations, weights, quota, demands ---------------------------------------

  /** An operator reserves free unreserved resources of an agent for a role. */
  public void reserve(AgentId agentId, Operation.Reserve op) {
    book.reserveFree(agentState(agentId), op);
  }

  /** An operator gives a free dynamic reservation back to the unreserved pool. */
  public void unreserve(AgentId agentId, Operation.Unreserve op) {
    book.unreserveFree(agentState(agentId), op);
  }

  /**
   * Sets a role's weight (its share is divided by it). Outstanding offers are rescinded so the new
   * weights take effect at once, as Mesos does.
   *
   * @throws IllegalArgumentException if the weight is not a positive finite number
   */
  public void setWeight(String role, double weight) {
    if (!(weight > 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException("weight of role '" + role + "' must be a positive number, got " + weight);
    }
    RoleTree.Node n = roles.node(role);
    n.weight = weight;
    roles.markDirty();
    rescindEverything("weight of role '" + role + "' changed");
  }

  /** Sets a role's quota; outstanding offers are rescinded so that guarantees can be met. */
  public void setQuota(String role, RoleQuota quota) {
    RoleTree.Node n = roles.node(role);
    roles.limitedRoles += (quota.limit().isEmpty() ? 0 : 1) - (n.hasLimit ? 1 : 0);
    roles.resort(n, () -> {
      n.quota = quota;
      n.guarantee = quota.guarantee().isEmpty() ? new long[0] : index.vector(quota.guarantee());
      n.hasLimit = !quota.limit().isEmpty();
      n.limit = limitVector(quota.limit());
    });
    roles.quotaNodes.remove(n);
    if (n.guarantee.length > 0) {
      roles.quotaNodes.add(n);
    }
    rescindEverything("quota of role '" + role + "' changed");
  }

  /**
   * Registers a demand; returns why it can never be met by any agent now, if so. It is also listed
   * in every round's {@link AllocationResult#unsatisfiable()} until it fits or is removed.
   */
  public Optional<String> addDemand(Demand demand) {
    frameworkState(demand.frameworkId());
    demands.put(demand.frameworkId().value() + "|" + demand.name(), demand);
    return Demands.reason(this, demand.resources());
  }

  /** Forgets a demand. */
  public void removeDemand(FrameworkId frameworkId, String name) {
    demands.remove(frameworkId.value() + "|" + name);
  }

  /** A role's current dominant share (weighted), for tests and metrics. */
  public double roleShare(String role) {
    roles.refresh();
    RoleTree.Node n = roles.find(role);
    return n == null ? 0 : Vec.share(n.alloc, roles.totals, n.weight);
  }

  // ---- the round ----------------------------------------------------------------------------

  /** Runs one allocation round at {@code nowMillis}. */
  public AllocationResult allocate(long nowMillis) {
    return new AllocationRound(this, nowMillis).run();
  }

  // ---- internals ----------------------------------------------------------------------------

  AgentState agentState(AgentId id) {
    AgentState a = agents.get(id);
    if (a == null) {
      throw new java.util.NoSuchElementException("unknown agent " + id);
    }
    return a;
  }

  FrameworkState frameworkState(FrameworkId id) {
    FrameworkState f = frameworks.get(id);
    if (f == null) {
      throw new java.util.NoSuchElementException("unknown framework " + id);
    }
    return f;
  }

  Offer offer(OfferId id) {
    Offer o = offers.get(id);
    if (o == null) {
      throw new java.util.NoSuchElementException("offer " + id + " is not outstanding (used, declined or rescinded)");
    }
    return o;
  }

  RoleTree.Client client(FrameworkState f, String role) {
    return f.clients.computeIfAbsent(role, r -> roles.client(f, r));
  }

  private void syncClients(FrameworkState f) {
    for (String r : f.info.roles()) {
      client(f, r);
    }
    for (Map.Entry<String, RoleTree.Client> e : f.clients.entrySet()) {
      roles.setActive(e.getValue(), f.wants(e.getKey()));
    }
  }

  private void addTotals(AgentState a, int sign) {
    clusterTotals = Vec.add(clusterTotals, a.totalVec, sign);
    roles.totalsChanged(clusterTotals);
    for (Map.Entry<String, Resources> e : a.info.total().reserved().entrySet()) {
      roles.reserve(e.getKey(), index.vector(e.getValue()), sign);
    }
    Demands.agentsChanged(this);
  }

  private long[] limitVector(Resources limit) {
    if (limit.isEmpty()) {
      return new long[0];
    }
    for (String name : limit.scalars().keySet()) {
      index.slot(name);
    }
    long[] v = new long[index.size()];
    java.util.Arrays.fill(v, Long.MAX_VALUE);
    limit.scalars().forEach((name, milli) -> v[index.slot(name)] = milli);
    return v;
  }

  private void rescindAll(AgentState a, String reason) {
    for (Offer o : new ArrayList<>(a.offers.values())) {
      book.drop(o);
      pendingRescinds.add(new AllocationResult.Rescind(o, reason));
    }
  }

  private void rescindEverything(String reason) {
    for (AgentState a : agents.values()) {
      if (!a.offers.isEmpty()) {
        rescindAll(a, reason);
      }
    }
  }
}
