package io.citadel.security.kerberos;

import java.util.OptionalInt;

/**
 * A Kerberos operation failed: KDC unreachable, principal unknown, clock skew, bad keytab, or invalid
 * settings. The message names the principal involved and, when the KDC or the JDK reported one, the
 * Kerberos error code (RFC 4120 §7.5.9), so an operator can act on it without a debugger.
 *
 * <p>Immutable.
 */
public final class KerberosException extends Exception {

    private static final long serialVersionUID = 1L;

    /** RFC 4120 error code, or -1 when none was reported. */
    private final int errorCode;

    public KerberosException(String message, int errorCode, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
    }

    public KerberosException(String message) {
        this(message, -1, null);
    }

    public KerberosException(String message, Throwable cause) {
        this(message, -1, cause);
    }

    /** The RFC 4120 error code that caused this failure, if the KDC or the JDK reported one. */
    public OptionalInt errorCode() {
        return errorCode < 0 ? OptionalInt.empty() : OptionalInt.of(errorCode);
    }
}
