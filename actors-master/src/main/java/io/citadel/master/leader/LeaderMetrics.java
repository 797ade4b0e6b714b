package io.citadel.master.leader;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of the leading master on this node, read by the operator API and tests. Thread-safe. */
public final class LeaderMetrics {
  private final AtomicLong epoch = new AtomicLong();
  private final AtomicLong offersMade = new AtomicLong();
  private final AtomicLong tasksLaunched = new AtomicLong();
  private final AtomicLong refusedAccepts = new AtomicLong();
  private final AtomicLong badSeals = new AtomicLong();
  private final AtomicLong staleAllocatorDecisions = new AtomicLong();

  void leaderEpoch(long value) {
    epoch.set(value);
  }

  void offerMade() {
    offersMade.incrementAndGet();
  }

  void taskLaunched() {
    tasksLaunched.incrementAndGet();
  }

  void acceptRefused() {
    refusedAccepts.incrementAndGet();
  }

  void badSeal() {
    badSeals.incrementAndGet();
  }

  void staleDecision() {
    staleAllocatorDecisions.incrementAndGet();
  }

  public long leaderEpoch() {
    return epoch.get();
  }

  public long offersMade() {
    return offersMade.get();
  }

  public long tasksLaunched() {
    return tasksLaunched.get();
  }

  public long refusedAccepts() {
    return refusedAccepts.get();
  }

  public long badSeals() {
    return badSeals.get();
  }

  public long staleAllocatorDecisions() {
    return staleAllocatorDecisions.get();
  }
}
