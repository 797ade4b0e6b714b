package io.citadel.security.tls;

import java.security.cert.CertificateException;

/**
 * Thrown by Citadel's trust manager and session checks when a peer certificate is refused.
 *
 * <p>It is a {@link CertificateException} so that JSSE turns it into a fatal alert; the handshake
 * exception keeps it as its cause, which lets the engine wrapper see that the refusal was already
 * logged and counted. Immutable.
 */
public final class PeerRejectedException extends CertificateException {

    private final RejectionReason reason;

    public PeerRejectedException(RejectionReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public RejectionReason reason() {
        return reason;
    }
}
