package io.citadel.security.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citadel.security.pki.CertRole;
import io.citadel.security.pki.CertificateAuthority;
import io.citadel.security.pki.IssuedCredential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a node's own TLS material can be unusable gives a message naming the file and why. */
class TlsSelfTestTest {

    @TempDir
    Path dir;

    private TestPki pki;

    @BeforeEach
    void setUp() {
        pki = TestPki.create(dir, "cluster");
    }

    private static TlsSettings with(TlsSettings s, Path certificate, Path key, Path ca) {
        return new TlsSettings(s.configPath(), certificate, key, ca, s.ownRole(), s.acceptedPeerRoles(),
                s.reloadInterval(), s.expiryWarning(), s.hostnameVerification());
    }

    @Test
    void validMaterialPassesAndIsReturned() {
        IssuedCredential m1 = pki.issue(CertRole.MASTER, "m1");
        TlsMaterial material = TlsSelfTest.verify(TestPki.settings(m1, CertRole.MASTER, CertRole.MASTER));
        assertThat(material.leaf().getSubjectX500Principal().getName()).contains("CN=m1");
        assertThat(material.toString()).doesNotContain("PRIVATE");
    }

    @Test
    void malformedKeyNamesTheKeyFile() throws Exception {
        IssuedCredential m1 = pki.issue(CertRole.MASTER, "m1");
        Files.writeString(m1.privateKey(), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");

        assertThatThrownBy(() -> TlsSelfTest.verify(TestPki.settings(m1, CertRole.MASTER, CertRole.MASTER)))
                .isInstanceOf(TlsSetupException.class)
                .hasMessageContaining("citadel.tls.private-key")
                .hasMessageContaining(m1.privateKey().toString());
    }

    @Test
    void unreadableKeyNamesTheKeyFile() throws Exception {
        IssuedCredential m1 = pki.issue(CertRole.MASTER, "m1");
        TlsSettings settings = TestPki.settings(m1, CertRole.MASTER, CertRole.MASTER);
        Files.delete(m1.privateKey());

        assertThatThrownBy(() -> TlsSelfTest.verify(settings))
                .hasMessageContaining("citadel.tls.private-key").hasMessageContaining(m1.privateKey().toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void keyOfAnotherPairIsReportedAsNotMatchingTheCertificate() {
        IssuedCredential m1 = pki.issue(CertRole.MASTER, "m1");
        IssuedCredential m2 = pki.issue(CertRole.MASTER, "m2");
        TlsSettings s = with(TestPki.settings(m1, CertRole.MASTER, CertRole.MASTER), m1.chain(), m2.privateKey(), m1.trustedCa());

        assertThatThrownBy(() -> TlsSelfTest.verify(s))
                .hasMessageContaining(m2.privateKey().toString())
                .hasMessageContaining("does not match the certificate")
                .hasMessageContaining(m1.chain().toString());
    }

    @Test
    void B20_leafWithoutItsIntermediateIsReportedAsMissingIntermediate() {
        CertificateAuthority issuing = pki.ca.issueIntermediate("Issuing CA", Duration.ofDays(10), dir.resolve("issuing"));
        IssuedCredential m1 = issuing.issue(CertRole.MASTER, "m1", List.of(), Duration.ofDays(1), dir.resolve("nodes"));
        TlsSettings full = TestPki.settings(m1, CertRole.MASTER, CertRole.MASTER);
        assertThat(TlsSelfTest.verify(full).chain()).hasSize(3); // with the intermediate it passes

        TlsSettings leafOnly = with(full, m1.certificate(), m1.privateKey(), m1.trustedCa());
        assertThatThrownBy(() -> TlsSelfTest.verify(leafOnly))
                .hasMessageContaining("citadel.tls.certificate").hasMessageContaining(m1.certificate().toString())
                .hasMessageContaining("does not lead to a trusted CA")
                .hasMessageContaining("CN=Issuing CA")
                .hasMessageContaining("missing intermediate");
    }

    @Test
    void chainFromAnotherCaDoesNotLeadToTheTrustedCa() {
        IssuedCredential foreign = TestPki.create(dir.resolve("other"), "other").issue(CertRole.MASTER, "m1");
        TlsSettings s = with(TestPki.settings(foreign, CertRole.MASTER, CertRole.MASTER), foreign.chain(),
                foreign.privateKey(), pki.ca.trustAnchorFile());

        assertThatThrownBy(() -> TlsSelfTest.verify(s))
                .hasMessageContaining(foreign.chain().toString())
                .hasMessageContaining("does not lead to a trusted CA in [" + pki.ca.trustAnchorFile() + "]");
    }

    @Test
    void expiredCertificateFailsStartUp() {
        Instant past = Instant.now().minus(Duration.ofDays(1));
        IssuedCredential m1 = pki.ca.issue(CertRole.MASTER, "m1", List.of(), past.minus(Duration.ofDays(1)), past,
                dir.resolve("nodes"));

        assertThatThrownBy(() -> TlsSelfTest.verify(TestPki.settings(m1, CertRole.MASTER, CertRole.MASTER)))
                .hasMessageContaining(m1.chain().toString()).hasMessageContaining("expired at");
        assertThatThrownBy(() -> new CitadelSslEngineProvider(TestPki.settings(m1, CertRole.MASTER, CertRole.MASTER),
                java.time.Clock.systemUTC(), new TlsRejections()))
                .isInstanceOf(TlsSetupException.class).hasMessageContaining("expired at");
    }

    @Test
    void notYetValidCertificateFailsStartUp() {
        Instant future = Instant.now().plus(Duration.ofDays(1));
        IssuedCredential m1 = pki.ca.issue(CertRole.MASTER, "m1", List.of(), future, future.plus(Duration.ofDays(1)),
                dir.resolve("nodes"));

        assertThatThrownBy(() -> TlsSelfTest.verify(TestPki.settings(m1, CertRole.MASTER, CertRole.MASTER)))
                .hasMessageContaining(m1.chain().toString()).hasMessageContaining("not yet valid");
    }

    @Test
    void certificateWithAnotherRoleThanOwnRoleFails() {
        IssuedCredential a1 = pki.issue(CertRole.AGENT, "a1");

        assertThatThrownBy(() -> TlsSelfTest.verify(TestPki.settings(a1, CertRole.MASTER, CertRole.MASTER)))
                .hasMessageContaining(a1.chain().toString())
                .hasMessageContaining("has role [agent] but citadel.tls.own-role is [master]");
    }

    @Test
    void trustedCaFileMustHoldCaCertificates() {
        IssuedCredential m1 = pki.issue(CertRole.MASTER, "m1");
        TlsSettings s = with(TestPki.settings(m1, CertRole.MASTER, CertRole.MASTER), m1.chain(), m1.privateKey(),
                m1.certificate());

        assertThatThrownBy(() -> TlsSelfTest.verify(s))
                .hasMessageContaining("citadel.tls.trusted-ca").hasMessageContaining(m1.certificate().toString())
                .hasMessageContaining("is not a CA certificate");
    }
}
