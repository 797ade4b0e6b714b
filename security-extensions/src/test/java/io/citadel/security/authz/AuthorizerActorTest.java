package io.citadel.security.authz;

import io.citadel.security.audit.AuditLog;
import io.citadel.security.policy.Actions;
import io.citadel.security.policy.PolicyFileException;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizerActorTest {

    private static final Map<String, String> ENG = Map.of("role", "eng");

    private final ActorTestKit kit = ActorTestKit.create();

    @TempDir
    Path dir;

    @AfterAll
    void shutdown() {
        kit.shutdownTestKit();
    }

    @Test
    void checkIsADryRunForTheCanonicalName() throws Exception {
        Path acls = AuthzFixtures.write(dir.resolve("acls.json"), AuthzFixtures.ACLS);
        try (AuditLog log = AuthzFixtures.fileLog(dir.resolve("audit.log"), AuthzFixtures.ecKeys(), 100)) {
            var service = AuthzFixtures.service(acls, log, Duration.ofSeconds(2), new AuthzFixtures.Ticker());
            ActorRef<Authorizer.Command> authorizer = kit.spawn(Authorizer.create(service, List.of(acls), Duration.ofHours(1)));
            TestProbe<Authorizer.CheckResult> probe = kit.createTestProbe();
            authorizer.tell(new Authorizer.Check("alice@CITADEL.TEST", Actions.REGISTER_FRAMEWORK, ENG, probe.ref()));
            Authorizer.CheckResult r = probe.receiveMessage();
            assertThat(r.canonicalName()).isEqualTo("alice");
            assertThat(r.decision().allowed()).isTrue();
            assertThat(r.decision().policyId()).isEqualTo("acls.json#register_frameworks[0]");
            assertThat(log.linesWritten()).isZero();
        }
    }

    @Test
    void reloadKeepsTheOldSetOnABadFileAndTakesTheNextGoodOne() throws Exception {
        Path acls = AuthzFixtures.write(dir.resolve("acls.json"), AuthzFixtures.ACLS);
        try (AuditLog log = AuthzFixtures.fileLog(dir.resolve("audit.log"), AuthzFixtures.ecKeys(), 100)) {
            var service = AuthzFixtures.service(acls, log, Duration.ofHours(1), new AuthzFixtures.Ticker());
            ActorRef<Authorizer.Command> authorizer = kit.spawn(Authorizer.create(service, List.of(acls), Duration.ofHours(1)));
            TestProbe<Authorizer.Reloaded> probe = kit.createTestProbe();
            assertThat(service.authorize("alice", Actions.REGISTER_FRAMEWORK, ENG, "r1", 1).allowed()).isTrue();

            AuthzFixtures.rewrite(acls, AuthzFixtures.BAD);
            authorizer.tell(new Authorizer.ReloadNow(probe.ref()));
            Authorizer.Reloaded refused = probe.receiveMessage();
            assertThat(refused.error()).contains("acls.json");
            assertThat(refused.rules()).isEqualTo(4);
            assertThat(service.authorize("alice", Actions.REGISTER_FRAMEWORK, ENG, "r2", 1).allowed()).isTrue();

            AuthzFixtures.rewrite(acls, AuthzFixtures.ACLS_REVOKED);
            authorizer.tell(new Authorizer.ReloadNow(probe.ref()));
            Authorizer.Reloaded taken = probe.receiveMessage();
            assertThat(taken.error()).isNull();
            assertThat(taken.rules()).isEqualTo(1);
            // The cached allow (TTL one hour) was dropped with the old set.
            assertThat(service.authorize("alice", Actions.REGISTER_FRAMEWORK, ENG, "r3", 1).allowed()).isFalse();
        }
    }

    @Test
    void theTimerPicksUpAChangedFile() throws Exception {
        Path acls = AuthzFixtures.write(dir.resolve("acls.json"), AuthzFixtures.ACLS);
        try (AuditLog log = AuthzFixtures.fileLog(dir.resolve("audit.log"), AuthzFixtures.ecKeys(), 100)) {
            var service = AuthzFixtures.service(acls, log, Duration.ZERO, new AuthzFixtures.Ticker());
            kit.spawn(Authorizer.create(service, List.of(acls), Duration.ofMillis(50)));
            AuthzFixtures.rewrite(acls, AuthzFixtures.ACLS_REVOKED);
            AuthzFixtures.await("the reload", () -> service.policies().ruleCount() == 1);
            assertThat(service.authorize("alice", Actions.REGISTER_FRAMEWORK, ENG, "r1", 1).allowed()).isFalse();
        }
    }

    @Test
    void aBadFileAtStartIsRefused() throws Exception {
        Path acls = AuthzFixtures.write(dir.resolve("acls.json"), AuthzFixtures.BAD);
        try (AuditLog log = AuthzFixtures.fileLog(dir.resolve("audit.log"), AuthzFixtures.ecKeys(), 100)) {
            assertThatThrownBy(() -> AuthzFixtures.service(acls, log, Duration.ZERO, new AuthzFixtures.Ticker()))
                    .isInstanceOf(PolicyFileException.class).hasMessageContaining("acls.json");
        }
    }
}
