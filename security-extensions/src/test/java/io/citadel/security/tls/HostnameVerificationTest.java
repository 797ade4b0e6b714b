package io.citadel.security.tls;

import static io.citadel.security.tls.TlsLoopback.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.security.pki.CertRole;
import io.citadel.security.pki.IssuedCredential;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** B16: hostname verification is applied by the connecting side only, and only when switched on. */
class HostnameVerificationTest {

    @TempDir
    Path dir;

    private TestPki pki;
    private TlsLoopback loopback;

    @BeforeEach
    void setUp() throws Exception {
        pki = TestPki.create(dir, "cluster");
        loopback = new TlsLoopback();
    }

    @AfterEach
    void tearDown() throws Exception {
        loopback.close();
    }

    private CitadelSslEngineProvider master(IssuedCredential cred, boolean hostnameVerification) {
        return new CitadelSslEngineProvider(TestPki.settings(cred, hostnameVerification, CertRole.MASTER, CertRole.MASTER),
                Clock.systemUTC(), new TlsRejections());
    }

    private TlsLoopback.Outcome[] dial(CitadelSslEngineProvider server, CitadelSslEngineProvider client, String host)
            throws Exception {
        Future<TlsLoopback.Outcome> serverSide = loopback.serveOnce(() -> server.createServerSSLEngine("0.0.0.0", 0));
        TlsLoopback.Outcome clientSide = loopback.connect(client.createClientSSLEngine(host, loopback.port()));
        return new TlsLoopback.Outcome[] {await(serverSide), clientSide};
    }

    @Test
    void B16_acceptingSideDoesNotDemandItsOwnNameInTheClientCertificate() throws Exception {
        CitadelSslEngineProvider m1 = master(pki.issue(CertRole.MASTER, "m1", "m1.example.test"), true);
        CitadelSslEngineProvider m2 = master(pki.issue(CertRole.MASTER, "m2", "m2.example.test"), true);

        TlsLoopback.Outcome[] o = dial(m1, m2, "m1.example.test");

        assertThat(o[0].failure()).isNull();
        assertThat(o[1].failure()).isNull();
        assertThat(m1.verifyServerSession("0.0.0.0", o[0].session()).isEmpty()).isTrue();
        assertThat(m2.verifyClientSession("m1.example.test", o[1].session()).isEmpty()).isTrue();
        // the post-handshake hook checks the name too (a resumed session skips the trust manager)
        assertThat(m2.verifyClientSession("m7.example.test", o[1].session()).get())
                .hasMessageContaining("expected [m7.example.test]");
    }

    @Test
    void B16_connectingSideRefusesAServerPresentingAnotherName() throws Exception {
        CitadelSslEngineProvider impostor = master(pki.issue(CertRole.MASTER, "m1", "m9.example.test"), true);
        CitadelSslEngineProvider m2 = master(pki.issue(CertRole.MASTER, "m2", "m2.example.test"), true);

        TlsLoopback.Outcome[] o = dial(impostor, m2, "m1.example.test");

        assertThat(o[1].failure()).hasRootCauseInstanceOf(PeerRejectedException.class).rootCause()
                .hasMessageContaining("expected [m1.example.test]").hasMessageContaining("[m9.example.test]");
        assertThat(m2.rejections().count(RejectionReason.HOSTNAME_MISMATCH)).isEqualTo(1);
        assertThat(o[0].ok()).isFalse();
    }

    @Test
    void hostnameVerificationIsOffByDefault() throws Exception {
        CitadelSslEngineProvider m1 = master(pki.issue(CertRole.MASTER, "m1", "m9.example.test"), false);
        CitadelSslEngineProvider m2 = master(pki.issue(CertRole.MASTER, "m2"), false);

        TlsLoopback.Outcome[] o = dial(m1, m2, "m1.example.test");

        assertThat(o[0].ok()).isTrue();
        assertThat(o[1].ok()).isTrue();
        assertThat(TestPki.settings(pki.issue(CertRole.MASTER, "m3"), CertRole.MASTER, CertRole.MASTER)
                .hostnameVerification()).isFalse();
    }

    @Test
    void wildcardAndIpSansMatch() {
        assertThat(HostnameMatcher.matches("m1.example.test", java.util.List.of("*.example.test"))).isTrue();
        assertThat(HostnameMatcher.matches("a.m1.example.test", java.util.List.of("*.example.test"))).isFalse();
        assertThat(HostnameMatcher.matches("10.0.0.11", java.util.List.of("m1.example.test", "10.0.0.11"))).isTrue();
        assertThat(HostnameMatcher.matches("::1", java.util.List.of("0:0:0:0:0:0:0:1"))).isTrue();
        assertThat(HostnameMatcher.matches("10.0.0.12", java.util.List.of("10.0.0.11"))).isFalse();
    }
}
