package io.citadel.security.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemTest {

    @TempDir
    Path dir;

    @Test
    void readsTraditionalEcAndRsaKeys() throws Exception {
        for (String algorithm : List.of("EC", "RSA")) {
            // Bouncy Castle encodes the curve inside the traditional EC structure, as `openssl ecparam -genkey` does
            KeyPairGenerator gen = KeyPairGenerator.getInstance(algorithm, new BouncyCastleProvider());
            if (algorithm.equals("EC")) {
                gen.initialize(new ECGenParameterSpec("secp256r1"));
            } else {
                gen.initialize(2048);
            }
            KeyPair pair = gen.generateKeyPair();
            Path file = dir.resolve(algorithm + ".pem");
            StringWriter out = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
                writer.writeObject(new JcaMiscPEMGenerator(pair)); // traditional "EC/RSA PRIVATE KEY"
            }
            Files.writeString(file, out.toString());
            assertThat(Files.readString(file)).contains("BEGIN " + algorithm + " PRIVATE KEY");

            PrivateKey key = Pem.readPrivateKey(file);
            assertThat(key.getAlgorithm()).isEqualTo(algorithm);
            assertThat(signsForPublicKey(key, pair)).isTrue();
        }
    }

    private static boolean signsForPublicKey(PrivateKey key, KeyPair pair) throws Exception {
        String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(new byte[] {1, 2, 3});
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(pair.getPublic());
        verifier.update(new byte[] {1, 2, 3});
        return verifier.verify(signature);
    }

    @Test
    void errorsNameTheFileAndTheProblem() throws Exception {
        Path missing = dir.resolve("missing.pem");
        assertThatThrownBy(() -> Pem.readPrivateKey(missing)).isInstanceOf(PkiException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("does not exist");

        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN PRIVATE KEY-----\n%%%%\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> Pem.readPrivateKey(garbage)).isInstanceOf(PkiException.class)
                .hasMessageContaining(garbage.toString());

        Path empty = Files.writeString(dir.resolve("empty.pem"), "nothing here\n");
        assertThatThrownBy(() -> Pem.readCertificates(empty)).isInstanceOf(PkiException.class)
                .hasMessageContaining(empty.toString()).hasMessageContaining("no PEM certificate");

        CertificateAuthority ca = CertificateAuthority.init(dir.resolve("ca"), "CA", Duration.ofDays(1));
        Path key = dir.resolve("ca").resolve("ca.key.pem");
        assertThatThrownBy(() -> Pem.readCertificates(key)).isInstanceOf(PkiException.class)
                .hasMessageContaining(key.toString()).hasMessageContaining("where only certificates are expected");
        assertThatThrownBy(() -> Pem.readPrivateKey(ca.trustAnchorFile())).isInstanceOf(PkiException.class)
                .hasMessageContaining("where a private key is expected");
    }
}
