package io.citadel.security.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Puts resource values into one canonical spelling, so that no spelling of a name escapes the policy
 * that covers it. The same procedure runs over policy values at load time and over request values
 * at decision time. Stateless and thread-safe.
 *
 * <h2>Role paths (kind {@code role})</h2>
 * <ol>
 *   <li>Refuse control characters, spaces, non-ASCII characters and {@code \}.</li>
 *   <li>Split on {@code /}; empty components are dropped, so {@code //} collapses and leading or
 *       trailing {@code /} vanish: {@code eng//frontend/} becomes {@code eng/frontend}.</li>
 *   <li>Refuse {@code .} and {@code ..} components ({@code eng/./x}, {@code eng/../ops}): a role
 *       name is not a file path, and resolving them would let one spelling stand for another.</li>
 *   <li>Case is kept: roles are case-sensitive, as in Mesos.</li>
 * </ol>
 *
 * <h2>URIs (kind {@code uri})</h2>
 * <ol>
 *   <li>Refuse control characters, spaces, non-ASCII characters (percent-encode them) and
 *       {@code \} (some clients read it as {@code /}).</li>
 *   <li>Require {@code scheme://authority}; the scheme is lower-cased.</li>
 *   <li>Authority: refuse user info ({@code user@host}: a classic way to make
 *       {@code http://a.test@evil.test/} look like {@code a.test}) and any {@code %} in it; lower-case
 *       the host, drop one trailing dot, drop an empty port and the default port of
 *       {@code http}/{@code ws} (80), {@code https}/{@code wss} (443) and {@code ftp} (21); strip
 *       leading zeros of the port. An empty host is allowed only for {@code file}.</li>
 *   <li>Path and query: decode percent-encoded unreserved characters ({@code A-Z a-z 0-9 - . _ ~}),
 *       upper-case the hex of every other escape, refuse malformed escapes and encoded {@code /} or
 *       {@code \} ({@code %2F}, {@code %5C}) because a server may decode them into separators.</li>
 *   <li>Path: collapse duplicate slashes, remove dot segments as RFC 3986 &sect;5.2.4 does
 *       ({@code ..} never climbs above the root), an empty path becomes {@code /}.</li>
 *   <li>The fragment is dropped (it never reaches the server).</li>
 * </ol>
 * The authority and the path stay separate parts of the result, and matching treats {@code /} as a
 * separator, so the policy value {@code http://a.test/x} cannot match {@code http://a.test.evil/x}.
 * Example: {@code HTTP://Example.TEST:80/a/./b//c} becomes {@code http://example.test/a/b/c}.
 *
 * <h2>Other kinds (names)</h2>
 * Refuse empty values and control characters; otherwise the value is kept as is (case-sensitive).
 */
public final class ResourceNormalizer {

    private ResourceNormalizer() {
    }

    /** Normalises {@code value} as a value of resource kind {@code kindName}. */
    public static String normalize(String kindName, String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidResourceException(kindName, "", "empty value");
        }
        return switch (ResourceKind.of(kindName)) {
            case ROLE_PATH -> normalizeRole(value);
            case URI -> normalizeUri(value);
            case NAME -> normalizeName(kindName, value);
        };
    }

    /** Normalises a role path (see class comment). */
    public static String normalizeRole(String value) {
        boolean canonical = !value.isEmpty() && value.charAt(0) != '/'
                && value.charAt(value.length() - 1) != '/';
        int componentStart = 0;
        for (int i = 0; i <= value.length(); i++) {
            char c = i < value.length() ? value.charAt(i) : '/';
            if (c == '/') {
                int len = i - componentStart;
                if (len == 0) {
                    canonical = false;
                } else if (isDots(value, componentStart, len)) {
                    throw new InvalidResourceException("role", value,
                            "'.' and '..' components are not allowed in role names");
                }
                componentStart = i + 1;
            } else if (c <= 0x20 || c >= 0x7f || c == '\\') {
                throw new InvalidResourceException("role", value,
                        "control characters, spaces, non-ASCII characters and '\\' are not allowed");
            }
        }
        if (canonical) {
            return value; // fast path: no allocation for names that are already canonical
        }
        StringBuilder b = new StringBuilder(value.length());
        for (String component : value.split("/")) {
            if (!component.isEmpty()) {
                if (b.length() > 0) {
                    b.append('/');
                }
                b.append(component);
            }
        }
        if (b.length() == 0) {
            throw new InvalidResourceException("role", value, "no role name components");
        }
        return b.toString();
    }

    private static boolean isDots(String s, int start, int len) {
        return (len == 1 && s.charAt(start) == '.')
                || (len == 2 && s.charAt(start) == '.' && s.charAt(start + 1) == '.');
    }

    /** Normalises a URI (see class comment). */
    public static String normalizeUri(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '\\') {
                throw new InvalidResourceException("uri", raw,
                        "control characters, spaces, non-ASCII characters and '\\' must be percent-encoded");
            }
        }
        int colon = raw.indexOf(':');
        if (colon <= 0 || !validScheme(raw, colon)) {
            throw new InvalidResourceException("uri", raw, "missing or malformed scheme");
        }
        String scheme = raw.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!raw.startsWith("//", colon + 1)) {
            throw new InvalidResourceException("uri", raw, "not a hierarchical URI (expected scheme://authority)");
        }
        int authStart = colon + 3;
        int authEnd = authStart;
        while (authEnd < raw.length() && "/?#".indexOf(raw.charAt(authEnd)) < 0) {
            authEnd++;
        }
        String authority = normalizeAuthority(raw, scheme, raw.substring(authStart, authEnd));
        String rest = raw.substring(authEnd);
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            rest = rest.substring(0, hash);
        }
        int question = rest.indexOf('?');
        String path = question < 0 ? rest : rest.substring(0, question);
        String query = question < 0 ? null : normalizePercent(raw, rest.substring(question + 1));
        path = removeDotSegments(normalizePercent(raw, path));
        return scheme + "://" + authority + path + (query == null ? "" : "?" + query);
    }

    private static boolean validScheme(String raw, int colon) {
        if (!Character.isLetter(raw.charAt(0))) {
            return false;
        }
        for (int i = 1; i < colon; i++) {
            char c = raw.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '+' || c == '.' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static String normalizeAuthority(String raw, String scheme, String authority) {
        if (authority.indexOf('@') >= 0) {
            throw new InvalidResourceException("uri", raw, "user info in the authority is not allowed");
        }
        if (authority.indexOf('%') >= 0) {
            throw new InvalidResourceException("uri", raw, "percent-encoding in the authority is not allowed");
        }
        String host;
        String port = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new InvalidResourceException("uri", raw, "unclosed IPv6 literal");
            }
            host = authority.substring(0, close + 1);
            String after = authority.substring(close + 1);
            if (!after.isEmpty()) {
                if (after.charAt(0) != ':') {
                    throw new InvalidResourceException("uri", raw, "garbage after IPv6 literal");
                }
                port = after.substring(1);
            }
        } else {
            int c = authority.lastIndexOf(':');
            host = c < 0 ? authority : authority.substring(0, c);
            port = c < 0 ? null : authority.substring(c + 1);
            if (host.endsWith(".")) {
                host = host.substring(0, host.length() - 1);
            }
            for (int i = 0; i < host.length(); i++) {
                char h = host.charAt(i);
                if (!(Character.isLetterOrDigit(h) || h == '-' || h == '.' || h == '_' || h == '*')) {
                    throw new InvalidResourceException("uri", raw, "illegal character in host");
                }
            }
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.isEmpty() && !scheme.equals("file")) {
            throw new InvalidResourceException("uri", raw, "empty host");
        }
        String normalizedPort = normalizePort(raw, port);
        if (normalizedPort != null && normalizedPort.equals(defaultPort(scheme))) {
            normalizedPort = null;
        }
        return normalizedPort == null ? host : host + ":" + normalizedPort;
    }

    private static String normalizePort(String raw, String port) {
        if (port == null || port.isEmpty()) {
            return null;
        }
        if (port.length() > 5 || !port.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            throw new InvalidResourceException("uri", raw, "malformed port");
        }
        int value = Integer.parseInt(port);
        if (value > 65535) {
            throw new InvalidResourceException("uri", raw, "port out of range");
        }
        return Integer.toString(value);
    }

    private static String defaultPort(String scheme) {
        return switch (scheme) {
            case "http", "ws" -> "80";
            case "https", "wss" -> "443";
            case "ftp" -> "21";
            default -> null;
        };
    }

    private static String normalizePercent(String raw, String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '%') {
                b.append(c);
                continue;
            }
            if (i + 2 >= s.length() || hex(s.charAt(i + 1)) < 0 || hex(s.charAt(i + 2)) < 0) {
                throw new InvalidResourceException("uri", raw, "malformed percent-escape");
            }
            int decoded = hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2));
            if (decoded == '/' || decoded == '\\') {
                throw new InvalidResourceException("uri", raw, "encoded '/' or '\\' is not allowed");
            }
            if (isUnreserved(decoded)) {
                b.append((char) decoded);
            } else {
                b.append('%').append(s.substring(i + 1, i + 3).toUpperCase(Locale.ROOT));
            }
            i += 2;
        }
        return b.toString();
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    private static String removeDotSegments(String path) {
        if (path.isEmpty()) {
            return "/";
        }
        List<String> out = new ArrayList<>();
        String[] segments = path.split("/", -1);
        for (String segment : segments) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (!out.isEmpty()) {
                    out.remove(out.size() - 1);
                }
            } else {
                out.add(segment);
            }
        }
        String last = segments[segments.length - 1];
        boolean trailingSlash = last.isEmpty() || last.equals(".") || last.equals("..");
        StringBuilder b = new StringBuilder(path.length());
        for (String segment : out) {
            b.append('/').append(segment);
        }
        if (trailingSlash || out.isEmpty()) {
            b.append('/');
        }
        return b.toString();
    }

    private static String normalizeName(String kindName, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new InvalidResourceException(kindName, value, "control characters are not allowed");
            }
        }
        return value;
    }
}
