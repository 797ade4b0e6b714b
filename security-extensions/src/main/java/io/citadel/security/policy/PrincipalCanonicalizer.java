package io.citadel.security.policy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the principal name that the Kerberos acceptor returned (never a name a client wrote) into
 * the one canonical user name used for authorization, ownership and cache keys, and attaches the
 * user's groups and security roles from configuration. Immutable and thread-safe.
 *
 * <h2>Rules</h2>
 * <ol>
 *   <li>The name is split at its last {@code @} into components and realm; components are split on
 *       {@code /}. A name without a realm is returned unchanged.</li>
 *   <li>The {@code auth-to-local} rules ({@link AuthToLocalRule}) are tried in order; the first that
 *       applies gives the name. With no rules configured the list is {@code ["DEFAULT"]}: the realm is
 *       stripped from one-component principals of a {@code local-realms} realm.</li>
 *   <li>When no rule applies the full principal ({@code alice@OTHER.TEST}) is the canonical name: it
 *       can never collide with a local {@code alice}.</li>
 *   <li>Case is kept. Kerberos names are case-sensitive, and folding case would let
 *       {@code Alice@R} and {@code alice@R} share one identity; a rule may lower-case with {@code /L}.</li>
 *   <li>A rule that yields an empty name is a configuration error and fails the call (closed).</li>
 * </ol>
 *
 * <h2>Configuration</h2> (under the path given to {@link #fromConfig(Config, String)})
 * <pre>
 *   local-realms = ["CITADEL.TEST"]          # realms whose one-component principals lose the realm
 *   auth-to-local = ["DEFAULT"]              # rules, in order
 *   groups { alice = ["eng", "ops"] }        # canonical user to groups
 *   roles  { alice = ["operators"] }         # canonical user to security roles
 * </pre>
 */
public final class PrincipalCanonicalizer {

    private final List<String> localRealms;
    private final List<AuthToLocalRule> rules;
    private final Map<String, Set<String>> groups;
    private final Map<String, Set<String>> roles;

    public PrincipalCanonicalizer(List<String> localRealms, List<String> authToLocal,
                                  Map<String, Set<String>> groups, Map<String, Set<String>> roles) {
        this.localRealms = List.copyOf(localRealms);
        List<AuthToLocalRule> parsed = new ArrayList<>();
        for (int i = 0; i < authToLocal.size(); i++) {
            try {
                parsed.add(AuthToLocalRule.parse(authToLocal.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("auth-to-local rule " + i + " [" + authToLocal.get(i)
                        + "]: " + e.getMessage(), e);
            }
        }
        this.rules = parsed.isEmpty() ? List.of(AuthToLocalRule.parse("DEFAULT")) : List.copyOf(parsed);
        this.groups = copy(groups);
        this.roles = copy(roles);
    }

    /** Reads the keys documented above from {@code config.getConfig(path)}; errors name the key path. */
    public static PrincipalCanonicalizer fromConfig(Config config, String path) {
        Config c = config.getConfig(path);
        try {
            return new PrincipalCanonicalizer(
                    c.hasPath("local-realms") ? c.getStringList("local-realms") : List.of(),
                    c.hasPath("auth-to-local") ? c.getStringList("auth-to-local") : List.of(),
                    mapping(c, path, "groups"), mapping(c, path, "roles"));
        } catch (ConfigException e) {
            throw new IllegalArgumentException("bad principal configuration under " + path + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ".auth-to-local: " + e.getMessage(), e);
        }
    }

    private static Map<String, Set<String>> mapping(Config c, String path, String key) {
        Map<String, Set<String>> out = new HashMap<>();
        if (!c.hasPath(key)) {
            return out;
        }
        ConfigObject obj = c.getObject(key);
        for (Map.Entry<String, ConfigValue> e : obj.entrySet()) {
            if (e.getValue().valueType() != ConfigValueType.LIST) {
                throw new IllegalArgumentException(path + "." + key + ".\"" + e.getKey()
                        + "\" must be a list of names (quote user names that contain '.' or '@')");
            }
            Set<String> names = new HashSet<>();
            for (Object v : (List<?>) e.getValue().unwrapped()) {
                names.add(String.valueOf(v));
            }
            out.put(e.getKey(), names);
        }
        return out;
    }

    private static Map<String, Set<String>> copy(Map<String, Set<String>> m) {
        Map<String, Set<String>> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, Set.copyOf(v)));
        return Map.copyOf(out);
    }

    /** The canonical user name of the acceptor's principal {@code kerberosName}. */
    public String canonicalName(String kerberosName) {
        int at = kerberosName.lastIndexOf('@');
        if (at < 0) {
            return kerberosName;
        }
        String realm = kerberosName.substring(at + 1);
        List<String> parts = List.of(kerberosName.substring(0, at).split("/", -1));
        for (AuthToLocalRule rule : rules) {
            String name = rule.apply(realm, parts, localRealms);
            if (name != null) {
                if (name.isBlank()) {
                    throw new IllegalStateException("auth-to-local rule [" + rule + "] maps [" + kerberosName
                            + "] to an empty name");
                }
                return name;
            }
        }
        return kerberosName;
    }

    /** The subject (canonical name, groups, roles) of the acceptor's principal. */
    public Subject subject(String kerberosName) {
        String user = canonicalName(kerberosName);
        return new Subject(user, groups.getOrDefault(user, Set.of()), roles.getOrDefault(user, Set.of()));
    }
}
