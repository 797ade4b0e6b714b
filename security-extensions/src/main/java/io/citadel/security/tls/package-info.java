/**
 * Citadel's Artery TLS: a Pekko {@code SSLEngineProvider} that enforces the cluster trust model.
 *
 * <p>Vocabulary: {@link io.citadel.security.tls.TlsSettings} ({@code citadel.tls}) names the PEM
 * files, the node's own role and the peer roles it accepts. {@link io.citadel.security.tls.TlsSelfTest}
 * turns the files into checked {@link io.citadel.security.tls.TlsMaterial} or fails with a
 * {@link io.citadel.security.tls.TlsSetupException} naming file and reason. {@code TlsContextFactory}
 * builds a TLS 1.3 context whose {@code PeerTrustManager} runs PKIX against the trusted CA only,
 * then {@code PeerPolicy} (validity, role, optional hostname). {@code ReloadingTlsContext} swaps in
 * a new context when the files change. {@code RejectionCountingEngine} wraps each engine to log and
 * count failures the trust manager never sees (junk bytes, no client certificate, alerts).
 * Every refusal has a {@link io.citadel.security.tls.RejectionReason} and is counted in
 * {@link io.citadel.security.tls.TlsRejections}.
 *
 * <p>Flow: Pekko constructs {@link io.citadel.security.tls.CitadelSslEngineProvider} with the
 * actor system → settings read and self-tested, context built (start fails here if anything is
 * wrong) → per connection {@code createServerSSLEngine}/{@code createClientSSLEngine} (checks for
 * renewed files at most every {@code reload-interval}) → handshake, trust manager decides →
 * {@code verifyServerSession}/{@code verifyClientSession} re-check role, validity and hostname.
 */
package io.citadel.security.tls;
