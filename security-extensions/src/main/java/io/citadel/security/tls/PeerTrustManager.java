package io.citadel.security.tls;

import java.net.Socket;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trust manager used on both sides of every Artery link: standard PKIX validation against the
 * trusted CA only, then {@link PeerPolicy} (role, validity, hostname). A refusal is logged at WARN
 * with its cause and counted in {@link TlsRejections} before JSSE turns it into a fatal alert.
 *
 * <p>Built per loaded set of files by {@link TlsContextFactory}; immutable and thread-safe.
 */
final class PeerTrustManager extends X509ExtendedTrustManager {

    private static final Logger log = LoggerFactory.getLogger(PeerTrustManager.class);

    private final X509ExtendedTrustManager pkix;
    private final PeerPolicy policy;
    private final TlsRejections rejections;

    PeerTrustManager(X509ExtendedTrustManager pkix, PeerPolicy policy, TlsRejections rejections) {
        this.pkix = pkix;
        this.policy = policy;
        this.rejections = rejections;
    }

    /** The JDK PKIX part of one check, run between the validity and the identity checks. */
    interface PkixCheck {
        void run() throws CertificateException;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check("client", chain, null, () -> pkix.checkClientTrusted(chain, authType, engine));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check("server", chain, engine == null ? null : engine.getPeerHost(),
                () -> pkix.checkServerTrusted(chain, authType, engine));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check("client", chain, null, () -> pkix.checkClientTrusted(chain, authType, socket));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        String host = socket instanceof SSLSocket ssl && ssl.getHandshakeSession() != null
                ? ssl.getHandshakeSession().getPeerHost() : null;
        check("server", chain, host, () -> pkix.checkServerTrusted(chain, authType, socket));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check("client", chain, null, () -> ((X509TrustManager) pkix).checkClientTrusted(chain, authType));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check("server", chain, null, () -> ((X509TrustManager) pkix).checkServerTrusted(chain, authType));
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pkix.getAcceptedIssuers();
    }

    private void check(String peerSide, X509Certificate[] chain, String dialledHost, PkixCheck pkixCheck)
            throws PeerRejectedException {
        try {
            policy.checkValidity(chain); // first, so an expired peer is reported as expired, not as a PKIX failure
            try {
                pkixCheck.run();
            } catch (PeerRejectedException e) {
                throw e;
            } catch (CertificateException e) {
                boolean pathBuilding = causedBy(e, CertPathBuilderException.class);
                throw new PeerRejectedException(pathBuilding ? RejectionReason.FOREIGN_CA : RejectionReason.INVALID_CHAIN,
                        (pathBuilding ? "not issued by the trusted CA: [" : "invalid chain: [")
                                + PeerPolicy.subject(chain[0]) + "] issued by [" + chain[0].getIssuerX500Principal().getName()
                                + "]: " + e.getMessage());
            }
            policy.checkIdentity(chain, dialledHost);
        } catch (PeerRejectedException e) {
            rejections.record(e.reason());
            log.warn("Refused TLS {} [{}]: reason [{}]: {}", peerSide,
                    chain == null || chain.length == 0 ? "?" : PeerPolicy.subject(chain[0]), e.reason(), e.getMessage());
            throw e;
        }
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}
