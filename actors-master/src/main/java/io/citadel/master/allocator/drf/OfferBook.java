package io.citadel.master.allocator.drf;

import io.citadel.runtime.model.AgentResources;
import io.citadel.runtime.model.OfferId;
import io.citadel.runtime.model.Resources;
import java.util.List;

/**
 * Moves resources between an agent's free pool, offers and allocations, keeping every book in step:
 * the agent's free pool and dense vector, the per-client allocation on the agent, the sorter's
 * shares, the roles' reserved (consumption) vectors, and the outstanding offers. Every public path
 * of {@link DrfAllocator} that moves resources goes through here, so the invariant
 * {@code total = free + allocations} has one keeper. Checks come before changes: a refused
 * operation leaves everything as it was. Owned by one {@link DrfAllocator}; not thread-safe.
 */
final class OfferBook {
  private static final long[] NONE = new long[0];
  private final DrfAllocator d;

  OfferBook(DrfAllocator d) {
    this.d = d;
  }

  /**
   * Allocates {@code r} (free on the agent) to the client; makes an offer of it when {@code nowMillis}
   * is not null.
   */
  Offer grant(AgentState a, RoleTree.Client c, AgentResources r, Long nowMillis) {
    return grant(a, c, r, d.index.vector(r.unreserved()), nowMillis);
  }

  Offer grant(AgentState a, RoleTree.Client c, AgentResources r, long[] unreservedVec, Long nowMillis) {
    if (!Reservations.contains(a.free, r)) {
      throw new IllegalArgumentException("agent " + a.info.id() + ": " + r + " is not free there (free: " + a.free + ")");
    }
    return grantFree(a, c, r, unreservedVec, nowMillis);
  }

  /** {@link #grant} for resources the caller took from the free pool itself (the round's hot path). */
  Offer grantFree(AgentState a, RoleTree.Client c, AgentResources r, long[] unreservedVec, Long nowMillis) {
    long[] all = r.reserved().isEmpty() ? unreservedVec : d.index.vector(r);
    d.roles.charge(c, all, unreservedVec, 1);
    a.take(r, unreservedVec, d.index);
    a.allocations.merge(c, r, Reservations::plus);
    if (nowMillis == null) {
      return null;
    }
    Offer o = new Offer(OfferId.of("offer-" + d.epoch + "-" + (++d.offerSeq)), d.epoch, c.framework.id,
        a.info.id(), c.node.name, r, nowMillis);
    register(a, o);
    return o;
  }

  /** Replaces an offer of this round by one that also holds {@code more} (one offer per agent × framework × role). */
  Offer extend(AgentState a, Offer o, AgentResources more) {
    Offer merged = new Offer(o.id(), o.epoch(), o.frameworkId(), o.agentId(), o.role(),
        Reservations.plus(o.resources(), more), o.madeAtMillis());
    register(a, merged);
    return merged;
  }

  /** Returns {@code r}, held by the client on the agent, to the free pool. */
  void recover(AgentState a, RoleTree.Client c, AgentResources r) {
    if (r.isEmpty()) {
      return;
    }
    AgentResources held = a.allocations.getOrDefault(c, AgentResources.EMPTY);
    if (!Reservations.contains(held, r)) {
      throw new IllegalArgumentException("framework " + c.framework.id + " role '" + c.node.name + "' on agent "
          + a.info.id() + " holds " + held + ", cannot recover " + r);
    }
    AgentResources rest = Reservations.minus(held, r);
    if (rest.isEmpty()) {
      a.allocations.remove(c);
    } else {
      a.allocations.put(c, rest);
    }
    a.give(r, d.index);
    d.roles.charge(c, d.index.vector(r), d.index.vector(r.unreserved()), -1);
  }

  /** Forgets an outstanding offer and returns its resources, without a filter. */
  void drop(Offer o) {
    AgentState a = unregister(o);
    recover(a, d.frameworks.get(o.frameworkId()).clients.get(o.role()), o.resources());
  }

  /** See {@link DrfAllocator#accept}. */
  void accept(Offer o, AgentResources used, List<Operation> operations, Double refuseSeconds, long now) {
    AgentState a = d.agents.get(o.agentId());
    FrameworkState f = d.frameworks.get(o.frameworkId());
    RoleTree.Client c = f.clients.get(o.role());
    long filterMillis = d.settings.filterMillis(refuseSeconds);
    // Decide: apply the operations to copies and check everything before changing anything.
    AgentResources after = o.resources();
    AgentResources total = a.info.total();
    for (Operation op : operations) {
      Resources r = op.resources();
      if (!op.role().equals(o.role())) {
        throw new IllegalArgumentException("offer " + o.id() + ": " + op.getClass().getSimpleName() + " for role '"
            + op.role() + "' but the offer is for role '" + o.role() + "'");
      }
      if (op instanceof Operation.Reserve) {
        if (!after.unreserved().contains(r)) {
          throw new IllegalArgumentException("offer " + o.id() + ": RESERVE " + r + " is not within the offer's"
              + " unreserved resources " + after.unreserved());
        }
        after = after.minus("*", r).plus(op.role(), r);
        total = total.minus("*", r).plus(op.role(), r);
      } else {
        checkDynamic(a, op.role(), r);
        if (!after.of(op.role()).contains(r)) {
          throw new IllegalArgumentException("offer " + o.id() + ": UNRESERVE " + r + " is not within the offer's"
              + " resources reserved for '" + op.role() + "'");
        }
        after = after.minus(op.role(), r).plus("*", r);
        total = total.minus(op.role(), r).plus("*", r);
      }
    }
    if (!Reservations.contains(after, used)) {
      throw new IllegalArgumentException("offer " + o.id() + ": used resources " + used
          + " are not within the offer (after its operations): " + after);
    }
    // Apply.
    unregister(o);
    if (!operations.isEmpty()) {
      AgentResources held = a.allocations.get(c);
      a.allocations.put(c, Reservations.plus(Reservations.minus(held, o.resources()), after));
      a.info = new AgentInfo(a.info.id(), a.info.hostname(), total, a.info.attributes(), a.info.active(),
          a.info.draining());
      for (Operation op : operations) {
        long[] v = d.index.vector(op.resources());
        boolean reserve = op instanceof Operation.Reserve;
        d.roles.charge(c, NONE, v, reserve ? -1 : 1);
        d.roles.reserve(op.role(), v, reserve ? 1 : -1);
        if (reserve) {
          a.recordReserve((Operation.Reserve) op);
        } else {
          a.recordUnreserve(op.role(), op.resources());
        }
      }
    }
    AgentResources rest = Reservations.minus(after, used);
    if (!rest.isEmpty()) {
      recover(a, c, rest);
      f.addFilter(a.slot, new OfferFilter(f.id, o.role(), a.info.id(), rest, now + filterMillis));
    }
  }

  /** Operator RESERVE of free unreserved resources. */
  void reserveFree(AgentState a, Operation.Reserve op) {
    Resources r = op.resources();
    if (!a.free.unreserved().contains(r)) {
      throw new IllegalArgumentException("agent " + a.info.id() + ": cannot reserve " + r + " for '" + op.role()
          + "', free unreserved is " + a.free.unreserved());
    }
    move(a, "*", op.role(), r);
    a.recordReserve(op);
  }

  /** Operator UNRESERVE of a free dynamic reservation. */
  void unreserveFree(AgentState a, Operation.Unreserve op) {
    Resources r = op.resources();
    checkDynamic(a, op.role(), r);
    if (!a.free.of(op.role()).contains(r)) {
      throw new IllegalArgumentException("agent " + a.info.id() + ": cannot unreserve " + r + " of '" + op.role()
          + "', its free reservation is " + a.free.of(op.role()) + " (the rest is allocated)");
    }
    move(a, op.role(), "*", r);
    a.recordUnreserve(op.role(), r);
  }

  private void move(AgentState a, String from, String to, Resources r) {
    a.free = a.free.minus(from, r).plus(to, r);
    AgentInfo i = a.info;
    a.info = new AgentInfo(i.id(), i.hostname(), i.total().minus(from, r).plus(to, r), i.attributes(), i.active(),
        i.draining());
    long[] v = d.index.vector(r);
    a.freeUnreserved = Vec.add(a.freeUnreserved, v, "*".equals(from) ? -1 : 1);
    String role = "*".equals(from) ? to : from;
    d.roles.reserve(role, v, "*".equals(from) ? 1 : -1);
  }

  private static void checkDynamic(AgentState a, String role, Resources r) {
    if (!a.dynamicOf(role).contains(r)) {
      throw new IllegalArgumentException("agent " + a.info.id() + ": cannot unreserve " + r + " of '" + role
          + "': only dynamic reservations can be unreserved, and '" + role + "' holds " + a.dynamicOf(role)
          + " dynamically");
    }
  }

  private void register(AgentState a, Offer o) {
    d.offers.put(o.id(), o);
    a.offers.put(o.id(), o);
  }

  private AgentState unregister(Offer o) {
    d.offers.remove(o.id());
    AgentState a = d.agents.get(o.agentId());
    a.offers.remove(o.id());
    return a;
  }
}
