package io.citadel.security.pki;

/**
 * Raised when key material or a certificate cannot be read, written, created or interpreted.
 *
 * <p>The message always names the file (or certificate subject) and what is wrong with it, so an
 * operator can act on it without a stack trace. Never carries key bytes. Immutable.
 */
public final class PkiException extends RuntimeException {

    public PkiException(String message) {
        super(message);
    }

    public PkiException(String message, Throwable cause) {
        super(message, cause);
    }
}
