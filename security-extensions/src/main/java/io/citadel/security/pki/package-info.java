/**
 * Citadel's cluster PKI on Bouncy Castle.
 *
 * <p>Vocabulary: the {@link io.citadel.security.pki.CertificateAuthority} (root, optionally an
 * intermediate) issues one credential per node — an {@link io.citadel.security.pki.IssuedCredential}
 * of PEM files: leaf, PKCS#8 key (0600), chain (leaf + CA) and the trust anchor. Each leaf carries
 * its {@link io.citadel.security.pki.CertRole} in a private extension (OID 1.3.6.1.4.1.59999.1.1),
 * its name as CN, DNS/IP SANs, and both serverAuth and clientAuth.
 * {@link io.citadel.security.pki.Pem} reads and writes the files (atomic writes, errors name the file).
 *
 * <p>Flow: {@code citadel pki init} → {@code CertificateAuthority.init}; {@code citadel pki issue}
 * → {@code issue(...)} into the node's directory; renewal is the same call again (files replaced
 * atomically), which the TLS provider picks up without a restart.
 */
package io.citadel.security.pki;
