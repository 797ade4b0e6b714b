package io.citadel.security.tls;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link SSLEngine} that delegates everything to the JDK engine and logs and counts the
 * handshake failures the trust manager never sees: plaintext or junk bytes, a client without a
 * certificate, a peer's fatal alert, a connection dropped mid-handshake (B18).
 *
 * <p>Pekko reports inbound handshake failures only at DEBUG, so without this a port scan or a
 * misconfigured node would be invisible. Failures already counted by {@link PeerTrustManager}
 * (recognised by a {@link PeerRejectedException} cause) are not counted twice. A connection is
 * counted at most once. Owned by one Pekko TLS stage; as thread-safe as the delegate.
 */
final class RejectionCountingEngine extends SSLEngine {

    private static final Logger log = LoggerFactory.getLogger(RejectionCountingEngine.class);

    private final SSLEngine delegate;
    private final TlsRejections rejections;
    private final AtomicBoolean reported = new AtomicBoolean();
    private volatile boolean handshakeDone;

    RejectionCountingEngine(SSLEngine delegate, TlsRejections rejections) {
        super(delegate.getPeerHost(), delegate.getPeerPort());
        this.delegate = delegate;
        this.rejections = rejections;
    }

    @Override
    public SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) throws SSLException {
        try {
            return observe(delegate.wrap(srcs, offset, length, dst));
        } catch (SSLException e) {
            throw report(e);
        } catch (RuntimeException e) {
            throw report(e);
        }
    }

    @Override
    public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length) throws SSLException {
        try {
            return observe(delegate.unwrap(src, dsts, offset, length));
        } catch (SSLException e) {
            throw report(e);
        } catch (RuntimeException e) {
            throw report(e);
        }
    }

    @Override
    public void closeInbound() throws SSLException {
        try {
            delegate.closeInbound();
        } catch (SSLException e) {
            if (!handshakeDone) {
                report(e, RejectionReason.HANDSHAKE_INCOMPLETE);
            }
            throw e;
        }
    }

    private SSLEngineResult observe(SSLEngineResult result) {
        if (result.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.FINISHED) {
            handshakeDone = true;
        }
        return result;
    }

    private <E extends Exception> E report(E e) {
        RejectionReason reason = classify(e);
        // After the handshake only a peer's alert is a refusal (TLS 1.3 clients finish before the
        // server has checked their certificate); other late errors are ordinary connection failures.
        if (!handshakeDone || reason == RejectionReason.REFUSED_BY_PEER) {
            report(e, reason);
        }
        return e;
    }

    private void report(Exception e, RejectionReason reason) {
        if (reason == null || !reported.compareAndSet(false, true)) {
            return;
        }
        rejections.record(reason);
        log.warn("TLS handshake failed as {} (peer [{}:{}]): reason [{}]: {}", getUseClientMode() ? "client" : "server",
                delegate.getPeerHost(), delegate.getPeerPort(), reason, e.toString());
    }

    /** Null when the trust manager already counted this failure. */
    private static RejectionReason classify(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof PeerRejectedException) {
                return null;
            }
        }
        String m = String.valueOf(e.getMessage());
        if (m.contains("Unsupported or unrecognized SSL message") || m.contains("plaintext")) {
            return RejectionReason.NOT_TLS;
        }
        if (m.contains("Empty client certificate chain") || m.contains("certificate_required")) {
            return RejectionReason.NO_PEER_CERTIFICATE;
        }
        if (m.contains("Received fatal alert")) {
            return RejectionReason.REFUSED_BY_PEER;
        }
        return RejectionReason.HANDSHAKE_FAILED;
    }

    // ---- plain delegation below -------------------------------------------------------------

    @Override public Runnable getDelegatedTask() { return delegate.getDelegatedTask(); }
    @Override public boolean isInboundDone() { return delegate.isInboundDone(); }
    @Override public void closeOutbound() { delegate.closeOutbound(); }
    @Override public boolean isOutboundDone() { return delegate.isOutboundDone(); }
    @Override public String[] getSupportedCipherSuites() { return delegate.getSupportedCipherSuites(); }
    @Override public String[] getEnabledCipherSuites() { return delegate.getEnabledCipherSuites(); }
    @Override public void setEnabledCipherSuites(String[] suites) { delegate.setEnabledCipherSuites(suites); }
    @Override public String[] getSupportedProtocols() { return delegate.getSupportedProtocols(); }
    @Override public String[] getEnabledProtocols() { return delegate.getEnabledProtocols(); }
    @Override public void setEnabledProtocols(String[] protocols) { delegate.setEnabledProtocols(protocols); }
    @Override public SSLSession getSession() { return delegate.getSession(); }
    @Override public SSLSession getHandshakeSession() { return delegate.getHandshakeSession(); }
    @Override public void beginHandshake() throws SSLException { delegate.beginHandshake(); }
    @Override public SSLEngineResult.HandshakeStatus getHandshakeStatus() { return delegate.getHandshakeStatus(); }
    @Override public void setUseClientMode(boolean mode) { delegate.setUseClientMode(mode); }
    @Override public boolean getUseClientMode() { return delegate.getUseClientMode(); }
    @Override public void setNeedClientAuth(boolean need) { delegate.setNeedClientAuth(need); }
    @Override public boolean getNeedClientAuth() { return delegate.getNeedClientAuth(); }
    @Override public void setWantClientAuth(boolean want) { delegate.setWantClientAuth(want); }
    @Override public boolean getWantClientAuth() { return delegate.getWantClientAuth(); }
    @Override public void setEnableSessionCreation(boolean flag) { delegate.setEnableSessionCreation(flag); }
    @Override public boolean getEnableSessionCreation() { return delegate.getEnableSessionCreation(); }
    @Override public SSLParameters getSSLParameters() { return delegate.getSSLParameters(); }
    @Override public void setSSLParameters(SSLParameters params) { delegate.setSSLParameters(params); }
    @Override public String getApplicationProtocol() { return delegate.getApplicationProtocol(); }
    @Override public String getHandshakeApplicationProtocol() { return delegate.getHandshakeApplicationProtocol(); }

    @Override
    public void setHandshakeApplicationProtocolSelector(BiFunction<SSLEngine, List<String>, String> selector) {
        delegate.setHandshakeApplicationProtocolSelector(selector);
    }

    @Override
    public BiFunction<SSLEngine, List<String>, String> getHandshakeApplicationProtocolSelector() {
        return delegate.getHandshakeApplicationProtocolSelector();
    }
}
