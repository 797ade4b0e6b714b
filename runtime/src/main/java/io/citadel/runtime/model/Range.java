package io.citadel.runtime.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An inclusive range of port numbers {@code [begin-end]}, within 0..65535. Used in
 * {@link Resources#ports()}, where ranges are kept sorted, merged and non-overlapping.
 *
 * <p>Immutable. Serialised by Jackson as {@code {"begin":31000,"end":32000}}; deserialisation
 * refuses fractional, missing or out-of-range numbers instead of truncating them.
 *
 * @param begin first port, inclusive
 * @param end   last port, inclusive, {@code >= begin}
 */
public record Range(@JsonProperty("begin") long begin, @JsonProperty("end") long end) {

    /** Lowest port number. */
    public static final long MIN_PORT = 0;
    /** Highest port number. */
    public static final long MAX_PORT = 65_535;

    /** @throws IllegalArgumentException naming {@code ports} when out of 0..65535 or begin > end */
    public Range {
        if (begin < MIN_PORT || end > MAX_PORT || begin > MAX_PORT || end < MIN_PORT) {
            throw new IllegalArgumentException("ports: range [" + begin + "-" + end + "] is outside "
                    + MIN_PORT + ".." + MAX_PORT);
        }
        if (begin > end) {
            throw new IllegalArgumentException("ports: range [" + begin + "-" + end + "] has begin > end");
        }
    }

    /** Shorthand for {@code new Range(begin, end)}. */
    public static Range of(long begin, long end) {
        return new Range(begin, end);
    }

    /** A range of one port. */
    public static Range single(long port) {
        return new Range(port, port);
    }

    /**
     * Jackson entry point: takes {@link Number}s so that {@code 1.5} or a missing bound is refused
     * rather than silently truncated to a {@code long}.
     */
    @JsonCreator
    static Range fromWire(@JsonProperty("begin") Number begin, @JsonProperty("end") Number end) {
        return new Range(wholeNumber("begin", begin), wholeNumber("end", end));
    }

    /** Number of ports in the range. */
    public long size() {
        return end - begin + 1;
    }

    /** Whether {@code port} lies in this range. */
    public boolean contains(long port) {
        return port >= begin && port <= end;
    }

    /** Whether the two ranges share at least one port. */
    public boolean overlaps(Range other) {
        return begin <= other.end && other.begin <= end;
    }

    @Override
    public String toString() {
        return begin + "-" + end;
    }

    private static long wholeNumber(String field, Number n) {
        if (n == null) {
            throw new IllegalArgumentException("ports: range is missing '" + field + "'");
        }
        if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
            return n.longValue();
        }
        throw new IllegalArgumentException("ports: range '" + field + "' must be a whole port number, got " + n);
    }
}
