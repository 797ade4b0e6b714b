package io.citadel.security.tls;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Builds a TLS 1.3 {@link SSLContext} from checked {@link TlsMaterial}: the key and chain as the
 * only key entry, the trusted CA certificates as the only trust anchors (never the JDK's cacerts),
 * wrapped by {@link PeerTrustManager}. The in-memory key store's password is random and never
 * leaves this method. Stateless.
 */
final class TlsContextFactory {

    static final String PROTOCOL = "TLSv1.3";

    private TlsContextFactory() {
    }

    static SSLContext create(TlsMaterial material, PeerPolicy policy, TlsRejections rejections) {
        try {
            char[] password = randomPassword();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("node", material.privateKey(), password, material.chain().toArray(X509Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
            kmf.init(keys, password);

            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            int i = 0;
            for (X509Certificate ca : material.trustAnchors()) {
                anchors.setCertificateEntry("ca-" + i++, ca);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(anchors);
            X509ExtendedTrustManager pkix = (X509ExtendedTrustManager) tmf.getTrustManagers()[0];

            SSLContext context = SSLContext.getInstance(PROTOCOL);
            context.init(kmf.getKeyManagers(), new TrustManager[] {new PeerTrustManager(pkix, policy, rejections)},
                    new SecureRandom());
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new TlsSetupException("cannot build the TLS context for [" + material.leaf().getSubjectX500Principal()
                    + "]: " + e.getMessage(), e);
        }
    }

    private static char[] randomPassword() {
        SecureRandom random = new SecureRandom();
        char[] chars = new char[24];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) ('a' + random.nextInt(26));
        }
        return chars;
    }
}
