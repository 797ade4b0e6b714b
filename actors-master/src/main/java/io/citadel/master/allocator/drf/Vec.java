package io.citadel.master.allocator.drf;

import java.util.Arrays;

/**
 * Dense scalar vectors: one {@code long} of milli-units per scalar name, indexed by
 * {@link ScalarIndex}. The allocator keeps every agent's free pool and every role's and client's
 * allocation this way so that share computation and fit checks in the inner loop touch a few
 * array slots instead of hashing resource names.
 *
 * <p>Vectors may be shorter than the index (a name registered after the vector was made): a missing
 * slot reads as 0, and writers call {@link #fit} and keep the returned array. Stateless.
 */
final class Vec {
  private Vec() {}

  /** Slot {@code i}, 0 when the vector is shorter. */
  static long get(long[] v, int i) {
    return i < v.length ? v[i] : 0;
  }

  /** {@code v} itself if it has at least {@code n} slots, else a longer copy. */
  static long[] fit(long[] v, int n) {
    return v.length >= n ? v : Arrays.copyOf(v, n);
  }

  /** {@code v + sign * d}, growing {@code v} when needed; returns the (possibly new) array. */
  static long[] add(long[] v, long[] d, int sign) {
    long[] out = fit(v, d.length);
    for (int i = 0; i < d.length; i++) {
      out[i] += sign * d[i];
    }
    return out;
  }

  /** Whether every slot is 0. */
  static boolean isZero(long[] v) {
    for (long x : v) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Dominant share: the largest {@code v[i] / total[i]} over the slots where the total is
   * positive, divided by {@code weight}. This is the DRF key (Ghodsi et al., NSDI 2011).
   */
  static double share(long[] v, long[] total, double weight) {
    double max = 0;
    int n = Math.min(v.length, total.length);
    for (int i = 0; i < n; i++) {
      if (total[i] > 0 && v[i] > 0) {
        double s = (double) v[i] / total[i];
        if (s > max) {
          max = s;
        }
      }
    }
    return max / weight;
  }
}
