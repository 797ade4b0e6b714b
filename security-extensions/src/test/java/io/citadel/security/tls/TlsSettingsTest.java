package io.citadel.security.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.citadel.security.pki.CertRole;
import io.citadel.security.pki.IssuedCredential;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsSettingsTest {

    @TempDir
    Path dir;

    private IssuedCredential m1;

    @BeforeEach
    void setUp() {
        m1 = TestPki.create(dir, "cluster").issue(CertRole.MASTER, "m1");
    }

    private Config config(String overrides) {
        return ConfigFactory.parseString(overrides)
                .withFallback(ConfigFactory.parseString(TestPki.hoconBlock(m1, CertRole.MASTER, CertRole.MASTER)))
                .withFallback(ConfigFactory.defaultReference())
                .resolve();
    }

    @Test
    void readsAllKeysWithReferenceDefaults() {
        TlsSettings s = TlsSettings.fromConfig(config("citadel.tls.accepted-peer-roles = [master, Gateway]"), "citadel.tls");

        assertThat(s.certificate()).isEqualTo(m1.chain());
        assertThat(s.ownRole()).isEqualTo(CertRole.MASTER);
        assertThat(s.acceptedPeerRoles()).isEqualTo(Set.of(CertRole.MASTER, CertRole.GATEWAY));
        assertThat(s.reloadInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.expiryWarning()).isEqualTo(Duration.ofDays(14));
        assertThat(s.hostnameVerification()).isFalse();
    }

    @Test
    void B29_durationWithoutUnitIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> TlsSettings.fromConfig(config("citadel.tls.reload-interval = 15"), "citadel.tls"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("citadel.tls.reload-interval").hasMessageContaining("[15]").hasMessageContaining("unit");
        assertThatThrownBy(() -> TlsSettings.fromConfig(config("citadel.tls.expiry-warning = \"30\""), "citadel.tls"))
                .hasMessageContaining("citadel.tls.expiry-warning");
        assertThatThrownBy(() -> TlsSettings.fromConfig(config("citadel.tls.reload-interval = 0s"), "citadel.tls"))
                .hasMessageContaining("citadel.tls.reload-interval").hasMessageContaining("positive");
    }

    @Test
    void unknownRoleIsRefusedNamingTheKeyAndValue() {
        assertThatThrownBy(() -> TlsSettings.fromConfig(config("citadel.tls.accepted-peer-roles = [master, emperor]"),
                "citadel.tls"))
                .hasMessageContaining("citadel.tls.accepted-peer-roles").hasMessageContaining("[emperor]");
        assertThatThrownBy(() -> TlsSettings.fromConfig(config("citadel.tls.accepted-peer-roles = []"), "citadel.tls"))
                .hasMessageContaining("citadel.tls.accepted-peer-roles").hasMessageContaining("at least one role");
        assertThatThrownBy(() -> TlsSettings.fromConfig(config("citadel.tls.own-role = ca"), "citadel.tls"))
                .hasMessageContaining("citadel.tls.own-role");
    }

    @Test
    void missingFileIsRefusedNamingTheKeyAndFile() {
        Path missing = dir.resolve("nope.key.pem");
        assertThatThrownBy(() -> TlsSettings.fromConfig(config("citadel.tls.private-key = \"" + missing + "\""),
                "citadel.tls"))
                .hasMessageContaining("citadel.tls.private-key").hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void missingRequiredKeyOrBlockIsRefused() {
        assertThatThrownBy(() -> TlsSettings.fromConfig(ConfigFactory.defaultReference(), "citadel.tls"))
                .isInstanceOf(ConfigException.Missing.class).hasMessageContaining("citadel.tls.certificate");
        assertThatThrownBy(() -> TlsSettings.fromConfig(ConfigFactory.empty(), "citadel.tls"))
                .isInstanceOf(ConfigException.Missing.class).hasMessageContaining("citadel.tls");
    }
}
