package io.citadel.security.kerberos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KerberosSettingsTest {

    @TempDir
    Path dir;
    private Path krb5;
    private Path keytab;

    @BeforeEach
    void files() throws Exception {
        krb5 = Files.writeString(dir.resolve("krb5.conf"), "[libdefaults]\n    clockskew = 300\n");
        keytab = Files.write(dir.resolve("a.keytab"), new byte[] {5, 2});
    }

    private Config config(String extra) {
        return ConfigFactory.parseString("citadel.kerberos {\n"
                + "krb5-conf = \"" + krb5 + "\"\n"
                + "principal = \"agent/a1.example.test@EXAMPLE.TEST\"\n"
                + "keytab = \"" + keytab + "\"\n" + extra + "\n}");
    }

    @Test
    void readsKeysWithDefaults() throws Exception {
        KerberosSettings s = KerberosSettings.fromConfig(config(""), "citadel.kerberos");

        assertThat(s.maxClockSkew()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.canonicalizeHostnames()).isFalse();
        assertThat(s.realm()).isEqualTo("EXAMPLE.TEST");
        assertThat(s.servicePrincipalFor("m1.example.test")).isEqualTo("master/m1.example.test@EXAMPLE.TEST");
    }

    @Test
    void referenceConfDefaultsApply() throws Exception {
        KerberosSettings s = KerberosSettings.fromConfig(config("").withFallback(ConfigFactory.defaultReference()),
                "citadel.kerberos");

        assertThat(s.replayCacheMaxEntries()).isEqualTo(100_000);
        assertThat(s.servicePrincipalPattern()).isEqualTo("master/{host}@{realm}");
        assertThat(s.maxClockSkew()).isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void durationWithoutUnitIsRefusedNamingKey() {
        assertThatThrownBy(() -> KerberosSettings.fromConfig(config("max-clock-skew = 300"), "citadel.kerberos"))
                .isInstanceOf(KerberosException.class)
                .hasMessageContaining("citadel.kerberos.max-clock-skew")
                .hasMessageContaining("[300]")
                .hasMessageContaining("needs a unit");
    }

    @Test
    void skewDisagreeingWithKrb5ConfIsRefused() {
        assertThatThrownBy(() -> KerberosSettings.fromConfig(config("max-clock-skew = 2m"), "citadel.kerberos"))
                .isInstanceOf(KerberosException.class)
                .hasMessageContaining("citadel.kerberos.max-clock-skew")
                .hasMessageContaining("clockskew = 300")
                .hasMessageContaining(krb5.toString());
    }

    @Test
    void missingKeytabNamesKeyPathAndFile() throws Exception {
        Files.delete(keytab);

        assertThatThrownBy(() -> KerberosSettings.fromConfig(config(""), "citadel.kerberos"))
                .isInstanceOf(KerberosException.class)
                .hasMessageContaining("citadel.kerberos.keytab")
                .hasMessageContaining(keytab.toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void principalWithoutRealmIsRefused() {
        Config c = config("").withValue("citadel.kerberos.principal",
                ConfigFactory.parseString("p = agent").getValue("p"));

        assertThatThrownBy(() -> KerberosSettings.fromConfig(c, "citadel.kerberos"))
                .isInstanceOf(KerberosException.class)
                .hasMessageContaining("citadel.kerberos.principal")
                .hasMessageContaining("[agent]");
    }

    @Test
    void badBooleanAndPatternAreRefusedNamingKey() {
        assertThatThrownBy(() -> KerberosSettings.fromConfig(config("canonicalize-hostnames = maybe"),
                "citadel.kerberos"))
                .hasMessageContaining("citadel.kerberos.canonicalize-hostnames").hasMessageContaining("maybe");
        assertThatThrownBy(() -> KerberosSettings.fromConfig(config("service-principal-pattern = \"master\""),
                "citadel.kerberos"))
                .hasMessageContaining("citadel.kerberos.service-principal-pattern");
    }

    @Test
    void missingRequiredKeyIsNamed() {
        Config c = config("").withoutPath("citadel.kerberos.principal");

        assertThatThrownBy(() -> KerberosSettings.fromConfig(c, "citadel.kerberos"))
                .hasMessageContaining("citadel.kerberos.principal");
    }

    @Test
    void servicePrincipalForRefusesNonHosts() throws Exception {
        KerberosSettings s = KerberosSettings.fromConfig(config(""), "citadel.kerberos");

        assertThatThrownBy(() -> s.servicePrincipalFor("evil/x@OTHER")).isInstanceOf(IllegalArgumentException.class);
    }
}
