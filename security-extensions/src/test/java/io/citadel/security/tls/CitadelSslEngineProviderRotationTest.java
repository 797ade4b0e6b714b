package io.citadel.security.tls;

import static io.citadel.security.tls.TlsLoopback.await;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.citadel.security.pki.CertRole;
import io.citadel.security.pki.IssuedCredential;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Renewal of a running provider's files (rotation) and expiry warnings (B19). */
class CitadelSslEngineProviderRotationTest {

    @TempDir
    Path dir;

    private TestPki pki;
    private TlsLoopback loopback;
    private final TestingClock clock = new TestingClock();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger contextLog = (Logger) LoggerFactory.getLogger(ReloadingTlsContext.class);

    @BeforeEach
    void setUp() throws Exception {
        pki = TestPki.create(dir, "cluster");
        loopback = new TlsLoopback();
        logs.start();
        contextLog.addAppender(logs);
    }

    @AfterEach
    void tearDown() throws Exception {
        contextLog.detachAppender(logs);
        loopback.close();
    }

    private BigInteger presentedSerial(CitadelSslEngineProvider server, CitadelSslEngineProvider client) throws Exception {
        Future<TlsLoopback.Outcome> serverSide = loopback.serveOnce(() -> server.createServerSSLEngine("127.0.0.1", 0));
        TlsLoopback.Outcome clientSide = loopback.connect(client.createClientSSLEngine("127.0.0.1", loopback.port()));
        assertThat(await(serverSide).failure()).isNull();
        assertThat(clientSide.failure()).isNull();
        return clientSide.peer().getSerialNumber();
    }

    private CitadelSslEngineProvider master(IssuedCredential cred) {
        return new CitadelSslEngineProvider(TestPki.settings(cred, CertRole.MASTER, CertRole.MASTER), clock, new TlsRejections());
    }

    @Test
    void atomicallyReplacedFilesAreUsedByNewHandshakesAfterTheReloadInterval() throws Exception {
        IssuedCredential m1 = pki.issue(CertRole.MASTER, "m1");
        CitadelSslEngineProvider server = master(m1);
        CitadelSslEngineProvider client = master(pki.issue(CertRole.MASTER, "m2"));
        BigInteger first = presentedSerial(server, client);

        pki.issue(CertRole.MASTER, "m1"); // renewal in place: each file written to a temp file, then ATOMIC_MOVE
        assertThat(presentedSerial(server, client)).as("no check before reload-interval").isEqualTo(first);

        clock.advance(Duration.ofMinutes(1));
        BigInteger renewed = presentedSerial(server, client);

        assertThat(renewed).isNotEqualTo(first);
        assertThat(server.currentCertificate().getSerialNumber()).isEqualTo(renewed);
        assertThat(server.reloads()).isEqualTo(1);
    }

    @Test
    void brokenReplacementKeepsTheCurrentCertificateUntilAGoodOneArrives() throws Exception {
        IssuedCredential m1 = pki.issue(CertRole.MASTER, "m1");
        CitadelSslEngineProvider server = master(m1);
        CitadelSslEngineProvider client = master(pki.issue(CertRole.MASTER, "m2"));
        BigInteger first = presentedSerial(server, client);

        // a key from another pair, as when only half of a renewal has landed
        IssuedCredential other = pki.issue(CertRole.MASTER, "m3");
        Path temp = Files.copy(other.privateKey(), m1.privateKey().resolveSibling("m1.key.tmp"));
        Files.move(temp, m1.privateKey(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        clock.advance(Duration.ofMinutes(1));

        assertThat(presentedSerial(server, client)).isEqualTo(first);
        assertThat(server.reloads()).isZero();
        assertThat(logs.list).anySatisfy(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.WARN);
            assertThat(e.getFormattedMessage()).contains("cannot be used").contains("does not match the certificate");
        });

        pki.issue(CertRole.MASTER, "m1");
        clock.advance(Duration.ofMinutes(1));
        assertThat(presentedSerial(server, client)).isNotEqualTo(first);
        assertThat(server.reloads()).isEqualTo(1);
    }

    @Test
    void B19_expiryIsWarnedAheadOfTimeAndRenewalWorksWithoutRestart() throws Exception {
        Instant now = clock.instant();
        IssuedCredential m1 = pki.ca.issue(CertRole.MASTER, "m1", List.of(), now.minus(Duration.ofMinutes(1)),
                now.plus(Duration.ofMinutes(2)), dir.resolve("nodes"));
        CitadelSslEngineProvider server = master(m1);

        assertThat(logs.list).anySatisfy(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.WARN);
            assertThat(e.getFormattedMessage()).contains("expires at").contains("renew it").contains("m1.chain.pem");
        });

        // the certificate lapses; a file drop plus reload renews it with no link depending on the old one
        clock.advance(Duration.ofMinutes(3));
        pki.issue(CertRole.MASTER, "m1");
        server.createServerSSLEngine("127.0.0.1", 0);
        assertThat(server.reloads()).isEqualTo(1);
        assertThat(server.currentCertificate().getNotAfter().toInstant()).isAfter(clock.instant().plus(Duration.ofHours(1)));
    }
}
