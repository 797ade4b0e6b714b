package io.citadel.master.allocator.drf;

import java.util.List;

/**
 * What one allocation round decided: offers to make, demands that can never be met, and offers to
 * rescind (their resources already went back to the pool in the allocator). The leading master
 * re-validates each decision against live state before acting. Immutable.
 *
 * @param epoch          the allocator epoch (also in every offer)
 * @param nowMillis      the clock the round ran at
 * @param offers         new offers, at most one per (agent, framework, role) per round
 * @param unsatisfiable  demands larger than any agent, with reasons (B07)
 * @param rescinds       outstanding offers to take back, with reasons
 */
public record AllocationResult(long epoch, long nowMillis, List<Offer> offers, List<Demand.Unsatisfiable> unsatisfiable,
    List<Rescind> rescinds) {

  /** Copies the lists. */
  public AllocationResult {
    offers = List.copyOf(offers);
    unsatisfiable = List.copyOf(unsatisfiable);
    rescinds = List.copyOf(rescinds);
  }

  /** An outstanding offer the allocator took back, and why ("agent removed", "quota changed"). */
  public record Rescind(Offer offer, String reason) {}
}
