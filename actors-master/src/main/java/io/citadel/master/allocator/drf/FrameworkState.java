package io.citadel.master.allocator.drf;

import io.citadel.runtime.model.FrameworkId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The allocator's book on one framework: its current {@link FrameworkInfo}, one sorter client per
 * role it ever used, and its decline filters by agent slot. Owned by one {@link DrfAllocator}; not
 * thread-safe.
 */
final class FrameworkState {
  final FrameworkId id;
  FrameworkInfo info;
  boolean gpuCapable;
  final Map<String, RoleTree.Client> clients = new HashMap<>();
  /** Filters by agent slot; empty for most frameworks, which keeps the inner-loop check to one test. */
  final Map<Integer, List<OfferFilter>> filters = new HashMap<>();

  FrameworkState(FrameworkInfo info) {
    this.id = info.id();
    update(info);
  }

  void update(FrameworkInfo next) {
    this.info = next;
    this.gpuCapable = next.capabilities().contains(FrameworkInfo.GPU_RESOURCES);
  }

  /** Whether the framework wants offers for {@code role} now. */
  boolean wants(String role) {
    return info.roles().contains(role) && !info.suppressedRoles().contains(role);
  }

  /** Whether a live filter refuses offering {@code offered} of agent {@code slot} for {@code role}. */
  boolean filtered(int slot, String role, io.citadel.runtime.model.AgentResources offered, long now) {
    if (filters.isEmpty()) {
      return false;
    }
    List<OfferFilter> list = filters.get(slot);
    if (list == null) {
      return false;
    }
    for (OfferFilter f : list) {
      if (f.role().equals(role) && f.refuses(offered, now)) {
        return true;
      }
    }
    return false;
  }

  void addFilter(int slot, OfferFilter f) {
    filters.computeIfAbsent(slot, k -> new ArrayList<>(2)).add(f);
  }

  /** Drops filters of {@code role} (all roles when null); returns how many. */
  int clearFilters(String role) {
    int n = 0;
    for (Iterator<List<OfferFilter>> it = filters.values().iterator(); it.hasNext(); ) {
      List<OfferFilter> list = it.next();
      int before = list.size();
      list.removeIf(f -> role == null || f.role().equals(role));
      n += before - list.size();
      if (list.isEmpty()) {
        it.remove();
      }
    }
    return n;
  }

  /** Drops expired filters and counts the live ones per role into {@code perRole}. */
  void expireFilters(long now, Map<String, Integer> perRole) {
    for (Iterator<List<OfferFilter>> it = filters.values().iterator(); it.hasNext(); ) {
      List<OfferFilter> list = it.next();
      list.removeIf(f -> f.expiresAtMillis() <= now);
      if (list.isEmpty()) {
        it.remove();
      } else {
        list.forEach(f -> perRole.merge(f.role(), 1, Integer::sum));
      }
    }
  }
}
