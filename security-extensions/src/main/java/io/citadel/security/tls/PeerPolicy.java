package io.citadel.security.tls;

import io.citadel.security.pki.CertRole;
import io.citadel.security.pki.PkiException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Citadel's checks on a peer certificate beyond PKIX: validity with a precise reason, the peer's
 * {@link CertRole}, and (on the connecting side, when enabled) the dialled host against the SANs.
 *
 * <p>Used by {@link PeerTrustManager} during the handshake and again by the provider's session
 * hooks after it, so that a resumed session cannot skip them. Immutable and thread-safe.
 */
final class PeerPolicy {

    private final Set<CertRole> acceptedRoles;
    private final boolean hostnameVerification;
    private final Clock clock;

    PeerPolicy(Set<CertRole> acceptedRoles, boolean hostnameVerification, Clock clock) {
        this.acceptedRoles = Set.copyOf(acceptedRoles);
        this.hostnameVerification = hostnameVerification;
        this.clock = clock;
    }

    /** Fails with a reason when any certificate of the chain is outside its validity. */
    void checkValidity(X509Certificate[] chain) throws PeerRejectedException {
        if (chain == null || chain.length == 0) {
            throw new PeerRejectedException(RejectionReason.NO_PEER_CERTIFICATE, "the peer presented no certificate");
        }
        Instant now = clock.instant();
        for (X509Certificate cert : chain) {
            if (now.isAfter(cert.getNotAfter().toInstant())) {
                throw new PeerRejectedException(RejectionReason.EXPIRED, "certificate expired: [" + subject(cert)
                        + "] expired at " + cert.getNotAfter().toInstant() + " (now " + now + ")");
            }
            if (now.isBefore(cert.getNotBefore().toInstant())) {
                throw new PeerRejectedException(RejectionReason.NOT_YET_VALID, "certificate not yet valid: ["
                        + subject(cert) + "] starts at " + cert.getNotBefore().toInstant() + " (now " + now + ")");
            }
        }
    }

    /**
     * Fails unless the leaf carries an accepted role and, when {@code dialledHost} is non-null and
     * hostname verification is on, presents that host among its SANs.
     */
    void checkIdentity(X509Certificate[] chain, String dialledHost) throws PeerRejectedException {
        X509Certificate leaf = chain[0];
        Optional<CertRole> role;
        try {
            role = CertRole.find(leaf);
        } catch (PkiException e) {
            throw new PeerRejectedException(RejectionReason.NO_ROLE, e.getMessage());
        }
        if (role.isEmpty()) {
            throw new PeerRejectedException(RejectionReason.NO_ROLE,
                    "peer certificate [" + subject(leaf) + "] carries no Citadel role");
        }
        if (!acceptedRoles.contains(role.get())) {
            throw new PeerRejectedException(RejectionReason.WRONG_ROLE, "peer certificate [" + subject(leaf)
                    + "] has role [" + role.get().configName() + "], this endpoint accepts only " + roleNames());
        }
        if (hostnameVerification && dialledHost != null) {
            List<String> presented = HostnameMatcher.presentedNames(leaf);
            if (!HostnameMatcher.matches(dialledHost, presented)) {
                throw new PeerRejectedException(RejectionReason.HOSTNAME_MISMATCH, "hostname verification failed:"
                        + " expected [" + dialledHost + "] but certificate [" + subject(leaf) + "] presents " + presented);
            }
        }
    }

    boolean hostnameVerification() {
        return hostnameVerification;
    }

    private List<String> roleNames() {
        return acceptedRoles.stream().map(CertRole::configName).sorted().toList();
    }

    static String subject(X509Certificate cert) {
        return cert.getSubjectX500Principal().getName();
    }
}
