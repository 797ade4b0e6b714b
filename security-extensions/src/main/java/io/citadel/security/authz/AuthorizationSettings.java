package io.citadel.security.authz;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueType;
import io.citadel.security.audit.AuditLog;
import io.citadel.security.policy.PrincipalCanonicalizer;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The authorizer's settings, read once from a block of the shape documented in
 * security-extensions' {@code reference.conf} ({@code citadel.authorization}). Every error names the
 * full key path and the bad value. There is no default for {@code policy-files} or
 * {@code audit.file}: without them a master refuses to start (security fails closed). Immutable.
 *
 * @param policyFiles policy files, loaded in order (Ranger-style or one Mesos ACL file)
 * @param reloadInterval how often the files' modification times are polled
 * @param canonicalizer principal canonicalisation ({@code local-realms}, {@code auth-to-local},
 *                      {@code groups}, {@code roles})
 * @param cacheTtl how long a decision is reused; zero disables the cache
 * @param cacheMaxEntries decisions kept at most (the cache is cleared when full)
 * @param auditFile the audit log file
 * @param audit the audit writer's settings
 */
public record AuthorizationSettings(List<Path> policyFiles, Duration reloadInterval,
                                    PrincipalCanonicalizer canonicalizer, Duration cacheTtl, int cacheMaxEntries,
                                    Path auditFile, AuditLog.Settings audit) {

    public AuthorizationSettings {
        policyFiles = List.copyOf(policyFiles);
    }

    /** Reads the block at {@code path}; throws {@link IllegalArgumentException} naming the bad key. */
    public static AuthorizationSettings fromConfig(Config root, String path) {
        if (!root.hasPath(path)) {
            throw new IllegalArgumentException("Missing configuration block [" + path + "]");
        }
        Config c = root.getConfig(path);
        List<Path> files = policyFiles(c, path);
        Duration reload = duration(c, path, "reload-interval", Duration.ofMillis(100));
        Duration ttl = duration(c, path, "cache-ttl", Duration.ZERO);
        int maxEntries = positiveInt(c, path, "cache-max-entries");
        PrincipalCanonicalizer canonicalizer = PrincipalCanonicalizer.fromConfig(root, path);
        String a = path + ".audit";
        if (!c.hasPath("audit.file")) {
            throw new IllegalArgumentException("Missing required key [" + a + ".file]: privileged actions must be audited");
        }
        Path auditFile = path(c, path, "audit.file");
        Path parent = auditFile.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new IllegalArgumentException(key(path, "audit.file") + " = [" + auditFile
                    + "]: directory [" + parent + "] does not exist");
        }
        AuditLog.Settings defaults = AuditLog.Settings.defaults();
        AuditLog.Settings audit;
        try {
            audit = new AuditLog.Settings(positiveInt(c, path, "audit.queue-capacity"),
                    positiveInt(c, path, "audit.checkpoint-every"),
                    duration(c, path, "audit.checkpoint-interval", Duration.ofMillis(1)),
                    defaults.retryBackoff(), defaults.closeAttempts());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(a + ": " + e.getMessage(), e);
        }
        return new AuthorizationSettings(files, reload, canonicalizer, ttl, maxEntries, auditFile, audit);
    }

    private static List<Path> policyFiles(Config c, String path) {
        if (!c.hasPath("policy-files")) {
            throw new IllegalArgumentException("Missing required key [" + key(path, "policy-files")
                    + "]: without policies every action would be refused, so a master does not start");
        }
        List<String> names;
        try {
            names = c.getStringList("policy-files");
        } catch (ConfigException.WrongType e) {
            throw new IllegalArgumentException(key(path, "policy-files") + " must be a list of file names: " + e.getMessage(), e);
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException(key(path, "policy-files") + " must name at least one file");
        }
        List<Path> files = new ArrayList<>();
        for (String name : names) {
            Path file = toPath(path, "policy-files", name);
            if (!Files.isReadable(file)) {
                throw new IllegalArgumentException(key(path, "policy-files") + ": file [" + file
                        + "] does not exist or is not readable");
            }
            files.add(file);
        }
        return files;
    }

    private static Path path(Config c, String path, String name) {
        try {
            return toPath(path, name, c.getString(name));
        } catch (ConfigException.WrongType e) {
            throw new IllegalArgumentException(key(path, name) + " must be a file name: " + e.getMessage(), e);
        }
    }

    private static Path toPath(String path, String name, String value) {
        if (value.isBlank()) {
            throw new IllegalArgumentException(key(path, name) + " must not be blank");
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(key(path, name) + " = [" + value + "] is not a valid path", e);
        }
    }

    /** A duration with an explicit unit, at least {@code min}. */
    private static Duration duration(Config c, String path, String name, Duration min) {
        if (!c.hasPath(name)) {
            throw new IllegalArgumentException("Missing required key [" + key(path, name) + "]");
        }
        if (c.getValue(name).valueType() != ConfigValueType.STRING) {
            throw new IllegalArgumentException(key(path, name) + " = [" + c.getValue(name).unwrapped()
                    + "] needs a unit, e.g. 5s or 500ms (a bare number would silently mean milliseconds)");
        }
        Duration d;
        try {
            d = c.getDuration(name);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(key(path, name) + " = [" + c.getString(name) + "] is not a duration: "
                    + e.getMessage(), e);
        }
        if (d.compareTo(min) < 0) {
            throw new IllegalArgumentException(key(path, name) + " = [" + c.getString(name) + "] must be at least " + min);
        }
        return d;
    }

    private static int positiveInt(Config c, String path, String name) {
        if (!c.hasPath(name)) {
            throw new IllegalArgumentException("Missing required key [" + key(path, name) + "]");
        }
        int v;
        try {
            v = c.getInt(name);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(key(path, name) + " must be a whole number: " + e.getMessage(), e);
        }
        if (v < 1) {
            throw new IllegalArgumentException(key(path, name) + " = [" + v + "] must be at least 1");
        }
        return v;
    }

    private static String key(String path, String name) {
        return path + "." + name;
    }
}
