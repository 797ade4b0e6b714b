package io.citadel.master.gateway;

/**
 * Verifies a client's authentication token and yields the authenticated principal, which is the
 * only identity used afterwards. The production implementation is the Kerberos acceptor; tests may
 * supply their own. May block; must be thread-safe.
 */
@FunctionalInterface
public interface TokenVerifier {

  /** The outcome: a principal, or a refusal with a reason fit for logs (never the token). */
  sealed interface Result permits Verified, Refused {}

  record Verified(String principal) implements Result {}

  record Refused(String reason) implements Result {}

  Result verify(byte[] token);
}
