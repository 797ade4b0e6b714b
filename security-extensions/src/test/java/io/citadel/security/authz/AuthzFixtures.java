package io.citadel.security.authz;

import io.citadel.security.audit.AuditLog;
import io.citadel.security.audit.AuditSink;
import io.citadel.security.audit.FileAuditSink;
import io.citadel.security.policy.PolicyLoader;
import io.citadel.security.policy.PolicyStore;
import io.citadel.security.policy.PrincipalCanonicalizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/** Policies, keys, audit logs and a manual ticker for authorizer tests; keys are made fresh, never stored. */
final class AuthzFixtures {

    /** Mesos ACLs: alice may register role eng (recursively via eng/*) and fetch from repo.test; alice may view state. */
    static final String ACLS = """
            {"permissive": false,
             "register_frameworks": [{"principals": {"values": ["alice"]}, "roles": {"values": ["eng", "eng/*"]}}],
             "run_tasks": [{"principals": {"values": ["alice"]}, "users": {"type": "ANY"}}],
             "fetch_uris": [{"principals": {"values": ["alice"]}, "uris": {"values": ["http://repo.test/a/b"]}}],
             "view_state": [{"principals": {"values": ["alice"]}, "state": {"type": "ANY"}}]}
            """;

    /** After a reload: alice may no longer register eng. */
    static final String ACLS_REVOKED = """
            {"permissive": false,
             "register_frameworks": [{"principals": {"values": ["alice"]}, "roles": {"type": "NONE"}}]}
            """;

    static final String BAD = "{\"permissive\": false, \"register_frameworks\": [{\"principals\": }]}";

    /** A ticker the test moves by hand. */
    static final class Ticker {
        final AtomicLong nanos = new AtomicLong(1_000);

        long read() {
            return nanos.get();
        }

        void advance(Duration d) {
            nanos.addAndGet(d.toNanos());
        }
    }

    private AuthzFixtures() {
    }

    static KeyPair ecKeys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        return g.generateKeyPair();
    }

    static Path write(Path file, String content) throws IOException {
        Files.writeString(file, content);
        return file;
    }

    /** Rewrites {@code file} and moves its mtime forward, so a poll sees the change even within one tick of the clock. */
    static void rewrite(Path file, String content) throws IOException {
        FileTime before = Files.getLastModifiedTime(file);
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 2_000));
    }

    static PrincipalCanonicalizer canonicalizer() {
        return new PrincipalCanonicalizer(List.of("CITADEL.TEST"), List.of("DEFAULT"), Map.of(), Map.of());
    }

    static AuditLog fileLog(Path file, KeyPair keys, int queueCapacity) throws Exception {
        return AuditLog.open(file, keys.getPrivate(), Clock.systemUTC(), settings(queueCapacity));
    }

    static AuditLog sinkLog(AuditSink sink, KeyPair keys, int queueCapacity) throws Exception {
        return new AuditLog(sink, new FileAuditSink.Tail(0, "0".repeat(64)), keys.getPrivate(), Clock.systemUTC(),
                settings(queueCapacity));
    }

    private static AuditLog.Settings settings(int queueCapacity) {
        return new AuditLog.Settings(queueCapacity, 100, Duration.ofSeconds(10), Duration.ofMillis(20), 1);
    }

    static AuthorizationService service(Path policies, AuditLog log, Duration ttl, Ticker ticker) {
        return new AuthorizationService(new PolicyStore(List.of(policies), new PolicyLoader()), canonicalizer(), log,
                ttl, 1000, ticker::read);
    }

    /** Polls {@code condition} until it holds or 10 s pass. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L); // poll interval
        }
    }
}
