package io.citadel.security.kerberos;

import java.util.Objects;

/**
 * What {@link KerberosAcceptor#accept} decided about one initial context token.
 *
 * <p>Immutable. A refusal's detail is for logs and operators; it never contains key material or the
 * token itself, and callers should not send it to the unauthenticated peer verbatim.
 */
public sealed interface AcceptResult permits AcceptResult.Authenticated, AcceptResult.Refused {

    /** The token is valid, fresh and for this service; {@code principal} is the client's full name@REALM. */
    record Authenticated(String principal) implements AcceptResult {
        public Authenticated {
            Objects.requireNonNull(principal, "principal");
        }
    }

    /** The token was refused for {@code reason}; {@code detail} says precisely why. */
    record Refused(Reason reason, String detail) implements AcceptResult {
        public Refused {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** Why a token was refused. */
    enum Reason {
        /** This exact authenticator was accepted before (KRB_AP_ERR_REPEAT, B25). */
        REPLAY,
        /** The replay cache is full of live entries; refused rather than risk a replay (fail closed). */
        REPLAY_CACHE_FULL,
        /** The authenticator's time is outside the allowed clock skew (KRB_AP_ERR_SKEW, B21). */
        CLOCK_SKEW,
        /** The service ticket has expired (KRB_AP_ERR_TKT_EXPIRED). */
        TICKET_EXPIRED,
        /** The keytab has keys of the ticket's enctype but not its kvno (KDC rekeyed, B22). */
        WRONG_KVNO,
        /** The keytab has no key for the ticket's enctype, the ticket is for another service, or the keytab cannot be read. */
        KEY_NOT_IN_KEYTAB,
        /** A key with the ticket's kvno exists but does not decrypt it (keytab from another password). */
        INTEGRITY_CHECK_FAILED,
        /** Not a well-formed raw Kerberos V5 AP-REQ token (SPNEGO-wrapped tokens are refused too). */
        BAD_TOKEN,
        /** Anything else the JDK refused; the detail carries its message. */
        UNKNOWN
    }
}
