package io.citadel.security.pki;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/**
 * The role a Citadel node plays, as recorded in its certificate by the cluster CA.
 *
 * <p>The role is the basis of transport trust: the TLS provider of a listener accepts only peers
 * whose certificate carries one of its accepted roles (for example the cluster port accepts
 * {@link #MASTER} only). It is stored in a private, non-critical X.509 extension
 * ({@link #EXTENSION_OID}) holding the role name as a UTF8String; the subject OU repeats it for
 * humans reading {@code openssl x509 -text}, but only the extension is authoritative. Immutable.
 */
public enum CertRole {
    /** A master node's cluster actor system: the only role the cluster port accepts. */
    MASTER,
    /** A master node's gateway actor system, which talks to agents and frameworks but is not a cluster member. */
    GATEWAY,
    /** An agent node that runs tasks. */
    AGENT,
    /** A framework scheduler process (also signs task launches). */
    FRAMEWORK,
    /** A human or tool using the operator API or CLI. */
    OPERATOR,
    /** A certificate authority (root or intermediate); never accepted as a TLS peer by default. */
    CA;

    /** Private-enterprise OID under which Citadel records the role (non-critical extension). */
    public static final ASN1ObjectIdentifier EXTENSION_OID = new ASN1ObjectIdentifier("1.3.6.1.4.1.59999.1.1");

    /** Parses a role name case-insensitively; the error lists the valid names. */
    public static CertRole parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown certificate role [" + name + "]; valid roles are " + java.util.Arrays.toString(values()));
        }
    }

    /**
     * Reads the role recorded in a certificate.
     *
     * @throws PkiException if the certificate has no Citadel role extension or it holds an unknown name
     */
    public static CertRole of(X509Certificate certificate) {
        return find(certificate).orElseThrow(() -> new PkiException(
                "certificate [" + certificate.getSubjectX500Principal().getName()
                        + "] carries no Citadel role extension " + EXTENSION_OID));
    }

    /** Like {@link #of} but empty when the extension is absent; still throws when it is malformed. */
    public static Optional<CertRole> find(X509Certificate certificate) {
        byte[] raw = certificate.getExtensionValue(EXTENSION_OID.getId());
        if (raw == null) {
            return Optional.empty();
        }
        String subject = certificate.getSubjectX500Principal().getName();
        try {
            ASN1Primitive value = JcaX509ExtensionUtils.parseExtensionValue(raw);
            if (!(value instanceof ASN1String text)) {
                throw new PkiException("certificate [" + subject + "] has a role extension that is not a string");
            }
            return Optional.of(parse(text.getString()));
        } catch (IOException | IllegalArgumentException e) {
            throw new PkiException("certificate [" + subject + "] has a malformed role extension: " + e.getMessage(), e);
        }
    }

    /** The lower-case name used in the subject OU and in configuration. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
