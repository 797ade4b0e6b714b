package io.citadel.security.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CertificateAuthorityTest {

    @TempDir
    Path dir;

    private CertificateAuthority newCa() {
        return CertificateAuthority.init(dir.resolve("ca"), "Citadel Test CA", Duration.ofDays(30));
    }

    @ParameterizedTest
    @EnumSource(value = CertRole.class, names = "CA", mode = EnumSource.Mode.EXCLUDE)
    void issuedCertificateCarriesItsRoleInExtensionAndOu(CertRole role) {
        IssuedCredential cred = newCa().issue(role, "node-1", List.of("node-1.example.test"), Duration.ofDays(1),
                dir.resolve("out"));

        X509Certificate leaf = Pem.readCertificate(cred.certificate());
        assertThat(CertRole.of(leaf)).isEqualTo(role);
        assertThat(leaf.getSubjectX500Principal().getName()).contains("CN=node-1").contains("OU=" + role.configName());
    }

    @Test
    void leafHasSansCnAndBothTlsUsages() throws Exception {
        IssuedCredential cred = newCa().issue(CertRole.MASTER, "m1",
                List.of("m1.example.test", "127.0.0.1", "::1"), Duration.ofDays(1), dir.resolve("out"));

        X509Certificate leaf = Pem.readCertificate(cred.certificate());
        List<Object> sans = new ArrayList<>();
        leaf.getSubjectAlternativeNames().forEach(san -> sans.add(san.get(0) + ":" + san.get(1)));
        assertThat(sans).containsExactlyInAnyOrder("2:m1.example.test", "7:127.0.0.1", "7:0:0:0:0:0:0:0:1");
        assertThat(leaf.getExtendedKeyUsage()).containsExactlyInAnyOrder("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(leaf.getPublicKey().getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void chainFileVerifiesAgainstTheCaWithPkix() throws Exception {
        CertificateAuthority ca = newCa();
        IssuedCredential cred = ca.issue(CertRole.AGENT, "a1", List.of("a1.example.test"), Duration.ofDays(1),
                dir.resolve("out"));

        List<X509Certificate> chain = Pem.readCertificates(cred.chain());
        assertThat(chain).hasSize(2);
        assertThat(chain.get(1)).isEqualTo(Pem.readCertificate(cred.trustedCa()));
        assertPkixValid(chain.subList(0, 1), Pem.readCertificate(cred.trustedCa()));
    }

    @Test
    void intermediateIssuedChainVerifiesToTheRoot() throws Exception {
        CertificateAuthority intermediate = newCa().issueIntermediate("Citadel Issuing CA", Duration.ofDays(10),
                dir.resolve("issuing"));
        IssuedCredential cred = intermediate.issue(CertRole.MASTER, "m2", List.of(), Duration.ofDays(1), dir.resolve("out"));

        List<X509Certificate> chain = Pem.readCertificates(cred.chain());
        assertThat(chain).hasSize(3);
        assertThat(cred.trustedCa()).isEqualTo(dir.resolve("issuing").resolve("root.crt.pem"));
        assertPkixValid(chain.subList(0, 2), Pem.readCertificate(cred.trustedCa()));
        assertThat(CertificateAuthority.load(dir.resolve("issuing")).root()).isEqualTo(chain.get(2));
    }

    @Test
    void privateKeyIsPkcs8WithMode0600AndMatchesTheCertificate() throws Exception {
        IssuedCredential cred = newCa().issue(CertRole.MASTER, "m1", List.of(), Duration.ofDays(1), dir.resolve("out"));

        assertThat(Files.readString(cred.privateKey())).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cred.privateKey()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca").resolve("ca.key.pem"))))
                .isEqualTo("rw-------");
        PrivateKey key = Pem.readPrivateKey(cred.privateKey());
        assertThat(key.getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void explicitValidityWindowMakesAnExpiredCertificate() {
        Instant notAfter = Instant.now().minus(Duration.ofHours(1));
        IssuedCredential cred = newCa().issue(CertRole.MASTER, "old", List.of(), notAfter.minus(Duration.ofDays(1)),
                notAfter, dir.resolve("out"));

        X509Certificate leaf = Pem.readCertificate(cred.certificate());
        assertThatThrownBy(leaf::checkValidity).isInstanceOf(CertificateExpiredException.class);
    }

    @Test
    void refusesToOverwriteAnExistingCa() {
        newCa();
        assertThatThrownBy(this::newCa)
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("refusing to create a CA")
                .hasMessageContaining("ca.crt.pem");
    }

    @Test
    void loadedCaIssuesCertificatesThatChainToTheSameRoot() throws Exception {
        CertificateAuthority original = newCa();
        CertificateAuthority loaded = CertificateAuthority.load(dir.resolve("ca"));
        IssuedCredential cred = loaded.issue(CertRole.GATEWAY, "g1", List.of(), Duration.ofDays(1), dir.resolve("out"));

        assertThat(loaded.certificate()).isEqualTo(original.certificate());
        assertPkixValid(List.of(Pem.readCertificate(cred.certificate())), original.certificate());
    }

    @Test
    void rejectsUnsafeNamesAndBadSans() {
        CertificateAuthority ca = newCa();
        assertThatThrownBy(() -> ca.issue(CertRole.AGENT, "../evil", List.of(), Duration.ofDays(1), dir))
                .isInstanceOf(PkiException.class).hasMessageContaining("[../evil]");
        assertThatThrownBy(() -> ca.issue(CertRole.AGENT, "a1", List.of("bad name!"), Duration.ofDays(1), dir))
                .isInstanceOf(PkiException.class).hasMessageContaining("SAN [bad name!]");
    }

    @Test
    void certificateWithoutRoleExtensionHasNoRole() throws Exception {
        // the CA certificate has the CA role; a certificate from elsewhere has none
        X509Certificate caCert = newCa().certificate();
        assertThat(CertRole.of(caCert)).isEqualTo(CertRole.CA);
        assertThatThrownBy(() -> CertRole.parse("emperor")).hasMessageContaining("[emperor]").hasMessageContaining("MASTER");
    }

    private static void assertPkixValid(List<X509Certificate> path, X509Certificate root) throws Exception {
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        anchors.setCertificateEntry("root", root);
        PKIXParameters params = new PKIXParameters(anchors);
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(path), params);
    }
}
