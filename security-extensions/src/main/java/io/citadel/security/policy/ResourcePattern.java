package io.citadel.security.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * A compiled policy resource: normalised values with wildcards, {@code isExcludes} and
 * {@code isRecursive}, matched without regular expressions.
 *
 * <p>Wildcards: {@code *} matches any run of characters and {@code ?} exactly one, except that in
 * hierarchical kinds (role, uri) neither crosses a {@code /}, and in {@code uri} values {@code ?}
 * is the query delimiter, not a wildcard. {@code isRecursive} (hierarchical kinds only) also matches
 * every descendant: {@code eng} recursive covers {@code eng} and {@code eng/frontend/web}.
 * {@code isExcludes} inverts the match: the resource matches when the request names this kind and
 * its value matches none of the values. Immutable and thread-safe.
 */
final class ResourcePattern {

    private final ResourceKind kind;
    private final String[] values;
    private final boolean[] literal;
    private final boolean excludes;
    private final boolean recursive;

    ResourcePattern(String kindName, List<String> rawValues, boolean excludes, boolean recursive) {
        this.kind = ResourceKind.of(kindName);
        if (recursive && !kind.hierarchical()) {
            throw new IllegalArgumentException("isRecursive applies only to kinds 'role' and 'uri', not '"
                    + kindName + "'");
        }
        if (rawValues.isEmpty()) {
            throw new IllegalArgumentException("resource '" + kindName + "' has no values");
        }
        this.values = new String[rawValues.size()];
        this.literal = new boolean[rawValues.size()];
        for (int i = 0; i < values.length; i++) {
            String v = ResourceNormalizer.normalize(kindName, rawValues.get(i));
            if (recursive && v.length() > 1 && v.endsWith("/")) {
                v = v.substring(0, v.length() - 1); // "pub/" recursive means the same as "pub"
            }
            values[i] = v;
            literal[i] = firstWildcard(v, 0, v.length()) < 0;
        }
        this.excludes = excludes;
        this.recursive = recursive;
    }

    /** Whether this resource matches the (normalised) request value. */
    boolean matches(String value) {
        boolean hit = false;
        for (int i = 0; i < values.length && !hit; i++) {
            hit = literal[i] ? matchLiteral(values[i], value) : matchGlob(values[i], value);
        }
        return hit != excludes;
    }

    /**
     * The literal index keys of this resource, or {@code null} when some value has a wildcard in its
     * key part or the resource excludes: such a policy goes to the fallback list.
     */
    List<String> indexKeys() {
        if (excludes) {
            return null;
        }
        List<String> keys = new ArrayList<>(values.length);
        for (String v : values) {
            String key = kind.indexKey(v);
            if (firstWildcard(key, 0, key.length()) >= 0) {
                return null;
            }
            keys.add(key);
        }
        return keys;
    }

    private boolean matchLiteral(String pattern, String value) {
        if (value.equals(pattern)) {
            return true;
        }
        return recursive && value.length() > pattern.length() && value.startsWith(pattern)
                && value.charAt(pattern.length()) == '/';
    }

    private boolean matchGlob(String p, String t) {
        if (!kind.hierarchical()) {
            return glob(p, 0, p.length(), t, 0, t.length());
        }
        int pi = 0;
        int ti = 0;
        while (true) {
            int pe = indexOrEnd(p, pi);
            int te = indexOrEnd(t, ti);
            if (!glob(p, pi, pe, t, ti, te)) {
                return false;
            }
            if (pe == p.length()) {
                return te == t.length() || recursive;
            }
            if (te == t.length()) {
                return false;
            }
            pi = pe + 1;
            ti = te + 1;
        }
    }

    private static int indexOrEnd(String s, int from) {
        int i = s.indexOf('/', from);
        return i < 0 ? s.length() : i;
    }

    /** Glob match of p[ps,pe) against t[ts,te): greedy with backtracking to the last star. */
    private boolean glob(String p, int ps, int pe, String t, int ts, int te) {
        int pi = ps;
        int ti = ts;
        int star = -1;
        int mark = 0;
        while (ti < te) {
            char pc = pi < pe ? p.charAt(pi) : 0;
            if (pi < pe && (pc == t.charAt(ti) && pc != '*' || pc == '?' && questionIsWildcard())) {
                pi++;
                ti++;
            } else if (pi < pe && pc == '*') {
                star = pi++;
                mark = ti;
            } else if (star >= 0) {
                pi = star + 1;
                ti = ++mark;
            } else {
                return false;
            }
        }
        while (pi < pe && p.charAt(pi) == '*') {
            pi++;
        }
        return pi == pe;
    }

    private boolean questionIsWildcard() {
        return kind != ResourceKind.URI;
    }

    private int firstWildcard(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '*' || c == '?' && questionIsWildcard()) {
                return i;
            }
        }
        return -1;
    }
}
