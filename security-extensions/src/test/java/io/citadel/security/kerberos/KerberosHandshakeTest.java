package io.citadel.security.kerberos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.citadel.security.kerberos.AcceptResult.Authenticated;
import io.citadel.security.kerberos.AcceptResult.Reason;
import io.citadel.security.kerberos.AcceptResult.Refused;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Initiator ↔ acceptor against one embedded KDC: the happy path, clear failures, B24 and B25. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KerberosHandshakeTest {

    private static final String CLIENT = "agent/a1.example.test@EXAMPLE.TEST";

    private Path dir;
    private TestKdc kdc;
    private KerberosSettings agent;
    private KerberosSettings master;
    private KerberosAcceptor acceptor;

    @BeforeAll
    void startKdc(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        kdc = TestKdc.start(dir);
        agent = kdc.createIdentity("agent/a1.example.test");
        master = kdc.createIdentity("master/m0.example.test");
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

            assertThat(acceptor.accept(token)).isEqualTo(new Authenticated(CLIENT));
        }
    }

    @Test
    void closedInitiatorHasNoTicketAndSaysSo() throws Exception {
        KerberosInitiator initiator = KerberosInitiator.login(agent);
        initiator.close();

        assertThatThrownBy(() -> initiator.initiate(master.principal()))
                .isInstanceOf(KerberosException.class)
                .hasMessageContaining(CLIENT)
                .hasMessageContaining("no ticket-granting ticket");
    }

    @Test
    void unknownClientPrincipalIsClearError() throws Exception {
        KerberosSettings ghost = kdc.createIdentity("ghost");
        kdc.kdc.deletePrincipal(ghost.principal());

        assertThatThrownBy(() -> KerberosInitiator.login(ghost))
                .isInstanceOf(KerberosException.class)
                .hasMessageContaining("ghost@EXAMPLE.TEST")
                .hasMessageContaining("client principal not found")
                .hasMessageContaining("(6)")
                .satisfies(e -> assertThat(((KerberosException) e).errorCode()).hasValue(6));
    }

    @Test
    void missingKeytabIsClearError() {
        Path missing = dir.resolve("nowhere.keytab");
        KerberosSettings settings = agent.withIdentity(agent.principal(), missing);

        assertThatThrownBy(() -> KerberosInitiator.login(settings))
                .isInstanceOf(KerberosException.class)
                .hasMessageContaining(CLIENT)
                .hasMessageContaining(missing.toString());
        assertThatThrownBy(() -> KerberosAcceptor.login(master.withIdentity(master.principal(), missing)))
                .isInstanceOf(KerberosException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void keytabOfAnotherPrincipalIsClearError() {
        KerberosSettings wrong = agent.withIdentity("agent/other.example.test@EXAMPLE.TEST", agent.keytab());

        assertThatThrownBy(() -> KerberosInitiator.login(wrong))
                .isInstanceOf(KerberosException.class)
                .hasMessageContaining("agent/other.example.test@EXAMPLE.TEST")
                .hasMessageContaining("keytab holds no usable key");
    }

    @Test
    void unreachableKdcIsClearError() throws Exception {
        Path deadConf = dir.resolve("dead-krb5.conf");
        int deadPort = kdc.kdc.port() == 1 ? 2 : 1; // privileged low port: nothing listens there
        Files.writeString(deadConf, Files.readString(kdc.kdc.krb5Conf())
                .replace("kdc = localhost:" + kdc.kdc.port(), "kdc = localhost:" + deadPort));

        assertThatThrownBy(() -> KerberosInitiator.login(agent.withIdentity(agent.principal(), agent.keytab())
                        .withKrb5Conf(deadConf)))
                .isInstanceOf(KerberosException.class)
                .hasMessageContaining(CLIENT)
                .hasMessageContaining("KDC unreachable");
    }

    @Test
    void garbageAndForeignTokensAreRefusedNotThrown() throws Exception {
        assertThat(acceptor.accept(new byte[0])).isInstanceOf(Refused.class)
                .extracting(r -> ((Refused) r).reason()).isEqualTo(Reason.BAD_TOKEN);
        assertThat(acceptor.accept(new byte[] {0x60, 0x03, 0x01, 0x02, 0x03}))
                .extracting(r -> ((Refused) r).reason()).isEqualTo(Reason.BAD_TOKEN);

        KerberosSettings other = kdc.createIdentity("master/other.example.test");
        try (KerberosInitiator initiator = KerberosInitiator.login(agent)) {
            AcceptResult result = acceptor.accept(initiator.initiate(other.principal()));

            assertThat(result).isInstanceOf(Refused.class);
            assertThat(((Refused) result).reason()).isEqualTo(Reason.KEY_NOT_IN_KEYTAB);
            assertThat(((Refused) result).detail()).contains("master/other.example.test@EXAMPLE.TEST");
        }
    }

    @Test
    void B24_servicePrincipalNotCanonicalisedByReverseDns() throws Exception {
        assumeThat(resolves("m1.example.test")).as("m1.example.test must not resolve here").isFalse();
        String wanted = "master/m1.example.test@EXAMPLE.TEST";
        try (KerberosInitiator initiator = KerberosInitiator.login(agent)) {
            assertThat(initiator.servicePrincipalFor("m1.example.test")).isEqualTo(wanted);

            assertThatThrownBy(() -> initiator.initiateToHost("m1.example.test"))
                    .isInstanceOf(KerberosException.class)
                    .hasMessageContaining("[" + wanted + "]")
                    .hasMessageContaining("Server not found in Kerberos database")
                    .hasMessageContaining("(7)")
                    .satisfies(e -> assertThat(((KerberosException) e).errorCode()).hasValue(7));
        }

        KerberosAcceptor m1 = KerberosAcceptor.login(kdc.createIdentity("master/m1.example.test"));
        try (KerberosInitiator initiator = KerberosInitiator.login(agent)) {
            assertThat(m1.accept(initiator.initiateToHost("m1.example.test"))).isEqualTo(new Authenticated(CLIENT));
        }
    }

    @Test
    void B25_replayCacheKeyedOnAuthenticatorContent() throws Exception {
        int threads = 50;
        List<byte[]> tokens = new ArrayList<>();
        List<AcceptResult> results = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (KerberosInitiator initiator = KerberosInitiator.login(agent)) {
            initiator.initiate(master.principal()); // warm the service ticket; tokens below differ anyway
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Object[]>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<Object[]> oneAuthentication = () -> {
                    start.await();
                    byte[] token = initiator.initiate(master.principal());
                    return new Object[] {token, acceptor.accept(token)};
                };
                futures.add(pool.submit(oneAuthentication));
            }
            start.countDown();
            for (Future<Object[]> f : futures) {
                Object[] pair = f.get(60, TimeUnit.SECONDS);
                tokens.add((byte[]) pair[0]);
                results.add((AcceptResult) pair[1]);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(results).hasSize(threads).allSatisfy(r -> assertThat(r).isEqualTo(new Authenticated(CLIENT)));
        assertThat(tokens.stream().map(Arrays::hashCode).distinct()).hasSize(threads);

        AcceptResult resend = acceptor.accept(tokens.get(17).clone());
        assertThat(resend).isInstanceOf(Refused.class);
        assertThat(((Refused) resend).reason()).isEqualTo(Reason.REPLAY);
        assertThat(((Refused) resend).detail()).contains("KRB_AP_ERR_REPEAT");
    }

    @Test
    void identicalTokensRacingAreAcceptedExactlyOnce() throws Exception {
        byte[] token;
        try (KerberosInitiator initiator = KerberosInitiator.login(agent)) {
            token = initiator.initiate(master.principal());
        }
        int racers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<AcceptResult>> futures = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return acceptor.accept(token.clone());
                }));
            }
            start.countDown();
            long accepted = 0;
            for (Future<AcceptResult> f : futures) {
                AcceptResult r = f.get(60, TimeUnit.SECONDS);
                if (r instanceof Authenticated) {
                    accepted++;
                } else {
                    assertThat(((Refused) r).reason()).isEqualTo(Reason.REPLAY);
                }
            }
            assertThat(accepted).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    private static boolean resolves(String host) {
        try {
            InetAddress.getByName(host);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
