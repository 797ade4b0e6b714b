package io.citadel.master.allocator.drf;

import io.citadel.runtime.model.AgentResources;
import io.citadel.runtime.model.Range;
import io.citadel.runtime.model.Resources;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Gives every scalar name seen in the cluster a dense slot number for {@link Vec}, in first-seen
 * order after the well-known {@code cpus, mem, disk, gpus} (slots 0..3). Names are never removed;
 * a cluster has a handful. Owned by one {@link DrfAllocator}; not thread-safe.
 */
final class ScalarIndex {
  static final int CPUS = 0;
  static final int MEM = 1;
  static final int GPUS = 3;

  private final Map<String, Integer> slots = new HashMap<>();
  private final List<String> names = new ArrayList<>();

  ScalarIndex() {
    slot(Resources.CPUS);
    slot(Resources.MEM);
    slot(Resources.DISK);
    slot(Resources.GPUS);
  }

  /** The slot of {@code name}, assigning the next one to a new name. */
  int slot(String name) {
    Integer s = slots.get(name);
    if (s == null) {
      s = names.size();
      slots.put(name, s);
      names.add(name);
    }
    return s;
  }

  /** The slot of {@code name}, or -1 if never seen. */
  int find(String name) {
    return slots.getOrDefault(name, -1);
  }

  int size() {
    return names.size();
  }

  String name(int slot) {
    return names.get(slot);
  }

  /** The scalars of {@code r} as a fresh vector. */
  long[] vector(Resources r) {
    for (String n : r.scalars().keySet()) {
      slot(n);
    }
    long[] v = new long[size()];
    r.scalars().forEach((n, m) -> v[slots.get(n)] += m);
    return v;
  }

  /** All scalars of {@code a} (unreserved and every reservation) as a fresh vector. */
  long[] vector(AgentResources a) {
    long[] v = vector(a.unreserved());
    for (Resources r : a.reserved().values()) {
      v = Vec.add(v, vector(r), 1);
    }
    return v;
  }

  /** Resources with the scalars of {@code v} (positive slots only) and the given ports. */
  Resources resources(long[] v, List<Range> ports) {
    Map<String, Long> m = new TreeMap<>();
    for (int i = 0; i < v.length; i++) {
      if (v[i] > 0) {
        m.put(names.get(i), v[i]);
      }
    }
    return new Resources(m, ports);
  }
}
