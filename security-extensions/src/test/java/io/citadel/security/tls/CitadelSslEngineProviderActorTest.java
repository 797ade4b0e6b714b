package io.citadel.security.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.citadel.security.pki.CertRole;
import io.citadel.security.pki.IssuedCredential;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Pekko actor systems on loopback with Artery {@code tls-tcp} and Citadel's provider:
 * two masters exchange a message; an agent-role system cannot reach a master-only port.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CitadelSslEngineProviderActorTest {

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private ActorTestKit m1;
    private ActorTestKit m2;
    private ActorTestKit agent;

    @BeforeAll
    void start(@TempDir Path dir) {
        fixtures = dir;
        TestPki pki = TestPki.create(dir, "cluster");
        m1 = ActorTestKit.create("m1-" + suffix, node(pki.issue(CertRole.MASTER, "m1", "127.0.0.1"), CertRole.MASTER,
                CertRole.MASTER));
        m2 = ActorTestKit.create("m2-" + suffix, node(pki.issue(CertRole.MASTER, "m2", "127.0.0.1"), CertRole.MASTER,
                CertRole.MASTER));
        agent = ActorTestKit.create("a1-" + suffix, node(pki.issue(CertRole.AGENT, "a1", "127.0.0.1"), CertRole.AGENT,
                CertRole.MASTER));
    }

    @AfterAll
    void stop() {
        for (ActorTestKit kit : new ActorTestKit[] {agent, m2, m1}) {
            if (kit != null) {
                kit.shutdownTestKit();
            }
        }
    }

    private Path fixtures;

    @Test
    void systemWithAKeyThatDoesNotMatchItsCertificateFailsAtStartUp() {
        TestPki pki = TestPki.create(fixtures.resolve("bad"), "bad");
        IssuedCredential m3 = pki.issue(CertRole.MASTER, "m3");
        IssuedCredential m4 = pki.issue(CertRole.MASTER, "m4");
        IssuedCredential mixed = new IssuedCredential(m3.certificate(), m4.privateKey(), m3.chain(), m3.trustedCa());

        assertThatThrownBy(() -> ActorTestKit.create("m3-" + suffix, node(mixed, CertRole.MASTER, CertRole.MASTER)))
                .satisfies(e -> assertThat(rootCause(e))
                        .isInstanceOf(TlsSetupException.class)
                        .hasMessageContaining(m4.privateKey().toString())
                        .hasMessageContaining("does not match the certificate"));
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }

    private static Config node(IssuedCredential cred, CertRole own, CertRole accepted) {
        return ConfigFactory.parseString(TestPki.hoconBlock(cred, own, accepted) + """
                        pekko.actor.provider = remote
                        pekko.actor.allow-java-serialization = off
                        pekko.remote.artery.transport = tls-tcp
                        pekko.remote.artery.canonical.hostname = 127.0.0.1
                        pekko.remote.artery.canonical.port = 0
                        pekko.remote.artery.ssl.ssl-engine-provider = io.citadel.security.tls.CitadelSslEngineProvider
                        pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
                        pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
                        pekko.loglevel = INFO
                        """)
                .withFallback(ConfigFactory.load());
    }

    private static Behavior<String> forwardTo(ActorRef<String> target) {
        return Behaviors.receiveMessage(msg -> {
            target.tell(msg);
            return Behaviors.same();
        });
    }

    private static <T> ActorRef<T> resolveIn(ActorTestKit kit, ActorTestKit owner, ActorRef<T> ref) {
        String serialized = ActorRefResolver.get(owner.system()).toSerializationFormat(ref);
        return ActorRefResolver.get(kit.system()).resolveActorRef(serialized);
    }

    @Test
    void mastersExchangeMessagesOverMutualTlsAndAnAgentIsRefused() throws Exception {
        TestProbe<String> probe = m1.createTestProbe();
        ActorRef<String> sink = m1.spawn(forwardTo(probe.ref()), "sink");

        resolveIn(m2, m1, sink).tell("hello from m2");
        probe.expectMessage(Duration.ofSeconds(20), "hello from m2");
        assertThat(TlsRejections.forSystem(m1.system().name()).total()).isZero();

        resolveIn(agent, m1, sink).tell("hello from an agent");
        TlsRejections m1Rejections = TlsRejections.forSystem(m1.system().name());
        Instant deadline = Instant.now().plusSeconds(20);
        while (m1Rejections.count(RejectionReason.WRONG_ROLE) == 0 && Instant.now().isBefore(deadline)) {
            probe.expectNoMessage(Duration.ofMillis(200)); // also proves nothing got through meanwhile
        }
        assertThat(m1Rejections.count(RejectionReason.WRONG_ROLE)).isPositive();
        probe.expectNoMessage(Duration.ofSeconds(1));

        // the masters' link is unaffected by the refused agent
        resolveIn(m2, m1, sink).tell("still here");
        probe.expectMessage(Duration.ofSeconds(20), "still here");
    }
}
