package io.citadel.security.pki;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The Citadel cluster certificate authority: creates the CA and issues role-bearing node certificates.
 *
 * <p>Keys are EC P-256 with ECDSA-SHA256. Chosen over RSA 3072 because both give about 128-bit
 * security, but P-256 key generation takes microseconds instead of a second or more on a 2-vCPU
 * machine (the CLI, the demo and every test mint fresh credentials), certificates and handshakes
 * are smaller, and {@code ecdsa_secp256r1_sha256} is supported by every TLS 1.3 stack, JDK 17
 * included. {@link Pem} still reads RSA keys, so an operator-supplied RSA PKI also works.
 *
 * <p>Leaf certificates carry the node's name as CN, its {@link CertRole} (private extension and OU),
 * DNS/IP subject alternative names, and both {@code serverAuth} and {@code clientAuth}: Artery opens
 * one connection per direction, so every node is a TLS server and a TLS client.
 *
 * <p>Directory layout: {@code ca.crt.pem}, {@code ca.key.pem} (0600); an intermediate CA directory
 * also has {@code ca.chain.pem} (intermediate then its parents) and {@code root.crt.pem}.
 * Immutable and thread-safe once created (issuing only writes new files).
 */
public final class CertificateAuthority {

    static final String CERT_FILE = "ca.crt.pem";
    static final String KEY_FILE = "ca.key.pem";
    static final String CHAIN_FILE = "ca.chain.pem";
    static final String ROOT_FILE = "root.crt.pem";

    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Back-dating of notBefore, so a fresh certificate is valid on nodes whose clocks lag a little. */
    static final Duration CLOCK_SKEW_ALLOWANCE = Duration.ofMinutes(5);

    private final Path dir;
    private final PrivateKey key;
    /** This CA's certificate first, then its issuers up to the self-signed root. */
    private final List<X509Certificate> chain;

    private CertificateAuthority(Path dir, PrivateKey key, List<X509Certificate> chain) {
        this.dir = dir;
        this.key = key;
        this.chain = List.copyOf(chain);
    }

    /**
     * Creates a new self-signed root CA in {@code dir}.
     *
     * @throws PkiException if {@code dir} already holds a CA (a CA is never silently replaced:
     *                      every node's trust would break) or the files cannot be written
     */
    public static CertificateAuthority init(Path dir, String commonName, Duration validity) {
        refuseExisting(dir);
        KeyPair pair = newKeyPair();
        X500Name subject = name(commonName, CertRole.CA);
        Instant now = Instant.now();
        X509Certificate cert = sign(caBuilder(subject, subject, pair.getPublic(), now.minus(CLOCK_SKEW_ALLOWANCE),
                        now.plus(validity), -1),
                pair.getPrivate(), pair.getPublic());
        Pem.writePrivateKey(dir.resolve(KEY_FILE), pair.getPrivate());
        Pem.writeCertificates(dir.resolve(CERT_FILE), List.of(cert));
        return new CertificateAuthority(dir, pair.getPrivate(), List.of(cert));
    }

    /** Loads a CA created by {@link #init} or {@link #issueIntermediate}. */
    public static CertificateAuthority load(Path dir) {
        Path chainFile = dir.resolve(CHAIN_FILE);
        List<X509Certificate> chain = Files.exists(chainFile)
                ? Pem.readCertificates(chainFile) : Pem.readCertificates(dir.resolve(CERT_FILE));
        PrivateKey key = Pem.readPrivateKey(dir.resolve(KEY_FILE));
        if (chain.get(0).getBasicConstraints() < 0) {
            throw new PkiException("file [" + dir.resolve(CERT_FILE) + "] is not a CA certificate (no CA basic constraint)");
        }
        return new CertificateAuthority(dir, key, chain);
    }

    /** Issues a subordinate CA (used for deployments with an offline root, and for chain tests). */
    public CertificateAuthority issueIntermediate(String commonName, Duration validity, Path outDir) {
        refuseExisting(outDir);
        KeyPair pair = newKeyPair();
        Instant now = Instant.now();
        X509Certificate cert = sign(caBuilder(subjectName(), name(commonName, CertRole.CA), pair.getPublic(),
                now.minus(CLOCK_SKEW_ALLOWANCE), now.plus(validity), 0), key, certificate().getPublicKey());
        List<X509Certificate> newChain = new ArrayList<>();
        newChain.add(cert);
        newChain.addAll(chain);
        Pem.writePrivateKey(outDir.resolve(KEY_FILE), pair.getPrivate());
        Pem.writeCertificates(outDir.resolve(CERT_FILE), List.of(cert));
        Pem.writeCertificates(outDir.resolve(CHAIN_FILE), newChain);
        Pem.writeCertificates(outDir.resolve(ROOT_FILE), List.of(root()));
        return new CertificateAuthority(outDir, pair.getPrivate(), newChain);
    }

    /** Issues a node credential valid for {@code validity} from now (notBefore back-dated by 5 minutes for clock skew). */
    public IssuedCredential issue(CertRole role, String name, List<String> sans, Duration validity, Path outDir) {
        Instant now = Instant.now();
        return issue(role, name, sans, now.minus(CLOCK_SKEW_ALLOWANCE), now.plus(validity), outDir);
    }

    /**
     * Issues a node credential with an explicit validity window (tests use it for expired and
     * not-yet-valid certificates). Existing files of the same name are replaced atomically, which
     * is how a certificate is renewed in place.
     */
    public IssuedCredential issue(CertRole role, String name, List<String> sans,
                                  Instant notBefore, Instant notAfter, Path outDir) {
        if (!SAFE_NAME.matcher(name).matches()) {
            throw new PkiException("credential name [" + name + "] must match " + SAFE_NAME.pattern()
                    + " (it becomes the CN and the file names)");
        }
        if (!notAfter.isAfter(notBefore)) {
            throw new PkiException("credential [" + name + "]: notAfter " + notAfter + " is not after notBefore " + notBefore);
        }
        KeyPair pair = newKeyPair();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subjectName(), serial(),
                Date.from(notBefore), Date.from(notAfter), name(name, role), pair.getPublic());
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    ext.createAuthorityKeyIdentifier(certificate().getPublicKey()));
            builder.addExtension(CertRole.EXTENSION_OID, false, new DERUTF8String(role.name()));
            if (!sans.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, subjectAltNames(name, sans));
            }
        } catch (CertIOException | GeneralSecurityException e) {
            throw new PkiException("cannot build certificate [" + name + "]: " + e.getMessage(), e);
        }
        X509Certificate cert = sign(builder, key, certificate().getPublicKey());
        List<X509Certificate> fullChain = new ArrayList<>();
        fullChain.add(cert);
        fullChain.addAll(chain);
        IssuedCredential credential = new IssuedCredential(outDir.resolve(name + ".crt.pem"),
                outDir.resolve(name + ".key.pem"), outDir.resolve(name + ".chain.pem"), trustAnchorFile());
        // Key first: a rotation check that sees the new chain must find the matching key already there.
        Pem.writePrivateKey(credential.privateKey(), pair.getPrivate());
        Pem.writeCertificates(credential.certificate(), List.of(cert));
        Pem.writeCertificates(credential.chain(), fullChain);
        return credential;
    }

    /** This CA's own certificate. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** The self-signed root at the top of this CA's chain (the trust anchor nodes configure). */
    public X509Certificate root() {
        return chain.get(chain.size() - 1);
    }

    /** The file holding the root certificate, for {@code citadel.tls.trusted-ca}. */
    public Path trustAnchorFile() {
        Path root = dir.resolve(ROOT_FILE);
        return Files.exists(root) ? root : dir.resolve(CERT_FILE);
    }

    private X500Name subjectName() {
        return X500Name.getInstance(certificate().getSubjectX500Principal().getEncoded());
    }

    private static void refuseExisting(Path dir) {
        for (String f : List.of(CERT_FILE, KEY_FILE)) {
            if (Files.exists(dir.resolve(f))) {
                throw new PkiException("refusing to create a CA in [" + dir + "]: [" + dir.resolve(f)
                        + "] already exists (replacing a CA breaks trust for every node; remove it deliberately)");
            }
        }
    }

    private static X509v3CertificateBuilder caBuilder(X500Name issuer, X500Name subject, PublicKey publicKey,
                                                      Instant from, Instant to, int pathLength) {
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serial(), Date.from(from), Date.from(to),
                subject, publicKey);
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true,
                    pathLength < 0 ? new BasicConstraints(true) : new BasicConstraints(pathLength));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(publicKey));
            b.addExtension(CertRole.EXTENSION_OID, false, new DERUTF8String(CertRole.CA.name()));
        } catch (CertIOException | GeneralSecurityException e) {
            throw new PkiException("cannot build CA certificate [" + subject + "]: " + e.getMessage(), e);
        }
        return b;
    }

    private static GeneralNames subjectAltNames(String name, List<String> sans) {
        List<GeneralName> names = new ArrayList<>();
        for (String san : sans) {
            names.add(SubjectAltNames.toGeneralName(name, san));
        }
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    private static X500Name name(String commonName, CertRole role) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "Citadel")
                .addRDN(BCStyle.OU, role.configName())
                .addRDN(BCStyle.CN, commonName)
                .build();
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer, PublicKey verifier) {
        try {
            X509Certificate cert = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(signer)));
            cert.verify(verifier);
            return cert;
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new PkiException("cannot sign certificate: " + e.getMessage(), e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return gen.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new PkiException("cannot generate an EC P-256 key pair: " + e.getMessage(), e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(159, RANDOM).add(BigInteger.ONE); // positive, < 20 octets (RFC 5280)
    }
}
