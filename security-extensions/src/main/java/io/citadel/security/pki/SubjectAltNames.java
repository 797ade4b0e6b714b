package io.citadel.security.pki;

import java.util.regex.Pattern;
import org.bouncycastle.asn1.x509.GeneralName;

/**
 * Turns SAN strings into X.509 general names, telling IP literals from DNS names.
 *
 * <p>Detection is syntactic (dotted quad or a colon for IPv6) so that it never triggers a DNS
 * lookup. Stateless; package-private helper of {@link CertificateAuthority}.
 */
final class SubjectAltNames {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})(\\.\\d{1,3}){3}");
    private static final Pattern DNS = Pattern.compile("(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?"
            + "(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*");

    private SubjectAltNames() {
    }

    static GeneralName toGeneralName(String credential, String san) {
        String s = san.trim();
        if (isIpLiteral(s)) {
            try {
                return new GeneralName(GeneralName.iPAddress, s);
            } catch (IllegalArgumentException e) {
                throw new PkiException("credential [" + credential + "]: SAN [" + san + "] is not a valid IP address");
            }
        }
        if (!DNS.matcher(s).matches() || s.length() > 253) {
            throw new PkiException("credential [" + credential + "]: SAN [" + san
                    + "] is neither an IP address nor a valid DNS name");
        }
        return new GeneralName(GeneralName.dNSName, s);
    }

    static boolean isIpLiteral(String s) {
        return IPV4.matcher(s).matches() || s.contains(":");
    }
}
