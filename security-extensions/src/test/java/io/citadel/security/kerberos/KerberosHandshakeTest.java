package io.citadel.security.kerberos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citadel.security.kerberos.AcceptResult.Authenticated;
import io.citadel.security.kerberos.AcceptResult.Reason;
import io.citadel.security.kerberos.AcceptResult.Refused;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KerberosHandshakeTest {

    private TestKdc kdc;
    private KerberosSettings agent;
    private KerberosSettings master;
    private KerberosAcceptor acceptor;

    @BeforeAll
    void startKdc(@TempDir Path dir) throws Exception {
        kdc = TestKdc.start(dir);
        agent = kdc.createIdentity("agent/a1.example.test");
        master = kdc.createIdentity("master/m1.example.test");
        acceptor = KerberosAcceptor.login(master);
    }

    @AfterAll
    void stopKdc() {
        if (kdc != null) {
            kdc.close();
        }
    }

    @Test
    void initiatorToAcceptorRoundTripYieldsClientPrincipal() throws Exception {
        try (KerberosInitiator initiator = KerberosInitiator.login(agent)) {
            byte[] token = initiator.initiate(master.principal());

            AcceptResult result = acceptor.accept(token);

            assertThat(result).isEqualTo(new Authenticated("agent/a1.example.test@EXAMPLE.TEST"));
        }
    }
}
