package io.citadel.runtime.client;

/**
 * Produces a fresh authentication token (a GSS-API initial context token) for a master's service
 * principal. Implementations may block (Kerberos talks to the KDC), so callers run them on a blocking
 * dispatcher. Must be thread-safe.
 */
@FunctionalInterface
public interface TokenSource {
  byte[] tokenFor(String servicePrincipal) throws Exception;
}
