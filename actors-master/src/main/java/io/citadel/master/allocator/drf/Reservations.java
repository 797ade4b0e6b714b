package io.citadel.master.allocator.drf;

import io.citadel.runtime.model.AgentResources;
import io.citadel.runtime.model.Resources;
import io.citadel.runtime.model.Role;
import java.util.Map;
import java.util.TreeMap;

/**
 * Arithmetic on {@link AgentResources} as a whole (unreserved part and every reservation, each kept
 * apart): the allocator moves resources between an agent's free pool, offers and allocations
 * without ever mixing a reservation into the unreserved pool. Stateless.
 */
final class Reservations {
  private Reservations() {}

  /** {@code a + b}, part by part. */
  static AgentResources plus(AgentResources a, AgentResources b) {
    if (b.isEmpty()) {
      return a;
    }
    if (a.isEmpty()) {
      return b;
    }
    Map<String, Resources> reserved = new TreeMap<>(a.reserved());
    b.reserved().forEach((role, r) -> reserved.merge(role, r, Resources::plus));
    return new AgentResources(a.unreserved().plus(b.unreserved()), reserved);
  }

  /**
   * {@code a - b}, part by part.
   *
   * @throws IllegalArgumentException naming the part and resource when {@code b} is not in {@code a}
   */
  static AgentResources minus(AgentResources a, AgentResources b) {
    if (b.isEmpty()) {
      return a;
    }
    Map<String, Resources> reserved = new TreeMap<>(a.reserved());
    for (Map.Entry<String, Resources> e : b.reserved().entrySet()) {
      Resources have = reserved.getOrDefault(e.getKey(), Resources.EMPTY);
      try {
        reserved.put(e.getKey(), have.minus(e.getValue()));
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException("reserved(" + e.getKey() + "): " + ex.getMessage(), ex);
      }
    }
    Resources unreserved;
    try {
      unreserved = a.unreserved().minus(b.unreserved());
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException("unreserved: " + ex.getMessage(), ex);
    }
    return new AgentResources(unreserved, reserved);
  }

  /** Whether every part of {@code b} is within the same part of {@code a}. */
  static boolean contains(AgentResources a, AgentResources b) {
    if (!a.unreserved().contains(b.unreserved())) {
      return false;
    }
    for (Map.Entry<String, Resources> e : b.reserved().entrySet()) {
      if (!a.of(e.getKey()).contains(e.getValue())) {
        return false;
      }
    }
    return true;
  }

  /** The reservations in {@code a} that a framework of {@code role} may use (role and its ancestors). */
  static Map<String, Resources> usableBy(AgentResources a, Role role) {
    Map<String, Resources> out = null;
    for (Map.Entry<String, Resources> e : a.reserved().entrySet()) {
      String holder = e.getKey();
      if (holder.equals(role.name()) || Role.of(holder).isAncestorOf(role)) {
        if (out == null) {
          out = new TreeMap<>();
        }
        out.put(holder, e.getValue());
      }
    }
    return out == null ? Map.of() : out;
  }
}
