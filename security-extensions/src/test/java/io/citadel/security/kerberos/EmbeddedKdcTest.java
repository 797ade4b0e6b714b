package io.citadel.security.kerberos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.apache.kerby.kerberos.kerb.keytab.Keytab;
import org.apache.kerby.kerberos.kerb.type.base.PrincipalName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddedKdcTest {

    private Path dir;
    private EmbeddedKdc kdc;

    @BeforeAll
    void start(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        kdc = KdcSetup.run(dir, "EXAMPLE.TEST", List.of("master/m1.example.test", "agent/a1.example.test@EXAMPLE.TEST"));
    }

    @AfterAll
    void stop() {
        if (kdc != null) {
            kdc.close();
        }
    }

    @Test
    void kdcSetupWritesOnePrivateKeytabPerPrincipalWithoutKrbtgt() throws Exception {
        Path keytab = dir.resolve("keytabs/master_m1.example.test_EXAMPLE.TEST.keytab");
        assertThat(KdcSetup.keytabPath(dir, "master/m1.example.test@EXAMPLE.TEST")).isEqualTo(keytab);
        assertThat(Files.getPosixFilePermissions(keytab)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        List<PrincipalName> principals = Keytab.loadKeytab(keytab.toFile()).getPrincipals();
        assertThat(principals).extracting(PrincipalName::getName).containsExactly("master/m1.example.test@EXAMPLE.TEST");
        assertThat(dir.resolve("keytabs/agent_a1.example.test_EXAMPLE.TEST.keytab")).exists();
    }

    @Test
    void krb5ConfIsTcpOnlyWithoutCanonicalisationAndNamesTheChosenPort() throws Exception {
        String conf = Files.readString(kdc.krb5Conf());

        assertThat(kdc.port()).isPositive();
        assertThat(conf).contains("kdc = localhost:" + kdc.port(), "dns_canonicalize_hostname = false",
                "rdns = false", "udp_preference_limit = 1", "clockskew = 300", "default_realm = EXAMPLE.TEST");
        assertThat(Krb5Login.clockSkewSeconds(kdc.krb5Conf())).isEqualTo(300);
    }

    @Test
    void rekeyRaisesKvno() throws Exception {
        kdc.createPrincipal("svc/r.example.test");
        assertThat(kdc.kvno("svc/r.example.test")).isEqualTo(1);

        assertThat(kdc.rekey("svc/r.example.test")).isEqualTo(2);
        assertThat(kdc.kvno("svc/r.example.test@EXAMPLE.TEST")).isEqualTo(2);
    }
}
