package io.citadel.security.kerberos;

import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.security.kerberos.ReplayCache.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ReplayCacheTest {

    /** A clock the test moves by hand. */
    private static final class TestingClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final TestingClock clock = new TestingClock();

    @Test
    void distinctKeysAreFreshAndAnExactRepeatIsReplay() {
        ReplayCache cache = new ReplayCache(clock, Duration.ofMinutes(10), 10);

        assertThat(cache.checkAndStore(new byte[] {1, 2, 3})).isEqualTo(Outcome.FRESH);
        assertThat(cache.checkAndStore(new byte[] {1, 2, 4})).isEqualTo(Outcome.FRESH);
        assertThat(cache.checkAndStore(new byte[] {1, 2, 3})).isEqualTo(Outcome.REPLAY);
        assertThat(cache.contains(new byte[] {1, 2, 4})).isTrue();
    }

    @Test
    void entriesExpireAfterRetention() {
        ReplayCache cache = new ReplayCache(clock, Duration.ofSeconds(600), 10);
        cache.checkAndStore(new byte[] {7});

        clock.advance(Duration.ofSeconds(599));
        assertThat(cache.checkAndStore(new byte[] {7})).isEqualTo(Outcome.REPLAY);

        clock.advance(Duration.ofSeconds(2));
        assertThat(cache.size()).isZero();
        assertThat(cache.checkAndStore(new byte[] {7})).isEqualTo(Outcome.FRESH);
    }

    @Test
    void fullCacheFailsClosedUntilEntriesExpire() {
        ReplayCache cache = new ReplayCache(clock, Duration.ofSeconds(60), 2);
        cache.checkAndStore(new byte[] {1});
        cache.checkAndStore(new byte[] {2});

        assertThat(cache.checkAndStore(new byte[] {3})).isEqualTo(Outcome.FULL);
        assertThat(cache.checkAndStore(new byte[] {1})).isEqualTo(Outcome.REPLAY);

        clock.advance(Duration.ofSeconds(61));
        assertThat(cache.checkAndStore(new byte[] {3})).isEqualTo(Outcome.FRESH);
    }

    @Test
    void callerMutatingItsArrayDoesNotChangeTheStoredKey() {
        ReplayCache cache = new ReplayCache(clock, Duration.ofSeconds(60), 10);
        byte[] key = {9, 9};
        cache.checkAndStore(key);
        key[0] = 0;

        assertThat(cache.contains(new byte[] {9, 9})).isTrue();
    }
}
