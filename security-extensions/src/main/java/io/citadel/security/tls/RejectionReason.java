package io.citadel.security.tls;

/**
 * Why a TLS peer or connection was refused; the label of the rejection counters and WARN logs.
 * Immutable.
 */
public enum RejectionReason {
    /** The peer's chain does not lead to the trusted CA (another cluster's CA, self-signed, ...). */
    FOREIGN_CA,
    /** The chain leads to the CA but fails other PKIX checks (key usage, basic constraints, ...). */
    INVALID_CHAIN,
    /** A certificate in the peer's chain is past its notAfter. */
    EXPIRED,
    /** A certificate in the peer's chain is before its notBefore (clock skew or premature issue). */
    NOT_YET_VALID,
    /** The peer's certificate has no Citadel role extension. */
    NO_ROLE,
    /** The peer's role is not in {@code accepted-peer-roles}. */
    WRONG_ROLE,
    /** Hostname verification is on and the server's SANs do not contain the dialled host. */
    HOSTNAME_MISMATCH,
    /** The client sent no certificate (mutual authentication is required). */
    NO_PEER_CERTIFICATE,
    /** The bytes received are not TLS at all (plain HTTP, junk, plaintext Artery). */
    NOT_TLS,
    /** The peer refused us (it sent a fatal alert, e.g. because it does not accept our role). */
    REFUSED_BY_PEER,
    /** The connection ended before the handshake completed. */
    HANDSHAKE_INCOMPLETE,
    /** Any other handshake failure (no common cipher or protocol, ...). */
    HANDSHAKE_FAILED
}
