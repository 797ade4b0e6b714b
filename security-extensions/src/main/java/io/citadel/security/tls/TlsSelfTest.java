package io.citadel.security.tls;

import io.citadel.security.pki.CertRole;
import io.citadel.security.pki.Pem;
import io.citadel.security.pki.PkiException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Start-up check of a node's own TLS material: fails fast, naming the file and the reason, when
 * the node could not complete a handshake with it.
 *
 * <p>Checks, in order: the key, chain and CA files parse; the key matches the leaf (by signing and
 * verifying a random challenge, which works for EC and RSA alike); every certificate of the chain
 * is within its validity; each certificate is signed by the next one and the last by a trusted CA
 * (a missing intermediate is reported as such — B20); the leaf can act as TLS server and client;
 * and it carries {@code own-role}. Called by {@link CitadelSslEngineProvider} at construction and
 * before every reload, and usable stand-alone (e.g. by {@code citadel config check}). Stateless.
 */
public final class TlsSelfTest {

    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    private TlsSelfTest() {
    }

    /** Verifies against the current time. */
    public static TlsMaterial verify(TlsSettings settings) {
        return verify(settings, Clock.systemUTC());
    }

    /**
     * Verifies the files named by {@code settings} and returns the parsed material.
     *
     * @throws TlsSetupException naming the key, the file and what is wrong
     */
    public static TlsMaterial verify(TlsSettings settings, Clock clock) {
        PrivateKey key = read(settings, "private-key", settings.privateKey(), () -> Pem.readPrivateKey(settings.privateKey()));
        List<X509Certificate> chain = read(settings, "certificate", settings.certificate(),
                () -> Pem.readCertificates(settings.certificate()));
        List<X509Certificate> anchors = read(settings, "trusted-ca", settings.trustedCa(),
                () -> Pem.readCertificates(settings.trustedCa()));
        for (X509Certificate ca : anchors) {
            if (ca.getBasicConstraints() < 0) {
                throw fail(settings, "trusted-ca", settings.trustedCa(), "certificate [" + subject(ca) + "] is not a CA certificate");
            }
        }
        X509Certificate leaf = chain.get(0);
        checkKeyMatches(settings, key, leaf);
        Instant now = clock.instant();
        for (X509Certificate cert : chain) {
            checkValidity(settings, "certificate", settings.certificate(), cert, now);
        }
        checkChain(settings, chain, anchors, now);
        checkUsage(settings, leaf);
        checkRole(settings, leaf);
        return new TlsMaterial(key, chain, anchors);
    }

    private static void checkKeyMatches(TlsSettings s, PrivateKey key, X509Certificate leaf) {
        PublicKey pub = leaf.getPublicKey();
        if (!pub.getAlgorithm().equals(key.getAlgorithm())) {
            throw fail(s, "private-key", s.privateKey(), "is a " + key.getAlgorithm() + " key but the certificate in ["
                    + s.certificate() + "] holds a " + pub.getAlgorithm() + " key: the key does not match the certificate");
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> throw fail(s, "private-key", s.privateKey(), "unsupported key algorithm " + key.getAlgorithm()
                    + " (EC or RSA expected)");
        };
        byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        boolean matches;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(pub);
            verifier.update(challenge);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            throw fail(s, "private-key", s.privateKey(), "cannot be used to sign: " + e.getMessage());
        }
        if (!matches) {
            throw fail(s, "private-key", s.privateKey(), "does not match the certificate [" + subject(leaf) + "] in ["
                    + s.certificate() + "] (it belongs to another key pair)");
        }
    }

    private static void checkValidity(TlsSettings s, String key, Path file, X509Certificate cert, Instant now) {
        if (now.isAfter(cert.getNotAfter().toInstant())) {
            throw fail(s, key, file, "certificate [" + subject(cert) + "] expired at " + cert.getNotAfter().toInstant()
                    + " (now " + now + "); renew it");
        }
        if (now.isBefore(cert.getNotBefore().toInstant())) {
            throw fail(s, key, file, "certificate [" + subject(cert) + "] is not yet valid: notBefore "
                    + cert.getNotBefore().toInstant() + " is after now " + now + " (clock skew?)");
        }
    }

    /** Walks the chain upwards; each certificate must be signed by the next or by a trust anchor. */
    private static void checkChain(TlsSettings s, List<X509Certificate> chain, List<X509Certificate> anchors, Instant now) {
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate cert = chain.get(i);
            Optional<X509Certificate> anchor = anchors.stream().filter(a -> signedBy(cert, a)).findFirst();
            if (anchor.isPresent()) {
                checkValidity(s, "trusted-ca", s.trustedCa(), anchor.get(), now);
                return;
            }
            boolean hasNext = i + 1 < chain.size();
            if (!hasNext || !signedBy(cert, chain.get(i + 1))) {
                throw fail(s, "certificate", s.certificate(), "chain does not lead to a trusted CA in [" + s.trustedCa()
                        + "]: certificate [" + subject(cert) + "] is issued by [" + cert.getIssuerX500Principal().getName()
                        + "], which is " + (hasNext ? "not the next certificate in the chain" : "neither in the chain")
                        + " nor trusted (missing intermediate certificate, or a certificate from another CA?)");
            }
        }
    }

    private static void checkUsage(TlsSettings s, X509Certificate leaf) {
        try {
            List<String> eku = leaf.getExtendedKeyUsage();
            if (eku != null && !(eku.contains(SERVER_AUTH) && eku.contains(CLIENT_AUTH))) {
                throw fail(s, "certificate", s.certificate(), "certificate [" + subject(leaf) + "] must allow both serverAuth"
                        + " and clientAuth (Artery connects in both directions); it allows " + eku);
            }
        } catch (CertificateParsingException e) {
            throw fail(s, "certificate", s.certificate(), "has an unreadable extended key usage: " + e.getMessage());
        }
    }

    private static void checkRole(TlsSettings s, X509Certificate leaf) {
        Optional<CertRole> role;
        try {
            role = CertRole.find(leaf);
        } catch (PkiException e) {
            throw fail(s, "certificate", s.certificate(), e.getMessage());
        }
        if (role.isEmpty()) {
            throw fail(s, "certificate", s.certificate(), "certificate [" + subject(leaf)
                    + "] carries no Citadel role; issue it with `citadel pki issue`");
        }
        if (role.get() != s.ownRole()) {
            throw fail(s, "certificate", s.certificate(), "certificate [" + subject(leaf) + "] has role ["
                    + role.get().configName() + "] but " + s.key("own-role") + " is [" + s.ownRole().configName() + "]");
        }
    }

    private static boolean signedBy(X509Certificate cert, X509Certificate issuer) {
        if (!cert.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            return false;
        }
        try {
            cert.verify(issuer.getPublicKey());
            return issuer.getBasicConstraints() >= 0 || cert.equals(issuer);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static <T> T read(TlsSettings s, String key, Path file, java.util.function.Supplier<T> reader) {
        try {
            return reader.get();
        } catch (PkiException e) {
            throw new TlsSetupException(s.key(key) + ": " + e.getMessage(), e);
        }
    }

    private static TlsSetupException fail(TlsSettings s, String key, Path file, String why) {
        return new TlsSetupException(s.key(key) + " [" + file + "]: " + why);
    }

    private static String subject(X509Certificate cert) {
        return cert.getSubjectX500Principal().getName();
    }
}
