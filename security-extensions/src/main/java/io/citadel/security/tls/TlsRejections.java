package io.citadel.security.tls;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts refused TLS peers and connections per {@link RejectionReason}, for tests and metrics.
 *
 * <p>Pekko does not surface inbound handshake failures at INFO/WARN, so these counters (and the
 * WARN lines written next to them) are how an operator sees probes, foreign nodes and expired
 * certificates. A provider created by Pekko registers its counters under its actor system's name,
 * so {@link #forSystem(String)} finds them from outside. Thread-safe (lock-free counters).
 */
public final class TlsRejections {

    private static final Map<String, TlsRejections> BY_SYSTEM = new ConcurrentHashMap<>();

    private final Map<RejectionReason, LongAdder> counts = new EnumMap<>(RejectionReason.class);

    public TlsRejections() {
        for (RejectionReason r : RejectionReason.values()) {
            counts.put(r, new LongAdder()); // filled once, read-only afterwards: safe to share
        }
    }

    /** The counters of the provider serving the actor system with this name (created on first use). */
    public static TlsRejections forSystem(String systemName) {
        return BY_SYSTEM.computeIfAbsent(systemName, n -> new TlsRejections());
    }

    void record(RejectionReason reason) {
        counts.get(reason).increment();
    }

    /** Rejections so far for one reason. */
    public long count(RejectionReason reason) {
        return counts.get(reason).sum();
    }

    /** Rejections so far over all reasons. */
    public long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** A point-in-time copy of all counters. */
    public Map<RejectionReason, Long> snapshot() {
        Map<RejectionReason, Long> copy = new EnumMap<>(RejectionReason.class);
        counts.forEach((r, n) -> copy.put(r, n.sum()));
        return copy;
    }

    @Override
    public String toString() {
        return "TlsRejections" + snapshot();
    }
}
