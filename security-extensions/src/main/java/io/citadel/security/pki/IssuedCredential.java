package io.citadel.security.pki;

import java.nio.file.Path;

/**
 * The files written for one issued node credential.
 *
 * @param certificate the leaf certificate alone ({@code <name>.crt.pem})
 * @param privateKey  the leaf's PKCS#8 private key, mode 0600 ({@code <name>.key.pem})
 * @param chain       the leaf followed by its issuing CA chain ({@code <name>.chain.pem}); this is
 *                    what {@code citadel.tls.certificate} points at
 * @param trustedCa   the root CA certificate that peers must trust ({@code citadel.tls.trusted-ca})
 *
 * <p>Immutable.
 */
public record IssuedCredential(Path certificate, Path privateKey, Path chain, Path trustedCa) {
}
