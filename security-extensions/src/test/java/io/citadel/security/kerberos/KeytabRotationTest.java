package io.citadel.security.kerberos;

import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.security.kerberos.AcceptResult.Authenticated;
import io.citadel.security.kerberos.AcceptResult.Reason;
import io.citadel.security.kerberos.AcceptResult.Refused;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.kerby.kerberos.kerb.crypto.EncryptionHandler;
import org.apache.kerby.kerberos.kerb.keytab.Keytab;
import org.apache.kerby.kerberos.kerb.keytab.KeytabEntry;
import org.apache.kerby.kerberos.kerb.type.KerberosTime;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionKey;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionType;
import org.apache.kerby.kerberos.kerb.type.base.PrincipalName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Field case B22: the KDC rekeys the master's service principal while its keytab is stale. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeytabRotationTest {

    private static final String CLIENT = "agent/a1.example.test@EXAMPLE.TEST";
    private static final String SERVICE = "master/m1.example.test@EXAMPLE.TEST";

    private Path dir;
    private TestKdc kdc;
    private KerberosSettings agent;

    @BeforeAll
    void startKdc(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        kdc = TestKdc.start(dir);
        agent = kdc.createIdentity("agent/a1.example.test");
    }

    @AfterAll
    void stopKdc() {
        if (kdc != null) {
            kdc.close();
        }
    }

    @Test
    void B22_staleKeytabAfterRekeyNamesPrincipalAndKvno() throws Exception {
        KerberosSettings master = kdc.createIdentity(SERVICE);
        KerberosAcceptor acceptor = KerberosAcceptor.login(master);
        try (KerberosInitiator before = KerberosInitiator.login(agent)) {
            assertThat(acceptor.accept(before.initiate(SERVICE))).isEqualTo(new Authenticated(CLIENT));
        }

        int newKvno = kdc.kdc.rekey(SERVICE);
        assertThat(newKvno).isEqualTo(2);

        try (KerberosInitiator fresh = KerberosInitiator.login(agent)) {
            AcceptResult stale = acceptor.accept(fresh.initiate(SERVICE));

            assertThat(stale).isInstanceOf(Refused.class);
            Refused refused = (Refused) stale;
            assertThat(refused.reason()).isEqualTo(Reason.WRONG_KVNO);
            assertThat(refused.detail()).contains("[" + SERVICE + "]", "kvno 2", "aes256-cts-hmac-sha1-96",
                    "holds kvno [1]", master.keytab().toString());

            kdc.kdc.exportKeytab(SERVICE, master.keytab()); // atomic swap of the file, acceptor keeps running

            assertThat(acceptor.accept(fresh.initiate(SERVICE))).isEqualTo(new Authenticated(CLIENT));
        }
    }

    @Test
    void B22_keytabWithRightKvnoButOtherKeyIsIntegrityFailure() throws Exception {
        String service = "master/m2.example.test@EXAMPLE.TEST";
        KerberosSettings master = kdc.createIdentity(service);
        int kvno = kdc.kdc.rekey(service);
        writeKeytabWithRandomKeys(master.keytab(), service, kvno);
        // Logged in after the keytab is written, so the case does not depend on change detection
        // within one mtime tick (rotation itself is covered by the test above).
        KerberosAcceptor acceptor = KerberosAcceptor.login(master);

        try (KerberosInitiator initiator = KerberosInitiator.login(agent)) {
            AcceptResult result = acceptor.accept(initiator.initiate(service));

            assertThat(result).isInstanceOf(Refused.class);
            Refused refused = (Refused) result;
            assertThat(refused.reason()).isEqualTo(Reason.INTEGRITY_CHECK_FAILED);
            assertThat(refused.detail()).contains("[" + service + "]", "kvno " + kvno, "aes256-cts-hmac-sha1-96",
                    "another password");
        }
    }

    @Test
    void vanishedKeytabFailsClosedAndRecoversWhenRestored() throws Exception {
        String service = "master/m3.example.test@EXAMPLE.TEST";
        KerberosSettings master = kdc.createIdentity(service);
        KerberosAcceptor acceptor = KerberosAcceptor.login(master);
        Path aside = dir.resolve("aside.keytab");
        Files.move(master.keytab(), aside);

        try (KerberosInitiator initiator = KerberosInitiator.login(agent)) {
            AcceptResult gone = acceptor.accept(initiator.initiate(service));
            assertThat(gone).isInstanceOf(Refused.class);
            assertThat(((Refused) gone).reason()).isEqualTo(Reason.KEY_NOT_IN_KEYTAB);
            assertThat(((Refused) gone).detail()).contains(master.keytab().toString());

            Files.move(aside, master.keytab(), StandardCopyOption.ATOMIC_MOVE);

            assertThat(acceptor.accept(initiator.initiate(service))).isEqualTo(new Authenticated(CLIENT));
        }
    }

    /** A keytab at the KDC's kvno whose keys the KDC never issued ("built from another password"). */
    private static void writeKeytabWithRandomKeys(Path file, String principal, int kvno) throws Exception {
        Keytab keytab = new Keytab();
        for (EncryptionType type : EmbeddedKdc.ENCTYPES) {
            EncryptionKey key = EncryptionHandler.random2Key(type);
            key.setKvno(kvno);
            keytab.addEntry(new KeytabEntry(new PrincipalName(principal), KerberosTime.now(), kvno, key));
        }
        Path staged = file.resolveSibling(file.getFileName() + ".new");
        keytab.store(staged.toFile());
        Files.move(staged, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
