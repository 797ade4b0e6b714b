package io.citadel.security.policy;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One {@code auth-to-local} rule, a subset of Hadoop's syntax. Immutable.
 *
 * <pre>
 *   DEFAULT
 *   RULE:[n:format](filter)s/pattern/replacement/g/L
 * </pre>
 * <ul>
 *   <li>{@code DEFAULT}: a one-component principal in a local realm becomes its component
 *       ({@code alice@CITADEL.TEST} &rarr; {@code alice}). Unlike Hadoop, multi-component principals
 *       are <em>not</em> shortened by DEFAULT: {@code alice/admin@R} must never become {@code alice}.</li>
 *   <li>{@code RULE}: applies to principals with exactly {@code n} components. {@code format} builds a
 *       string from {@code $0} (realm), {@code $1}, {@code $2}, ... (components). The optional
 *       {@code (filter)} is a regular expression that must match that whole string (it cannot contain
 *       {@code )}). The optional {@code s/pattern/replacement/} rewrites it (Java regex and
 *       replacement syntax; neither part may contain {@code /}); {@code g} replaces every match instead
 *       of the first; a trailing {@code /L} lower-cases the result.</li>
 * </ul>
 * Example: {@code RULE:[2:$1@$0](agent@CITADEL\.TEST)s/@CITADEL\.TEST//} maps {@code agent/host1@CITADEL.TEST}
 * to {@code agent}.
 */
final class AuthToLocalRule {

    private final String text;
    private final boolean isDefault;
    private final int components;
    private final String format;
    private final Pattern filter;
    private final Pattern sedPattern;
    private final String sedReplacement;
    private final boolean global;
    private final boolean lowercase;

    private AuthToLocalRule(String text, boolean isDefault, int components, String format, Pattern filter,
                            Pattern sedPattern, String sedReplacement, boolean global, boolean lowercase) {
        this.text = text;
        this.isDefault = isDefault;
        this.components = components;
        this.format = format;
        this.filter = filter;
        this.sedPattern = sedPattern;
        this.sedReplacement = sedReplacement;
        this.global = global;
        this.lowercase = lowercase;
    }

    /** Parses one rule; the message of the exception says what is wrong with it. */
    static AuthToLocalRule parse(String text) {
        String t = text.trim();
        if (t.equals("DEFAULT")) {
            return new AuthToLocalRule(t, true, 1, null, null, null, null, false, false);
        }
        try {
            if (!t.startsWith("RULE:[")) {
                throw new IllegalArgumentException("expected DEFAULT or RULE:[n:format]...");
            }
            int colon = t.indexOf(':', 6);
            int close = t.indexOf(']', 6);
            if (colon < 0 || close < colon) {
                throw new IllegalArgumentException("expected [n:format]");
            }
            int n = Integer.parseInt(t.substring(6, colon));
            if (n < 1) {
                throw new IllegalArgumentException("component count must be at least 1");
            }
            String fmt = t.substring(colon + 1, close);
            int i = close + 1;
            Pattern filter = null;
            if (i < t.length() && t.charAt(i) == '(') {
                int end = t.indexOf(')', i);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed (filter)");
                }
                filter = Pattern.compile(t.substring(i + 1, end));
                i = end + 1;
            }
            Pattern sed = null;
            String repl = null;
            boolean global = false;
            if (t.startsWith("s/", i)) {
                List<String> parts = List.of(t.substring(i + 2).split("/", -1));
                if (parts.size() < 3) {
                    throw new IllegalArgumentException("expected s/pattern/replacement/");
                }
                sed = Pattern.compile(parts.get(0));
                repl = parts.get(1);
                i += 2 + parts.get(0).length() + 1 + parts.get(1).length() + 1;
                if (i < t.length() && t.charAt(i) == 'g') {
                    global = true;
                    i++;
                }
            }
            boolean lower = false;
            if (t.startsWith("/L", i)) {
                lower = true;
                i += 2;
            }
            if (i != t.length()) {
                throw new IllegalArgumentException("unexpected text at position " + i);
            }
            return new AuthToLocalRule(t, false, n, fmt, filter, sed, repl, global, lower);
        } catch (NumberFormatException | PatternSyntaxException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The short name, or {@code null} when this rule does not apply. */
    String apply(String realm, List<String> parts, List<String> localRealms) {
        if (isDefault) {
            return parts.size() == 1 && localRealms.contains(realm) ? parts.get(0) : null;
        }
        if (parts.size() != components) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c == '$' && i + 1 < format.length() && Character.isDigit(format.charAt(i + 1))) {
                int idx = format.charAt(++i) - '0';
                if (idx > parts.size()) {
                    return null;
                }
                b.append(idx == 0 ? realm : parts.get(idx - 1));
            } else {
                b.append(c);
            }
        }
        String s = b.toString();
        if (filter != null && !filter.matcher(s).matches()) {
            return null;
        }
        if (sedPattern != null) {
            s = global ? sedPattern.matcher(s).replaceAll(sedReplacement)
                    : sedPattern.matcher(s).replaceFirst(sedReplacement);
        }
        return lowercase ? s.toLowerCase(Locale.ROOT) : s;
    }

    @Override
    public String toString() {
        return text;
    }
}
