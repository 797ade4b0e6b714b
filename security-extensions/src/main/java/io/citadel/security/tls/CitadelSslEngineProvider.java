package io.citadel.security.tls;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.remote.artery.tcp.SSLEngineProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * Citadel's Artery TLS provider: TLS 1.3 only, mutual authentication, PEM key material, trust in
 * the cluster CA only, and a peer-role check on both ends of every link.
 *
 * <p>Selected with {@code pekko.remote.artery.ssl.ssl-engine-provider =
 * io.citadel.security.tls.CitadelSslEngineProvider} (and {@code transport = tls-tcp}); Pekko
 * instantiates it reflectively through the {@link #CitadelSslEngineProvider(ActorSystem)}
 * constructor, which reads {@code citadel.tls}. Unlike Pekko's own providers it builds and checks
 * its context in the constructor, so a bad key or chain fails the actor system's start, not the
 * first connection. Renewed files are picked up by {@link ReloadingTlsContext}. Refusals are
 * logged at WARN and counted in {@link #rejections()} (also reachable by system name through
 * {@link TlsRejections#forSystem}).
 *
 * <p>One instance per actor system, called concurrently by Pekko's streams; thread-safe.
 */
public final class CitadelSslEngineProvider implements SSLEngineProvider {

    private static final Logger log = LoggerFactory.getLogger(CitadelSslEngineProvider.class);
    private static final String[] PROTOCOLS = {TlsContextFactory.PROTOCOL};

    private final TlsSettings settings;
    private final PeerPolicy policy;
    private final TlsRejections rejections;
    private final ReloadingTlsContext context;

    /** The constructor Pekko calls; reads {@code citadel.tls} from the system's config. */
    public CitadelSslEngineProvider(ActorSystem system) {
        this(TlsSettings.fromConfig(system.settings().config(), TlsSettings.DEFAULT_PATH), Clock.systemUTC(),
                TlsRejections.forSystem(system.name()));
    }

    /**
     * For tests and for embedding (e.g. the operator HTTPS API): explicit settings, clock and counters.
     *
     * @throws TlsSetupException if the files fail {@link TlsSelfTest}
     */
    public CitadelSslEngineProvider(TlsSettings settings, Clock clock, TlsRejections rejections) {
        this.settings = settings;
        this.rejections = rejections;
        this.policy = new PeerPolicy(settings.acceptedPeerRoles(), settings.hostnameVerification(), clock);
        this.context = new ReloadingTlsContext(settings, policy, rejections, clock);
        log.info("Citadel TLS provider ready: own role [{}], accepting peer roles {}, hostname verification [{}]",
                settings.ownRole().configName(), settings.acceptedPeerRoles(), settings.hostnameVerification());
    }

    @Override
    public SSLEngine createServerSSLEngine(String hostname, int port) {
        SSLEngine engine = context.current().createSSLEngine(hostname, port);
        engine.setUseClientMode(false);
        engine.setEnabledProtocols(PROTOCOLS);
        engine.setNeedClientAuth(true);
        return new RejectionCountingEngine(engine, rejections);
    }

    @Override
    public SSLEngine createClientSSLEngine(String hostname, int port) {
        // The dialled host is the engine's peer host; PeerTrustManager checks it when hostname verification is on.
        SSLEngine engine = context.current().createSSLEngine(hostname, port);
        engine.setUseClientMode(true);
        engine.setEnabledProtocols(PROTOCOLS);
        return new RejectionCountingEngine(engine, rejections);
    }

    /** Called by Pekko after an outbound handshake; re-checks role, validity and hostname (also for resumed sessions). */
    @Override
    public Option<Throwable> verifyClientSession(String hostname, SSLSession session) {
        return verify("server", hostname, session);
    }

    /** Called by Pekko after an inbound handshake; the accepting side never checks the client's host name (B16). */
    @Override
    public Option<Throwable> verifyServerSession(String hostname, SSLSession session) {
        return verify("client", null, session);
    }

    /** Counters of refused peers and connections. */
    public TlsRejections rejections() {
        return rejections;
    }

    /** The own certificate new connections present now (changes on reload). */
    public X509Certificate currentCertificate() {
        return context.leaf();
    }

    /** How many times renewed files have replaced the context. */
    public long reloads() {
        return context.reloads();
    }

    /** The settings in use. */
    public TlsSettings settings() {
        return settings;
    }

    /** The current context, for callers that need sockets rather than engines (e.g. tests, HTTPS). */
    public SSLContext sslContext() {
        return context.current();
    }

    private Option<Throwable> verify(String peerSide, String dialledHost, SSLSession session) {
        X509Certificate[] chain;
        try {
            Certificate[] certs = session.getPeerCertificates();
            chain = new X509Certificate[certs.length];
            for (int i = 0; i < certs.length; i++) {
                chain[i] = (X509Certificate) certs[i];
            }
        } catch (SSLPeerUnverifiedException | ClassCastException e) {
            return refuse(peerSide, "?", new PeerRejectedException(RejectionReason.NO_PEER_CERTIFICATE,
                    "the peer's session has no verified X.509 certificate"));
        }
        try {
            policy.checkValidity(chain);
            policy.checkIdentity(chain, dialledHost);
            return Option.empty();
        } catch (PeerRejectedException e) {
            return refuse(peerSide, PeerPolicy.subject(chain[0]), e);
        }
    }

    private Option<Throwable> refuse(String peerSide, String subject, PeerRejectedException e) {
        rejections.record(e.reason());
        log.warn("Refused TLS {} session [{}]: reason [{}]: {}", peerSide, subject, e.reason(), e.getMessage());
        return Option.apply(e);
    }
}
