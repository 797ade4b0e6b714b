package io.citadel.security.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The node's key material after {@link TlsSelfTest} has checked it: the key, its chain (leaf first)
 * and the trust anchors. Never logged or printed (no key in {@code toString}). Immutable.
 */
public record TlsMaterial(PrivateKey privateKey, List<X509Certificate> chain, List<X509Certificate> trustAnchors) {

    public TlsMaterial {
        chain = List.copyOf(chain);
        trustAnchors = List.copyOf(trustAnchors);
    }

    /** The node's own (leaf) certificate. */
    public X509Certificate leaf() {
        return chain.get(0);
    }

    @Override
    public String toString() {
        return "TlsMaterial[leaf=" + leaf().getSubjectX500Principal().getName() + ", chain=" + chain.size()
                + ", trustAnchors=" + trustAnchors.size() + "]";
    }
}
