package io.citadel.security.kerberos;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Citadel's replay cache for Kerberos authenticators, in front of the JDK's own.
 *
 * <p>Goals: refuse a byte-exact resend of an AP-REQ; never refuse two distinct authenticators that
 * happen to share client, ctime and cusec (field case B25 — 50 threads of one agent authenticating in
 * the same microsecond). Constraints: bounded memory; when full, fail closed rather than forget.
 *
 * <p>Algorithm: the key is the SHA-256 of the encrypted authenticator (it holds a random confounder,
 * so distinct authenticators always differ). Entries live for {@code retention} (2 × max clock skew:
 * an authenticator older than the skew is refused by the time check anyway, and the factor 2 covers a
 * client clock ahead of ours). Insertion order equals expiry order, so expired entries are purged from
 * the head of a {@link LinkedHashMap}. Example: retention 600 s, entry stored at t=0 → a resend at
 * t=599 s is {@code REPLAY}, at t=601 s the entry is gone (and the time check refuses the token).
 *
 * <p>Thread-safe: every method is synchronized; a check is one hash lookup, cheap next to the
 * decryption the acceptor has already done.
 */
final class ReplayCache {

    /** What {@link #checkAndStore} decided. */
    enum Outcome {
        /** Never seen: now recorded. */
        FRESH,
        /** Seen within the retention period. */
        REPLAY,
        /** Not seen, but the cache is full of live entries: refuse (fail closed). */
        FULL
    }

    private final Clock clock;
    private final Duration retention;
    private final int maxEntries;
    private final LinkedHashMap<ByteBuffer, Long> expiryByKey = new LinkedHashMap<>();

    ReplayCache(Clock clock, Duration retention, int maxEntries) {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive, got " + retention);
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, got " + maxEntries);
        }
        this.clock = clock;
        this.retention = retention;
        this.maxEntries = maxEntries;
    }

    /** True if {@code key} is recorded and not expired; records nothing. */
    synchronized boolean contains(byte[] key) {
        purgeExpired(clock.millis());
        return expiryByKey.containsKey(ByteBuffer.wrap(key.clone()));
    }

    /** Records {@code key} unless it is already recorded (REPLAY) or the cache is full (FULL). */
    synchronized Outcome checkAndStore(byte[] key) {
        long now = clock.millis();
        purgeExpired(now);
        ByteBuffer k = ByteBuffer.wrap(key.clone());
        if (expiryByKey.containsKey(k)) {
            return Outcome.REPLAY;
        }
        if (expiryByKey.size() >= maxEntries) {
            return Outcome.FULL;
        }
        expiryByKey.put(k, now + retention.toMillis());
        return Outcome.FRESH;
    }

    synchronized int size() {
        purgeExpired(clock.millis());
        return expiryByKey.size();
    }

    int maxEntries() {
        return maxEntries;
    }

    private void purgeExpired(long now) {
        Iterator<Map.Entry<ByteBuffer, Long>> it = expiryByKey.entrySet().iterator();
        while (it.hasNext() && it.next().getValue() <= now) {
            it.remove();
        }
    }
}
