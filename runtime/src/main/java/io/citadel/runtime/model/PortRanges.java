package io.citadel.runtime.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.citadel.runtime.model.InvalidResourcesException.Violation;

/**
 * Set operations on port ranges for {@link Resources}. Every list returned is <em>normalised</em>:
 * sorted by begin, non-overlapping, with adjacent ranges merged ({@code [1-2,3-4]} becomes
 * {@code [1-4]}), unmodifiable. Operations assume normalised inputs, except {@link #normalise}.
 * Stateless; thread-safe.
 */
final class PortRanges {

    /** Most ranges one message may carry; 0..65535 never needs more than 32,768 after merging. */
    static final int MAX_RANGES = 32_768;

    private PortRanges() {
    }

    /**
     * Sorts and merges {@code ranges}, adding a violation naming each overlapping pair
     * (overlaps within one agent or one request are a configuration error, B03).
     */
    static List<Range> normalise(List<Range> ranges, List<Violation> violations) {
        if (ranges.size() > MAX_RANGES) {
            violations.add(new Violation("ports", ranges.size() + " ranges, at most " + MAX_RANGES + " are allowed"));
            return List.of();
        }
        List<Range> sorted = new ArrayList<>(ranges.size());
        for (Range r : ranges) {
            if (r == null) {
                violations.add(new Violation("ports", "contains a null range"));
                return List.of();
            }
            sorted.add(r);
        }
        sorted.sort(Comparator.comparingLong(Range::begin).thenComparingLong(Range::end));
        List<Range> out = new ArrayList<>(sorted.size());
        Range widest = null; // the given range reaching furthest so far, named in overlap errors
        for (Range r : sorted) {
            if (widest != null && widest.overlaps(r)) {
                violations.add(new Violation("ports", "ranges [" + widest + "] and [" + r + "] overlap"));
            }
            if (widest == null || r.end() > widest.end()) {
                widest = r;
            }
            Range last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && r.begin() <= last.end() + 1) {
                out.set(out.size() - 1, new Range(last.begin(), Math.max(last.end(), r.end())));
            } else {
                out.add(r);
            }
        }
        return List.copyOf(out);
    }

    /** Union of two disjoint sets; throws naming the overlap when a port would be counted twice. */
    static List<Range> union(List<Range> a, List<Range> b) {
        if (b.isEmpty()) {
            return a;
        }
        if (a.isEmpty()) {
            return b;
        }
        List<Range> all = new ArrayList<>(a);
        all.addAll(b);
        List<Violation> violations = new ArrayList<>();
        List<Range> out = normalise(all, violations);
        InvalidResourcesException.throwIfAny(violations);
        return out;
    }

    /** Whether every port of {@code b} is in {@code a}. */
    static boolean contains(List<Range> a, List<Range> b) {
        int i = 0;
        for (Range r : b) {
            while (i < a.size() && a.get(i).end() < r.begin()) {
                i++;
            }
            if (i == a.size() || a.get(i).begin() > r.begin() || a.get(i).end() < r.end()) {
                return false;
            }
        }
        return true;
    }

    /** {@code a} without the ports of {@code b}; {@code b} must be contained in {@code a}. */
    static List<Range> subtract(List<Range> a, List<Range> b) {
        if (!contains(a, b)) {
            throw new IllegalArgumentException("ports: cannot remove " + format(b) + " from " + format(a)
                    + ": not all of those ports are present");
        }
        List<Range> out = new ArrayList<>();
        int k = 0;
        for (Range r : a) {
            long cursor = r.begin();
            // b is contained in a and both are normalised, so each b range lies inside exactly one a range.
            while (k < b.size() && b.get(k).end() <= r.end()) {
                Range cut = b.get(k);
                if (cut.begin() > cursor) {
                    out.add(new Range(cursor, cut.begin() - 1));
                }
                cursor = cut.end() + 1;
                k++;
            }
            if (cursor <= r.end()) {
                out.add(new Range(cursor, r.end()));
            }
        }
        return List.copyOf(out);
    }

    /** The lowest {@code n} ports of {@code a} as ranges; throws if {@code a} has fewer. */
    static List<Range> takeFirst(List<Range> a, long n) {
        if (n < 0) {
            throw new IllegalArgumentException("ports: cannot take a negative number of ports: " + n);
        }
        if (count(a) < n) {
            throw new IllegalArgumentException("ports: " + n + " requested but only " + count(a)
                    + " available in " + format(a));
        }
        List<Range> out = new ArrayList<>();
        long left = n;
        for (Range r : a) {
            if (left == 0) {
                break;
            }
            long take = Math.min(left, r.size());
            out.add(new Range(r.begin(), r.begin() + take - 1));
            left -= take;
        }
        return List.copyOf(out);
    }

    /** Number of ports in a normalised list. */
    static long count(List<Range> a) {
        long n = 0;
        for (Range r : a) {
            n += r.size();
        }
        return n;
    }

    /** Mesos text form, {@code [31000-32000,33000-33001]}. */
    static String format(List<Range> a) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < a.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(a.get(i));
        }
        return out.append(']').toString();
    }
}
