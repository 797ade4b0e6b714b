package io.citadel.security.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Matches a dialled host against a server certificate's subject alternative names (RFC 6125):
 * DNS names case-insensitively with a wildcard allowed only as the whole left-most label, IP
 * literals against IP SANs. The CN is deliberately not consulted. Stateless.
 */
final class HostnameMatcher {

    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})(\\.\\d{1,3}){3}");

    private HostnameMatcher() {
    }

    /** The certificate's DNS and IP SANs, for matching and for error messages. */
    static List<String> presentedNames(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    int type = (Integer) san.get(0);
                    if (type == DNS_NAME || type == IP_ADDRESS) {
                        names.add((String) san.get(1));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return List.of();
        }
        return names;
    }

    static boolean matches(String host, List<String> presented) {
        boolean ip = IPV4.matcher(host).matches() || host.contains(":");
        for (String name : presented) {
            if (ip ? sameAddress(host, name) : dnsMatches(host, name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean dnsMatches(String host, String pattern) {
        String h = stripDot(host.toLowerCase(Locale.ROOT));
        String p = stripDot(pattern.toLowerCase(Locale.ROOT));
        if (p.startsWith("*.")) {
            int dot = h.indexOf('.');
            return dot > 0 && h.substring(dot + 1).equals(p.substring(2));
        }
        return h.equals(p);
    }

    private static boolean sameAddress(String host, String san) {
        if (!(IPV4.matcher(san).matches() || san.contains(":"))) {
            return false;
        }
        try {
            // both are literals, so getByName parses them without a DNS lookup
            return InetAddress.getByName(strip(host)).equals(InetAddress.getByName(strip(san)));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String strip(String s) {
        return s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
    }

    private static String stripDot(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
