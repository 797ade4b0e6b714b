package io.citadel.master.allocator.drf;

import java.util.Map;
import java.util.TreeMap;

/**
 * Counters for the metrics endpoint: allocation runs, last and total run time, offers made, and
 * live filters per role (as of the last run). Updated by {@link DrfAllocator} only; read by the
 * allocator actor on the same thread, so no synchronisation.
 */
public final class AllocatorCounters {
  private long runs;
  private long lastRunNanos;
  private long totalRunNanos;
  private long offersMade;
  private long rescinds;
  private Map<String, Integer> activeFiltersPerRole = Map.of();

  void recordRun(long nanos, int offers, Map<String, Integer> filtersPerRole) {
    runs++;
    lastRunNanos = nanos;
    totalRunNanos += nanos;
    offersMade += offers;
    activeFiltersPerRole = Map.copyOf(new TreeMap<>(filtersPerRole));
  }

  void recordRescinds(int n) {
    rescinds += n;
  }

  /** Allocation rounds run so far. */
  public long runs() {
    return runs;
  }

  /** Duration of the last round, in nanoseconds. */
  public long lastRunNanos() {
    return lastRunNanos;
  }

  /** Sum of all rounds' durations, in nanoseconds. */
  public long totalRunNanos() {
    return totalRunNanos;
  }

  /** Offers made so far. */
  public long offersMade() {
    return offersMade;
  }

  /** Offers rescinded so far. */
  public long rescinds() {
    return rescinds;
  }

  /** Live decline filters per role as of the last round. */
  public Map<String, Integer> activeFiltersPerRole() {
    return activeFiltersPerRole;
  }
}
