package io.citadel.security.authz;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuthorizationSettingsTest {

    @TempDir
    Path dir;

    private Config config(String extra) {
        return ConfigFactory.parseString(extra).withFallback(ConfigFactory.defaultReference()).resolve();
    }

    private String files() throws Exception {
        Path acls = AuthzFixtures.write(dir.resolve("acls.json"), AuthzFixtures.ACLS);
        return "citadel.authorization.policy-files = [\"" + acls + "\"]\n"
                + "citadel.authorization.audit.file = \"" + dir.resolve("audit.log") + "\"\n";
    }

    @Test
    void readsTheDocumentedKeys() throws Exception {
        var s = AuthorizationSettings.fromConfig(config(files()
                + "citadel.authorization { local-realms = [CITADEL.TEST], cache-ttl = 500ms, audit.checkpoint-every = 7 }"),
                "citadel.authorization");
        assertThat(s.policyFiles()).containsExactly(dir.resolve("acls.json"));
        assertThat(s.reloadInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.cacheTtl()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.audit().checkpointEvery()).isEqualTo(7);
        assertThat(s.audit().queueCapacity()).isEqualTo(65536);
        assertThat(s.canonicalizer().canonicalName("alice@CITADEL.TEST")).isEqualTo("alice");
        assertThat(s.auditFile()).isEqualTo(dir.resolve("audit.log"));
    }

    @Test
    void policyFilesHaveNoDefault() {
        assertThatThrownBy(() -> AuthorizationSettings.fromConfig(config(""), "citadel.authorization"))
                .hasMessageContaining("citadel.authorization.policy-files");
    }

    @Test
    void auditFileHasNoDefault() throws Exception {
        Path acls = AuthzFixtures.write(dir.resolve("acls.json"), AuthzFixtures.ACLS);
        assertThatThrownBy(() -> AuthorizationSettings.fromConfig(
                config("citadel.authorization.policy-files = [\"" + acls + "\"]"), "citadel.authorization"))
                .hasMessageContaining("citadel.authorization.audit.file");
    }

    @Test
    void durationsNeedUnits() throws Exception {
        assertThatThrownBy(() -> AuthorizationSettings.fromConfig(
                config(files() + "citadel.authorization.reload-interval = 5"), "citadel.authorization"))
                .hasMessageContaining("citadel.authorization.reload-interval").hasMessageContaining("unit");
    }

    @Test
    void aMissingPolicyFileIsNamed() throws Exception {
        assertThatThrownBy(() -> AuthorizationSettings.fromConfig(config(files()
                + "citadel.authorization.policy-files = [\"" + dir.resolve("nope.json") + "\"]"), "citadel.authorization"))
                .hasMessageContaining("nope.json").hasMessageContaining("policy-files");
    }
}
