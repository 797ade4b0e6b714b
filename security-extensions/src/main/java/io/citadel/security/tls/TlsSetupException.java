package io.citadel.security.tls;

/**
 * The node's own TLS material is unusable: raised by {@link TlsSelfTest} at start-up (and on
 * reload) so that a bad key or chain fails the node at once, not at its first connection.
 * The message names the config key, the file and the reason. Immutable.
 */
public final class TlsSetupException extends RuntimeException {

    public TlsSetupException(String message) {
        super(message);
    }

    public TlsSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
