package io.citadel.security.tls;

import com.typesafe.config.ConfigFactory;
import io.citadel.security.pki.CertRole;
import io.citadel.security.pki.CertificateAuthority;
import io.citadel.security.pki.IssuedCredential;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Test fixture: a cluster CA in a temporary directory, credentials issued from it, and
 * {@link TlsSettings} built through {@link TlsSettings#fromConfig} exactly as a node would.
 */
final class TestPki {

    final Path dir;
    final CertificateAuthority ca;

    private TestPki(Path dir, CertificateAuthority ca) {
        this.dir = dir;
        this.ca = ca;
    }

    static TestPki create(Path dir, String name) {
        return new TestPki(dir, CertificateAuthority.init(dir.resolve(name + "-ca"), name + " CA", Duration.ofDays(30)));
    }

    IssuedCredential issue(CertRole role, String name, String... sans) {
        return ca.issue(role, name, List.of(sans), Duration.ofDays(1), dir.resolve("nodes"));
    }

    static TlsSettings settings(IssuedCredential cred, CertRole own, CertRole... accepted) {
        return settings(cred, false, own, accepted);
    }

    static TlsSettings settings(IssuedCredential cred, boolean hostnameVerification, CertRole own, CertRole... accepted) {
        return TlsSettings.fromConfig(ConfigFactory.parseString(hoconBlock(cred, own, accepted)
                        + "\ncitadel.tls.hostname-verification = " + hostnameVerification)
                .withFallback(ConfigFactory.defaultReference())
                .resolve(), TlsSettings.DEFAULT_PATH);
    }

    static String hoconBlock(IssuedCredential cred, CertRole own, CertRole... accepted) {
        return "citadel.tls {\n"
                + "  certificate = \"" + cred.chain() + "\"\n"
                + "  private-key = \"" + cred.privateKey() + "\"\n"
                + "  trusted-ca = \"" + cred.trustedCa() + "\"\n"
                + "  own-role = " + own.configName() + "\n"
                + "  accepted-peer-roles = [" + Arrays.stream(accepted).map(CertRole::configName)
                        .collect(Collectors.joining(", ")) + "]\n"
                + "  reload-interval = 1m\n"
                + "}\n";
    }
}
