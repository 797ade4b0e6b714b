package io.citadel.master.allocator.drf;

import io.citadel.runtime.model.Resources;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Tunables of the DRF allocator, with Mesos's defaults. The allocator actor builds it from
 * {@code citadel.master.allocation-interval}, {@code citadel.master.default-refuse} and friends.
 * Immutable.
 *
 * @param allocationInterval batch allocation period; also the shortest effective decline filter
 * @param defaultRefuse      filter duration for a decline with no or a negative refuse-seconds (5 s)
 * @param maxRefuse          longest filter; longer requests are cut to it (365 days)
 * @param offerTimeout       unused offers older than this are rescinded; {@link Duration#ZERO} is off
 * @param minAllocatable     an offer must hold at least one of these (cpus:0.01 or mem:32)
 */
public record DrfSettings(Duration allocationInterval, Duration defaultRefuse, Duration maxRefuse,
    Duration offerTimeout, List<Resources> minAllocatable) {

  /** Mesos's defaults: 1 s interval, 5 s refuse, 365 days max, no offer timeout, cpus:0.01 or mem:32. */
  public static final DrfSettings DEFAULTS = new DrfSettings(Duration.ofSeconds(1), Duration.ofSeconds(5),
      Duration.ofDays(365), Duration.ZERO, List.of(Resources.parse("cpus:0.01"), Resources.parse("mem:32")));

  /** @throws IllegalArgumentException naming the field that is missing, negative or empty */
  public DrfSettings {
    positive("allocation-interval", allocationInterval);
    positive("default-refuse", defaultRefuse);
    positive("max-refuse", maxRefuse);
    Objects.requireNonNull(offerTimeout, "offer-timeout");
    if (offerTimeout.isNegative()) {
      throw new IllegalArgumentException("offer-timeout must not be negative, got " + offerTimeout);
    }
    if (minAllocatable == null || minAllocatable.isEmpty()) {
      throw new IllegalArgumentException("min-allocatable must name at least one resource set");
    }
    for (Resources r : minAllocatable) {
      if (r == null || r.scalars().isEmpty()) {
        throw new IllegalArgumentException("min-allocatable: every entry must name at least one scalar, got " + r);
      }
    }
    minAllocatable = List.copyOf(minAllocatable);
  }

  /**
   * The effective filter for a decline: {@code refuseSeconds} NaN is refused; negative or absent
   * ({@code null}) means {@link #defaultRefuse}; above {@link #maxRefuse} is cut to it; and never
   * shorter than one allocation interval (Mesos's rule, so a decline is not re-offered in the same
   * breath).
   *
   * @throws IllegalArgumentException for NaN
   */
  public long filterMillis(Double refuseSeconds) {
    long millis;
    if (refuseSeconds == null || refuseSeconds < 0) {
      millis = defaultRefuse.toMillis();
    } else if (refuseSeconds.isNaN()) {
      throw new IllegalArgumentException("refuse_seconds must be a number, got NaN");
    } else if (refuseSeconds * 1000 >= maxRefuse.toMillis()) {
      millis = maxRefuse.toMillis();
    } else {
      millis = (long) Math.ceil(refuseSeconds * 1000);
    }
    return Math.max(millis, allocationInterval.toMillis());
  }

  private static void positive(String key, Duration d) {
    Objects.requireNonNull(d, key);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(key + " must be positive, got " + d);
    }
  }
}
