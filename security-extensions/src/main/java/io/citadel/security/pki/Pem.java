package io.citadel.security.pki;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads and writes PEM certificates, certificate chains and private keys.
 *
 * <p>Keys are written as unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}) with mode 0600; reading also
 * accepts the traditional OpenSSL forms ({@code BEGIN EC PRIVATE KEY}, {@code BEGIN RSA PRIVATE KEY},
 * optionally preceded by {@code EC PARAMETERS}). Encrypted keys are refused with a clear message:
 * node keys are protected by file permissions, and a passphrase would have to live in config anyway.
 * Writes go to a temporary file in the same directory followed by an atomic rename, so a reader
 * (the TLS provider's rotation check) never sees half a file. Every error names the file.
 * Stateless and thread-safe.
 */
public final class Pem {

    private static final JcaX509CertificateConverter CERTS = new JcaX509CertificateConverter();
    private static final JcaPEMKeyConverter KEYS = new JcaPEMKeyConverter();

    private Pem() {
    }

    /** Reads every certificate in a PEM file, in file order; fails if there is none or anything else. */
    public static List<X509Certificate> readCertificates(Path file) {
        List<X509Certificate> result = new ArrayList<>();
        for (Object object : readObjects(file)) {
            if (!(object instanceof X509CertificateHolder holder)) {
                throw new PkiException("file [" + file + "] contains a " + describe(object)
                        + " where only certificates are expected");
            }
            try {
                result.add(CERTS.getCertificate(holder));
            } catch (CertificateException e) {
                throw new PkiException("file [" + file + "] contains a malformed certificate: " + e.getMessage(), e);
            }
        }
        if (result.isEmpty()) {
            throw new PkiException("file [" + file + "] contains no PEM certificate (expected BEGIN CERTIFICATE)");
        }
        return List.copyOf(result);
    }

    /** Reads the first certificate of a PEM file. */
    public static X509Certificate readCertificate(Path file) {
        return readCertificates(file).get(0);
    }

    /** Reads exactly one unencrypted private key (PKCS#8 or traditional EC/RSA) from a PEM file. */
    public static PrivateKey readPrivateKey(Path file) {
        PrivateKey key = null;
        for (Object object : readObjects(file)) {
            if (object instanceof ASN1ObjectIdentifier) {
                continue; // "EC PARAMETERS" block written by `openssl ecparam -genkey`; the key repeats the curve
            }
            if (key != null) {
                throw new PkiException("file [" + file + "] contains more than one private key");
            }
            key = toPrivateKey(file, object);
        }
        if (key == null) {
            throw new PkiException("file [" + file + "] contains no PEM private key (expected BEGIN PRIVATE KEY)");
        }
        return key;
    }

    /** Writes certificates (a leaf, or a chain leaf first) atomically; existing files are replaced. */
    public static void writeCertificates(Path file, List<X509Certificate> certificates) {
        writeAtomically(file, encode(file, certificates), false);
    }

    /** Writes a private key as unencrypted PKCS#8 with mode 0600, atomically. */
    public static void writePrivateKey(Path file, PrivateKey key) {
        String text;
        try {
            text = encode(file, List.of(new JcaPKCS8Generator(key, null).generate()));
        } catch (IOException e) {
            throw new PkiException("cannot encode private key for [" + file + "]: " + e.getMessage(), e);
        }
        writeAtomically(file, text, true);
    }

    private static PrivateKey toPrivateKey(Path file, Object object) {
        try {
            if (object instanceof PrivateKeyInfo info) {
                return KEYS.getPrivateKey(info);
            }
            if (object instanceof PEMKeyPair pair) {
                // only the private part: traditional EC keys may omit the optional public key
                return KEYS.getPrivateKey(pair.getPrivateKeyInfo());
            }
        } catch (IOException e) {
            throw new PkiException("file [" + file + "] contains a private key that cannot be decoded: "
                    + e.getMessage(), e);
        }
        if (object instanceof PKCS8EncryptedPrivateKeyInfo || object instanceof PEMEncryptedKeyPair) {
            throw new PkiException("file [" + file + "] holds an encrypted private key; Citadel needs an"
                    + " unencrypted PKCS#8 key protected by file mode 0600");
        }
        throw new PkiException("file [" + file + "] contains a " + describe(object) + " where a private key is expected");
    }

    private static List<Object> readObjects(Path file) {
        List<Object> objects = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                objects.add(o);
            }
        } catch (NoSuchFileException e) {
            throw new PkiException("file [" + file + "] does not exist", e);
        } catch (IOException | RuntimeException e) {
            // PEMParser throws IOException or IllegalArgumentException on bad base64/DER
            throw new PkiException("file [" + file + "] is not valid PEM: " + e.getMessage(), e);
        }
        return objects;
    }

    private static String describe(Object object) {
        return object.getClass().getSimpleName();
    }

    private static String encode(Path file, List<?> objects) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (Object o : objects) {
                writer.writeObject(o);
            }
        } catch (IOException e) {
            throw new PkiException("cannot encode PEM for [" + file + "]: " + e.getMessage(), e);
        }
        return out.toString();
    }

    private static void writeAtomically(Path file, String text, boolean secret) {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        try {
            Files.createDirectories(dir);
            Path temp = secret
                    ? Files.createTempFile(dir, ".tmp-", ".pem",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile(dir, ".tmp-", ".pem");
            try {
                Files.writeString(temp, text, StandardCharsets.US_ASCII);
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (FileAlreadyExistsException e) {
            throw new PkiException("cannot write [" + file + "]: it already exists", e);
        } catch (IOException | UnsupportedOperationException e) {
            throw new PkiException("cannot write [" + file + "]: " + e, e);
        }
    }
}
