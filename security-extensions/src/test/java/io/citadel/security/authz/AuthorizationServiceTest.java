package io.citadel.security.authz;

import io.citadel.security.audit.AuditLog;
import io.citadel.security.audit.AuditSink;
import io.citadel.security.audit.AuditVerifier;
import io.citadel.security.audit.VerifyReport;
import io.citadel.security.policy.Actions;
import io.citadel.security.policy.Decision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.citadel.security.authz.AuthzFixtures.ACLS;
import static org.assertj.core.api.Assertions.assertThat;

class AuthorizationServiceTest {

    private static final Map<String, String> ENG = Map.of("role", "eng");

    @TempDir
    Path dir;

    @Test
    void decisionsAreCachedUntilTheTtlPasses() throws Exception {
        var ticker = new AuthzFixtures.Ticker();
        try (AuditLog log = AuthzFixtures.fileLog(dir.resolve("audit.log"), AuthzFixtures.ecKeys(), 100)) {
            var service = AuthzFixtures.service(AuthzFixtures.write(dir.resolve("acls.json"), ACLS), log,
                    Duration.ofSeconds(2), ticker);
            assertThat(service.authorize("alice@CITADEL.TEST", Actions.VIEW_STATE, Map.of(), "r1", 1).allowed()).isTrue();
            assertThat(service.authorize("alice@CITADEL.TEST", Actions.VIEW_STATE, Map.of(), "r2", 1).allowed()).isTrue();
            assertThat(service.evaluations()).isEqualTo(1);
            ticker.advance(Duration.ofMillis(2_001));
            service.authorize("alice@CITADEL.TEST", Actions.VIEW_STATE, Map.of(), "r3", 1);
            assertThat(service.evaluations()).isEqualTo(2);
        }
    }

    @Test
    void cacheKeyUsesTheNormalisedResource() throws Exception {
        try (AuditLog log = AuthzFixtures.fileLog(dir.resolve("audit.log"), AuthzFixtures.ecKeys(), 100)) {
            var service = AuthzFixtures.service(AuthzFixtures.write(dir.resolve("acls.json"), ACLS), log,
                    Duration.ofSeconds(2), new AuthzFixtures.Ticker());
            Decision plain = service.authorize("alice", Actions.FETCH_URI, Map.of("uri", "http://repo.test/a/b"), "r1", 1);
            Decision spelled = service.authorize("alice", Actions.FETCH_URI,
                    Map.of("uri", "HTTP://Repo.TEST:80/a/./b"), "r2", 1);
            assertThat(plain.allowed()).isTrue();
            assertThat(spelled).isEqualTo(plain);
            assertThat(service.evaluations()).isEqualTo(1);
        }
    }

    @Test
    void theCanonicalNameDecidesKeysTheCacheAndIsAudited() throws Exception {
        Path file = dir.resolve("audit.log");
        KeyPair keys = AuthzFixtures.ecKeys();
        try (AuditLog log = AuthzFixtures.fileLog(file, keys, 100)) {
            var service = AuthzFixtures.service(AuthzFixtures.write(dir.resolve("acls.json"), ACLS), log,
                    Duration.ofSeconds(2), new AuthzFixtures.Ticker());
            assertThat(service.authorize("alice@CITADEL.TEST", Actions.REGISTER_FRAMEWORK, ENG, "r1", 7).allowed()).isTrue();
            // The same canonical user through another spelling shares the cache entry...
            assertThat(service.authorize("alice", Actions.REGISTER_FRAMEWORK, ENG, "r2", 7).allowed()).isTrue();
            assertThat(service.evaluations()).isEqualTo(1);
            // ...while alice of a foreign realm is not alice, and is refused.
            Decision foreign = service.authorize("alice@OTHER.TEST", Actions.REGISTER_FRAMEWORK, ENG, "r3", 7);
            assertThat(foreign.allowed()).isFalse();
            assertThat(service.evaluations()).isEqualTo(2);
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.stream().filter(l -> l.contains("\"type\":\"record\"")))
                .hasSize(3)
                .anySatisfy(l -> assertThat(l).contains("\"principal\":\"alice\"", "\"requestId\":\"r1\"",
                        "\"action\":\"register_framework\"", "\"object\":\"role=eng\"", "\"epoch\":7"))
                .anySatisfy(l -> assertThat(l).contains("\"principal\":\"alice@OTHER.TEST\"", "\"requestId\":\"r3\""));
        VerifyReport report = AuditVerifier.verify(file, keys.getPublic());
        assertThat(report.status()).isEqualTo(VerifyReport.Status.OK);
        assertThat(report.records()).isEqualTo(3);
    }

    @Test
    void nonPrivilegedAllowsAreNotAuditedButRefusalsAre() throws Exception {
        Path file = dir.resolve("audit.log");
        try (AuditLog log = AuthzFixtures.fileLog(file, AuthzFixtures.ecKeys(), 100)) {
            var service = AuthzFixtures.service(AuthzFixtures.write(dir.resolve("acls.json"), ACLS), log,
                    Duration.ZERO, new AuthzFixtures.Ticker());
            assertThat(service.authorize("alice", Actions.VIEW_STATE, Map.of(), "r1", 1).allowed()).isTrue();
            assertThat(service.authorize("bob", Actions.VIEW_STATE, Map.of(), "r2", 1).allowed()).isFalse();
        }
        assertThat(Files.readAllLines(file).stream().filter(l -> l.contains("\"type\":\"record\"")))
                .singleElement().satisfies(l -> assertThat(l).contains("\"principal\":\"bob\"", "\"decision\":\"deny\""));
    }

    @Test
    void privilegedActionsAreRefusedWhileTheAuditSinkFails() throws Exception {
        FailingSink sink = new FailingSink();
        try (AuditLog log = AuthzFixtures.sinkLog(sink, AuthzFixtures.ecKeys(), 100)) {
            var service = AuthzFixtures.service(AuthzFixtures.write(dir.resolve("acls.json"), ACLS), log,
                    Duration.ofSeconds(2), new AuthzFixtures.Ticker());
            service.authorize("bob", Actions.VIEW_STATE, Map.of(), "r0", 1); // a refusal: written, fails
            AuthzFixtures.await("the audit log to notice the failing sink", () -> !log.healthy());

            Decision d = service.authorize("alice", Actions.REGISTER_FRAMEWORK, ENG, "r1", 1);
            assertThat(d.allowed()).isFalse();
            assertThat(d.policyId()).isEqualTo(AuthorizationService.AUDIT_UNAVAILABLE);
            // Cached decisions do not bypass the audit check either.
            assertThat(service.authorize("alice", Actions.REGISTER_FRAMEWORK, ENG, "r2", 1).allowed()).isFalse();
            assertThat(service.auditRefusals()).isEqualTo(2);
            // Reading is not privileged and goes on.
            assertThat(service.authorize("alice", Actions.VIEW_STATE, Map.of(), "r3", 1).allowed()).isTrue();

            sink.failing = false;
            AuthzFixtures.await("the audit log to recover", log::healthy);
            assertThat(service.authorize("alice", Actions.REGISTER_FRAMEWORK, ENG, "r4", 1).allowed()).isTrue();
        }
    }

    @Test
    void privilegedActionsAreRefusedWhenTheAuditQueueIsFull() throws Exception {
        BlockingSink sink = new BlockingSink();
        try {
            try (AuditLog log = AuthzFixtures.sinkLog(sink, AuthzFixtures.ecKeys(), 1)) {
                var service = AuthzFixtures.service(AuthzFixtures.write(dir.resolve("acls.json"), ACLS), log,
                        Duration.ofSeconds(2), new AuthzFixtures.Ticker());
                assertThat(service.authorize("alice", Actions.RUN_TASK, Map.of("user", "a"), "r1", 1).allowed()).isTrue();
                AuthzFixtures.await("the writer to hold the first record", () -> sink.entered.getCount() == 0);
                assertThat(service.authorize("alice", Actions.RUN_TASK, Map.of("user", "b"), "r2", 1).allowed()).isTrue();
                Decision third = service.authorize("alice", Actions.RUN_TASK, Map.of("user", "c"), "r3", 1);
                assertThat(third.allowed()).isFalse();
                assertThat(third.policyId()).isEqualTo(AuthorizationService.AUDIT_UNAVAILABLE);
                sink.release.countDown();
            }
        } finally {
            sink.release.countDown();
        }
    }

    /** A sink that fails while {@code failing}. Written by the log's writer thread only. */
    private static final class FailingSink implements AuditSink {
        volatile boolean failing = true;

        @Override
        public void append(byte[] line) throws IOException {
            if (failing) {
                throw new IOException("disk on fire (testing)");
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    /** A sink whose first append waits until released, so the queue behind it fills up. */
    private static final class BlockingSink implements AuditSink {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void append(byte[] line) throws IOException {
            entered.countDown();
            try {
                if (!release.await(30, TimeUnit.SECONDS)) {
                    throw new IOException("never released");
                }
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
