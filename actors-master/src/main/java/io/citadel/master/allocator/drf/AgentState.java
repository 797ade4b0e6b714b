package io.citadel.master.allocator.drf;

import io.citadel.runtime.model.AgentResources;
import io.citadel.runtime.model.Resources;
import io.citadel.runtime.model.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The allocator's book on one agent: its info, what is free (split by reservation), a dense vector of
 * the free unreserved scalars for the inner loop, what each sorter client holds here, the offers
 * outstanding on it, and its dynamic reservations with their principals and labels.
 *
 * <p>Invariant: {@code total = free + sum(allocations)}, part by part (unreserved and each
 * reservation); offers are part of allocations. Owned by one {@link DrfAllocator}; not thread-safe.
 */
final class AgentState {
  final int slot;
  AgentInfo info;
  AgentResources free;
  long[] freeUnreserved;
  long[] totalVec;
  boolean hasGpus;
  final Map<RoleTree.Client, AgentResources> allocations = new HashMap<>();
  final Map<io.citadel.runtime.model.OfferId, Offer> offers = new LinkedHashMap<>();
  final Map<String, List<ReservationInfo>> dynamic = new HashMap<>();
  /** Round in which {@link #roundOffers} (indices into that round's offers) was filled. */
  long roundNo;
  final List<Integer> roundOffers = new ArrayList<>(1);

  AgentState(int slot, AgentInfo info, ScalarIndex index) {
    this.slot = slot;
    this.info = info;
    this.free = info.total();
    this.freeUnreserved = index.vector(free.unreserved());
    this.totalVec = index.vector(info.total());
    this.hasGpus = info.total().total().scalar(Resources.GPUS) > 0;
  }

  boolean offerable() {
    return info.offerable();
  }

  /** Whether anything is free that some role could be offered: unreserved above zero or any reservation. */
  boolean anythingFree() {
    return !free.reserved().isEmpty() || !Vec.isZero(freeUnreserved) || !free.unreserved().ports().isEmpty();
  }

  /** Takes {@code r} out of the free pool. */
  void take(AgentResources r, long[] unreservedVec, ScalarIndex index) {
    if (r.unreserved() == free.unreserved() && r.reserved().isEmpty()) {
      // Fast path of a whole-agent offer: no resource arithmetic, no garbage.
      free = free.reserved().isEmpty() ? AgentResources.EMPTY : new AgentResources(Resources.EMPTY, free.reserved());
    } else {
      free = Reservations.minus(free, r);
    }
    freeUnreserved = Vec.add(freeUnreserved, unreservedVec, -1);
  }

  /** Puts {@code r} back into the free pool. */
  void give(AgentResources r, ScalarIndex index) {
    free = Reservations.plus(free, r);
    freeUnreserved = Vec.add(freeUnreserved, index.vector(r.unreserved()), 1);
  }

  /** The dynamic reservations of {@code role} (sum), empty if none. */
  Resources dynamicOf(String role) {
    Resources sum = Resources.EMPTY;
    for (ReservationInfo ri : dynamic.getOrDefault(role, List.of())) {
      sum = sum.plus(ri.resources());
    }
    return sum;
  }

  void recordReserve(Operation.Reserve op) {
    dynamic.computeIfAbsent(op.role(), k -> new ArrayList<>())
        .add(new ReservationInfo(op.role(), op.resources(), op.principal(), op.labels()));
  }

  /** Trims the ledger of {@code role} by {@code r}, newest reservation first. */
  void recordUnreserve(String role, Resources r) {
    List<ReservationInfo> list = dynamic.getOrDefault(role, new ArrayList<>());
    Resources left = r;
    for (int i = list.size() - 1; i >= 0 && !left.isEmpty(); i--) {
      ReservationInfo ri = list.get(i);
      if (left.contains(ri.resources())) {
        left = left.minus(ri.resources());
        list.remove(i);
      } else if (ri.resources().contains(left)) {
        list.set(i, new ReservationInfo(role, ri.resources().minus(left), ri.principal(), ri.labels()));
        left = Resources.EMPTY;
      }
    }
    if (list.isEmpty()) {
      dynamic.remove(role);
    }
  }

  /** Whether a framework of {@code role} could be offered anything reserved here. */
  boolean hasReservedFor(Role role) {
    return !free.reserved().isEmpty() && !Reservations.usableBy(free, role).isEmpty();
  }
}
