package io.citadel.security.tls;

import static io.citadel.security.tls.TlsLoopback.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.security.pki.CertRole;
import io.citadel.security.pki.IssuedCredential;
import io.citadel.security.pki.Pem;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Future;
import java.security.Principal;
import java.security.PrivateKey;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CitadelSslEngineProviderTest {

    @TempDir
    Path dir;

    private TestPki pki;
    private TlsLoopback loopback;

    @BeforeEach
    void setUp() throws Exception {
        pki = TestPki.create(dir, "cluster");
        loopback = new TlsLoopback();
    }

    @AfterEach
    void tearDown() throws Exception {
        loopback.close();
    }

    private CitadelSslEngineProvider provider(IssuedCredential cred, CertRole own, CertRole... accepted) {
        return new CitadelSslEngineProvider(TestPki.settings(cred, own, accepted), Clock.systemUTC(), new TlsRejections());
    }

    private TlsLoopback.Outcome[] handshake(CitadelSslEngineProvider server, SSLEngine client) throws Exception {
        Future<TlsLoopback.Outcome> serverSide = loopback.serveOnce(() -> server.createServerSSLEngine("127.0.0.1", 0));
        TlsLoopback.Outcome clientSide = loopback.connect(client);
        return new TlsLoopback.Outcome[] {await(serverSide), clientSide};
    }

    @Test
    void masterToMasterHandshakeSucceedsWithTls13AndMutualAuth() throws Exception {
        CitadelSslEngineProvider m1 = provider(pki.issue(CertRole.MASTER, "m1"), CertRole.MASTER, CertRole.MASTER);
        CitadelSslEngineProvider m2 = provider(pki.issue(CertRole.MASTER, "m2"), CertRole.MASTER, CertRole.MASTER);

        TlsLoopback.Outcome[] o = handshake(m1, m2.createClientSSLEngine("127.0.0.1", loopback.port()));

        assertThat(o[0].failure()).isNull();
        assertThat(o[1].failure()).isNull();
        assertThat(o[0].peer().getSubjectX500Principal().getName()).contains("CN=m2");
        assertThat(o[1].peer().getSubjectX500Principal().getName()).contains("CN=m1");
        assertThat(o[1].session().getProtocol()).isEqualTo("TLSv1.3");
        assertThat(m1.verifyServerSession("127.0.0.1", o[0].session()).isEmpty()).isTrue();
        assertThat(m2.verifyClientSession("127.0.0.1", o[1].session()).isEmpty()).isTrue();
        assertThat(m1.rejections().total()).isZero();
        assertThat(m2.rejections().total()).isZero();
    }

    @Test
    void agentCertificateIsRefusedByAMasterOnlyListener() throws Exception {
        CitadelSslEngineProvider master = provider(pki.issue(CertRole.MASTER, "m1"), CertRole.MASTER, CertRole.MASTER);
        CitadelSslEngineProvider agent = provider(pki.issue(CertRole.AGENT, "a1"), CertRole.AGENT, CertRole.MASTER);

        TlsLoopback.Outcome[] o = handshake(master, agent.createClientSSLEngine("127.0.0.1", loopback.port()));

        assertThat(o[0].failure()).hasRootCauseInstanceOf(PeerRejectedException.class)
                .rootCause().hasMessageContaining("role [agent]").hasMessageContaining("[master]");
        assertThat(o[1].ok()).isFalse();
        assertThat(master.rejections().count(RejectionReason.WRONG_ROLE)).isEqualTo(1);
        assertThat(master.rejections().total()).isEqualTo(1);
        assertThat(agent.rejections().count(RejectionReason.REFUSED_BY_PEER)).isEqualTo(1);
    }

    @Test
    void connectingSideRefusesAServerWithTheWrongRole() throws Exception {
        // a gateway's port must not be mistaken for a master's cluster port
        CitadelSslEngineProvider gateway = provider(pki.issue(CertRole.GATEWAY, "g1"), CertRole.GATEWAY, CertRole.MASTER);
        CitadelSslEngineProvider master = provider(pki.issue(CertRole.MASTER, "m1"), CertRole.MASTER, CertRole.MASTER);

        TlsLoopback.Outcome[] o = handshake(gateway, master.createClientSSLEngine("127.0.0.1", loopback.port()));

        assertThat(o[1].failure()).hasRootCauseInstanceOf(PeerRejectedException.class);
        assertThat(master.rejections().count(RejectionReason.WRONG_ROLE)).isEqualTo(1);
        assertThat(gateway.rejections().count(RejectionReason.REFUSED_BY_PEER)).isEqualTo(1);
        assertThat(gateway.rejections().count(RejectionReason.WRONG_ROLE)).isZero();
    }

    @Test
    void certificateFromAForeignCaIsRefused() throws Exception {
        CitadelSslEngineProvider master = provider(pki.issue(CertRole.MASTER, "m1"), CertRole.MASTER, CertRole.MASTER);
        TestPki foreign = TestPki.create(dir.resolve("other"), "other");
        CitadelSslEngineProvider intruder = provider(foreign.issue(CertRole.MASTER, "m1"), CertRole.MASTER, CertRole.MASTER);

        TlsLoopback.Outcome[] o = handshake(master, intruder.createClientSSLEngine("127.0.0.1", loopback.port()));

        assertThat(o[0].ok()).isFalse();
        assertThat(o[1].ok()).isFalse();
        // the intruder's client already refuses our server (it does not trust our CA either)
        assertThat(intruder.rejections().count(RejectionReason.FOREIGN_CA)).isEqualTo(1);
        assertThat(master.rejections().count(RejectionReason.REFUSED_BY_PEER)).isEqualTo(1);
    }

    @Test
    void clientCertificateFromAForeignCaIsRefusedByTheServer() throws Exception {
        CitadelSslEngineProvider master = provider(pki.issue(CertRole.MASTER, "m1"), CertRole.MASTER, CertRole.MASTER);
        TestPki foreign = TestPki.create(dir.resolve("other"), "other");
        IssuedCredential foreignCred = foreign.issue(CertRole.MASTER, "m9");
        // the intruder trusts our CA (it has our public CA certificate) but its own key is from another CA
        SSLContext context = rawContext(foreignCred, pki.ca.trustAnchorFile());

        TlsLoopback.Outcome[] o = handshake(master, clientEngine(context));

        assertThat(o[0].failure()).hasRootCauseInstanceOf(PeerRejectedException.class);
        assertThat(master.rejections().count(RejectionReason.FOREIGN_CA)).isEqualTo(1);
        assertThat(o[1].ok()).isFalse();
    }

    @Test
    void clientWithoutCertificateIsRefused() throws Exception {
        CitadelSslEngineProvider master = provider(pki.issue(CertRole.MASTER, "m1"), CertRole.MASTER, CertRole.MASTER);
        SSLContext noKey = SSLContext.getInstance("TLSv1.3");
        noKey.init(null, trustOnly(pki.ca.trustAnchorFile()).getTrustManagers(), new SecureRandom());

        TlsLoopback.Outcome[] o = handshake(master, clientEngine(noKey));

        assertThat(o[0].ok()).isFalse();
        assertThat(o[1].ok()).isFalse();
        assertThat(master.rejections().count(RejectionReason.NO_PEER_CERTIFICATE)).isEqualTo(1);
    }

    @Test
    void expiredClientCertificateIsRefusedAsExpired() throws Exception {
        CitadelSslEngineProvider master = provider(pki.issue(CertRole.MASTER, "m1"), CertRole.MASTER, CertRole.MASTER);
        Instant past = Instant.now().minus(Duration.ofHours(2));
        IssuedCredential expired = pki.ca.issue(CertRole.MASTER, "m2", List.of(), past.minus(Duration.ofDays(1)), past,
                dir.resolve("nodes"));

        TlsLoopback.Outcome[] o = handshake(master, clientEngine(rawContext(expired, expired.trustedCa())));

        assertThat(o[0].failure()).hasRootCauseInstanceOf(PeerRejectedException.class)
                .rootCause().hasMessageContaining("certificate expired");
        assertThat(master.rejections().count(RejectionReason.EXPIRED)).isEqualTo(1);
    }

    @Test
    void tls12ClientIsRefused() throws Exception {
        CitadelSslEngineProvider master = provider(pki.issue(CertRole.MASTER, "m1"), CertRole.MASTER, CertRole.MASTER);
        SSLEngine old = clientEngine(rawContext(pki.issue(CertRole.MASTER, "m2"), pki.ca.trustAnchorFile()));
        old.setEnabledProtocols(new String[] {"TLSv1.2"});

        TlsLoopback.Outcome[] o = handshake(master, old);

        assertThat(o[0].ok()).isFalse();
        assertThat(o[1].ok()).isFalse();
        assertThat(master.rejections().count(RejectionReason.HANDSHAKE_FAILED)).isEqualTo(1);
    }

    @Test
    void B18_junkTrafficOnTheTlsPortIsDroppedAndCountedAndTheListenerKeepsWorking() throws Exception {
        CitadelSslEngineProvider master = provider(pki.issue(CertRole.MASTER, "m1"), CertRole.MASTER, CertRole.MASTER);
        byte[] random = new byte[512];
        new SecureRandom().nextBytes(random);
        random[0] = 0x47; // not a TLS record type, like any stray protocol
        List<byte[]> junk = List.of("OPTIONS * HTTP/1.1\r\nHost: m1\r\n\r\n".getBytes(StandardCharsets.US_ASCII), random,
                // plaintext Artery (its TCP connection header) sent to a TLS port by a misconfigured node
                new byte[] {'A', 'K', 'K', 'A', 1});
        for (byte[] bytes : junk) {
            Future<TlsLoopback.Outcome> serverSide = loopback.serveOnce(() -> master.createServerSSLEngine("127.0.0.1", 0));
            try (Socket raw = new Socket(InetAddress.getLoopbackAddress(), loopback.port())) {
                OutputStream out = raw.getOutputStream();
                out.write(bytes);
                out.flush();
                raw.setSoTimeout(10_000);
                raw.getInputStream().readAllBytes(); // the server answers with an alert at most, then closes
            }
            assertThat(await(serverSide).ok()).isFalse();
        }
        assertThat(master.rejections().count(RejectionReason.NOT_TLS)).isEqualTo(3);

        // a ClientHello without a client certificate, then a legitimate peer: both handled, nothing broken
        SSLContext noKey = SSLContext.getInstance("TLSv1.3");
        noKey.init(null, trustOnly(pki.ca.trustAnchorFile()).getTrustManagers(), new SecureRandom());
        assertThat(handshake(master, clientEngine(noKey))[0].ok()).isFalse();
        assertThat(master.rejections().count(RejectionReason.NO_PEER_CERTIFICATE)).isEqualTo(1);

        CitadelSslEngineProvider m2 = provider(pki.issue(CertRole.MASTER, "m2"), CertRole.MASTER, CertRole.MASTER);
        TlsLoopback.Outcome[] good = handshake(master, m2.createClientSSLEngine("127.0.0.1", loopback.port()));
        assertThat(good[0].ok()).isTrue();
        assertThat(good[1].ok()).isTrue();
        assertThat(master.rejections().total()).isEqualTo(4);
    }

    // ---- helpers --------------------------------------------------------------------------------

    static SSLEngine clientEngine(SSLContext context) {
        SSLEngine engine = context.createSSLEngine("127.0.0.1", 0);
        engine.setUseClientMode(true);
        return engine;
    }

    /**
     * A plain JSSE client context that skips the provider's self-test, to play peers the provider
     * would never be (expired, foreign, TLS 1.2 only).
     */
    static SSLContext rawContext(IssuedCredential cred, Path trustedCa) throws Exception {
        TlsMaterial material = new TlsMaterial(Pem.readPrivateKey(cred.privateKey()), Pem.readCertificates(cred.chain()),
                Pem.readCertificates(trustedCa));
        // with a key manager that presents its certificate even to a server whose CA list
        // does not include its issuer (the JDK would otherwise send none, as an honest client does)
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("k", material.privateKey(), new char[] {'x'}, material.chain().toArray(X509Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
        kmf.init(keys, new char[] {'x'});
        X509ExtendedKeyManager km = (X509ExtendedKeyManager) kmf.getKeyManagers()[0];
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(new KeyManager[] {new AlwaysPresentKeyManager(km)}, trustOnly(trustedCa).getTrustManagers(),
                new SecureRandom());
        return context;
    }

    /** A client key manager that ignores the server's list of acceptable issuers. */
    private static final class AlwaysPresentKeyManager extends X509ExtendedKeyManager {
        private final X509ExtendedKeyManager delegate;

        AlwaysPresentKeyManager(X509ExtendedKeyManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return delegate.chooseEngineClientAlias(keyType, null, engine);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return delegate.getClientAliases(keyType, null);
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return delegate.chooseClientAlias(keyType, null, socket);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return delegate.getServerAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return delegate.chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return delegate.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return delegate.getPrivateKey(alias);
        }
    }

    private static TrustManagerFactory trustOnly(Path ca) throws Exception {
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        anchors.setCertificateEntry("ca", Pem.readCertificate(ca));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(anchors);
        return tmf;
    }


}
