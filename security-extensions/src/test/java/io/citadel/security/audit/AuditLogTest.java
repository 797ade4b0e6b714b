package io.citadel.security.audit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;

import static io.citadel.security.audit.AuditFixtures.await;
import static io.citadel.security.audit.AuditFixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

class AuditLogTest {

    @TempDir
    Path dir;

    private static AuditLog.Settings settings(int capacity, int every, Duration interval) {
        return new AuditLog.Settings(capacity, every, interval, Duration.ofMillis(10), 3);
    }

    @Test
    void writesAChainThatVerifies() throws Exception {
        KeyPair keys = AuditFixtures.ecKeys();
        Path file = dir.resolve("audit.log");
        try (AuditLog log = AuditLog.open(file, keys.getPrivate(), new TestingClock(), settings(100, 3, Duration.ofHours(1)))) {
            for (int i = 1; i <= 7; i++) {
                assertThat(log.offer(record(i))).isTrue();
            }
        }
        VerifyReport report = AuditVerifier.verify(file, keys.getPublic());
        assertThat(report.status()).as(report.toString()).isEqualTo(VerifyReport.Status.OK);
        assertThat(report.records()).isEqualTo(7);
        assertThat(report.checkpoints()).isEqualTo(3); // after records 3 and 6, and the final one
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(0)).startsWith("{\"type\":\"record\",\"seq\":1,\"time\":\"2025-01-01T00:00:00Z\","
                + "\"principal\":\"u1\",\"action\":\"reserve\",\"object\":\"role=eng\",\"decision\":\"deny\"");
        assertThat(lines.get(lines.size() - 1)).contains("\"type\":\"checkpoint\"", "\"final\":true");
    }

    @Test
    void checkpointAfterIntervalEvenWithFewRecords() throws Exception {
        KeyPair keys = AuditFixtures.ecKeys();
        TestingClock clock = new TestingClock();
        TestingAuditSink sink = new TestingAuditSink();
        try (AuditLog log = new AuditLog(sink, new FileAuditSink.Tail(0, AuditLines.GENESIS), keys.getPrivate(), clock,
                settings(100, 1000, Duration.ofSeconds(10)))) {
            log.offer(record(1));
            await("record written", () -> log.linesWritten() == 1);
            clock.advance(Duration.ofSeconds(11));
            await("timed checkpoint", () -> log.linesWritten() == 2);
            assertThat(sink.lines().get(1)).contains("\"type\":\"checkpoint\"", "\"final\":false");
        }
    }

    @Test
    void sinkFailureFailsClosedLoudlyAndRecovers() throws Exception {
        KeyPair keys = AuditFixtures.ecKeys();
        TestingAuditSink sink = new TestingAuditSink();
        Logger logger = (Logger) LoggerFactory.getLogger(AuditLog.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        Path file = dir.resolve("copy.log");
        try (AuditLog log = new AuditLog(sink, new FileAuditSink.Tail(0, AuditLines.GENESIS), keys.getPrivate(),
                new TestingClock(), settings(100, 1000, Duration.ofHours(1)))) {
            log.offer(record(1));
            await("first record", () -> log.linesWritten() == 1);
            assertThat(log.healthy()).isTrue();
            sink.failing.set(true);
            log.offer(record(2));
            await("unhealthy", () -> !log.healthy());
            await("retries", () -> sink.failures.get() >= 3);
            sink.failing.set(false);
            await("recovered", log::healthy);
            log.offer(record(3));
            await("all written", () -> log.linesWritten() == 3);
        } finally {
            logger.detachAppender(appender);
        }
        assertThat(appender.list).anyMatch(e -> e.getLevel() == Level.ERROR
                && e.getFormattedMessage().contains("AUDIT SINK FAILED"));
        assertThat(appender.list).filteredOn(e -> e.getLevel() == Level.ERROR).hasSize(1); // once per outage
        // The retried line went in exactly once and the chain is intact.
        Files.write(file, sink.lines());
        VerifyReport report = AuditVerifier.verify(file, keys.getPublic());
        assertThat(report.status()).as(report.toString()).isEqualTo(VerifyReport.Status.OK);
        assertThat(report.records()).isEqualTo(3);
        assertThat(sink.closed).isTrue();
    }

    @Test
    void offerNeverBlocksAndRefusesWhenFull() throws Exception {
        KeyPair keys = AuditFixtures.ecKeys();
        TestingAuditSink sink = new TestingAuditSink();
        sink.failing.set(true); // the writer is stuck retrying the first record
        try (AuditLog log = new AuditLog(sink, new FileAuditSink.Tail(0, AuditLines.GENESIS), keys.getPrivate(),
                new TestingClock(), settings(4, 1000, Duration.ofHours(1)))) {
            int accepted = 0;
            for (int i = 0; i < 20; i++) {
                if (log.offer(record(i))) {
                    accepted++;
                }
            }
            assertThat(accepted).isBetween(4, 5); // capacity, plus the one the writer holds
            assertThat(log.dropped()).isEqualTo(20 - accepted);
            await("unhealthy", () -> !log.healthy());
        }
        assertThat(sink.closed).isTrue();
    }

    @Test
    void offerAfterCloseIsRefused() throws Exception {
        AuditLog log = new AuditLog(new TestingAuditSink(), new FileAuditSink.Tail(0, AuditLines.GENESIS),
                AuditFixtures.ecKeys().getPrivate(), new TestingClock(), AuditLog.Settings.defaults());
        log.close();
        assertThat(log.offer(record(1))).isFalse();
        assertThat(log.healthy()).isFalse();
    }

    @Test
    void reopeningContinuesTheChainAndCutsAPartialLine() throws Exception {
        KeyPair keys = AuditFixtures.rsaKeys();
        Path file = dir.resolve("audit.log");
        try (AuditLog log = AuditLog.open(file, keys.getPrivate(), new TestingClock(), settings(10, 100, Duration.ofHours(1)))) {
            log.offer(record(1));
            log.offer(record(2));
        }
        Files.writeString(file, "{\"type\":\"rec", java.nio.file.StandardOpenOption.APPEND); // crash mid-write
        try (AuditLog log = AuditLog.open(file, keys.getPrivate(), new TestingClock(), settings(10, 100, Duration.ofHours(1)))) {
            log.offer(record(3));
        }
        VerifyReport report = AuditVerifier.verify(file, AuditFixtures.selfSigned(keys, "SHA256withRSA"));
        assertThat(report.status()).as(report.toString()).isEqualTo(VerifyReport.Status.OK);
        assertThat(report.records()).isEqualTo(3);
        assertThat(report.checkpoints()).isEqualTo(2);
        assertThat(report.lastSeq()).isEqualTo(5);
    }
}
