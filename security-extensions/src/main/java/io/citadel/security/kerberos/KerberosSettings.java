package io.citadel.security.kerberos;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Kerberos settings of one process role, read once from a {@code citadel.kerberos}-shaped block.
 *
 * <pre>
 * citadel.kerberos {
 *   krb5-conf = "/etc/citadel/krb5.conf"       # required, must exist
 *   principal = "agent/a1.example.test@EXAMPLE.TEST"  # required, with @REALM
 *   keytab = "/etc/citadel/agent.keytab"        # required, must exist and be readable
 *   max-clock-skew = 300s                        # unit required; must equal krb5.conf clockskew
 *   canonicalize-hostnames = false               # B24: never build service names from reverse DNS
 *   service-principal-pattern = "master/{host}@{realm}"
 *   replay-cache-max-entries = 100000            # acceptor only; full cache refuses (fails closed)
 * }
 * </pre>
 *
 * <p>{@code max-clock-skew} must agree with the {@code clockskew} of {@code krb5-conf}: the JDK enforces
 * the krb5.conf value, so a different Citadel value would be a lie (checked here, named in the error).
 *
 * <p>Immutable.
 */
public record KerberosSettings(
        Path krb5Conf,
        String principal,
        Path keytab,
        Duration maxClockSkew,
        boolean canonicalizeHostnames,
        String servicePrincipalPattern,
        int replayCacheMaxEntries) {

    public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    public static final String DEFAULT_SERVICE_PRINCIPAL_PATTERN = "master/{host}@{realm}";
    public static final int DEFAULT_REPLAY_CACHE_MAX_ENTRIES = 100_000;

    private static final Pattern PRINCIPAL = Pattern.compile("[^@\\s]+@[^@\\s]+");

    public KerberosSettings {
        Objects.requireNonNull(krb5Conf, "krb5Conf");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(keytab, "keytab");
        Objects.requireNonNull(maxClockSkew, "maxClockSkew");
        Objects.requireNonNull(servicePrincipalPattern, "servicePrincipalPattern");
    }

    /** Settings with the defaults for every optional key. */
    public static KerberosSettings of(Path krb5Conf, String principal, Path keytab) {
        return new KerberosSettings(krb5Conf, principal, keytab, DEFAULT_MAX_CLOCK_SKEW, false,
                DEFAULT_SERVICE_PRINCIPAL_PATTERN, DEFAULT_REPLAY_CACHE_MAX_ENTRIES);
    }

    /** The same settings with another {@code max-clock-skew}. */
    public KerberosSettings withMaxClockSkew(Duration skew) {
        return new KerberosSettings(krb5Conf, principal, keytab, skew, canonicalizeHostnames,
                servicePrincipalPattern, replayCacheMaxEntries);
    }

    /** The same settings with another krb5.conf. */
    public KerberosSettings withKrb5Conf(Path otherKrb5Conf) {
        return new KerberosSettings(otherKrb5Conf, principal, keytab, maxClockSkew, canonicalizeHostnames,
                servicePrincipalPattern, replayCacheMaxEntries);
    }

    /** The same settings with another principal and keytab (e.g. a service identity). */
    public KerberosSettings withIdentity(String otherPrincipal, Path otherKeytab) {
        return new KerberosSettings(krb5Conf, otherPrincipal, otherKeytab, maxClockSkew, canonicalizeHostnames,
                servicePrincipalPattern, replayCacheMaxEntries);
    }

    /**
     * Reads and validates the block at {@code path} (e.g. {@code "citadel.kerberos"}). Every error names
     * the full key path and the offending value or file.
     */
    public static KerberosSettings fromConfig(Config config, String path) throws KerberosException {
        if (!config.hasPath(path)) {
            throw new KerberosException("Missing configuration block [" + path + "]");
        }
        Config c = config.getConfig(path);
        Path krb5Conf = readableFile(c, path, "krb5-conf");
        String principal = string(c, path, "principal");
        if (!PRINCIPAL.matcher(principal).matches()) {
            throw new KerberosException(key(path, "principal") + " = [" + principal
                    + "] must be a full principal name with its realm, e.g. agent/a1.example.test@EXAMPLE.TEST");
        }
        Path keytab = readableFile(c, path, "keytab");
        Duration skew = c.hasPath("max-clock-skew") ? duration(c, path, "max-clock-skew") : DEFAULT_MAX_CLOCK_SKEW;
        boolean canonicalize = c.hasPath("canonicalize-hostnames") && bool(c, path, "canonicalize-hostnames");
        String pattern = c.hasPath("service-principal-pattern")
                ? string(c, path, "service-principal-pattern") : DEFAULT_SERVICE_PRINCIPAL_PATTERN;
        if (!pattern.contains("{host}") || !pattern.contains("@")) {
            throw new KerberosException(key(path, "service-principal-pattern") + " = [" + pattern
                    + "] must contain {host} and an @realm part, e.g. master/{host}@{realm}");
        }
        int maxEntries = c.hasPath("replay-cache-max-entries")
                ? positiveInt(c, path, "replay-cache-max-entries") : DEFAULT_REPLAY_CACHE_MAX_ENTRIES;
        Krb5Login.checkClockSkewAgrees(krb5Conf, skew, key(path, "max-clock-skew"));
        return new KerberosSettings(krb5Conf, principal, keytab, skew, canonicalize, pattern, maxEntries);
    }

    /** The realm of {@link #principal()}. */
    public String realm() {
        return principal.substring(principal.lastIndexOf('@') + 1);
    }

    /**
     * The service principal for {@code host}, built from the pattern with the host string exactly as
     * given (B24). Canonicalisation, when enabled, is done by {@link KerberosInitiator}, not here.
     */
    public String servicePrincipalFor(String host) {
        if (host == null || host.isBlank() || host.contains("/") || host.contains("@")) {
            throw new IllegalArgumentException("Host for a service principal must be a bare host name, got ["
                    + host + "]");
        }
        return servicePrincipalPattern.replace("{host}", host).replace("{realm}", realm());
    }

    private static String key(String path, String name) {
        return path + "." + name;
    }

    private static String string(Config c, String path, String name) throws KerberosException {
        try {
            String value = c.getString(name);
            if (value.isBlank()) {
                throw new KerberosException(key(path, name) + " must not be blank");
            }
            return value.trim();
        } catch (ConfigException.Missing e) {
            throw new KerberosException("Missing required key [" + key(path, name) + "]");
        } catch (ConfigException.WrongType e) {
            throw new KerberosException(key(path, name) + " must be a string: " + e.getMessage());
        }
    }

    private static Path readableFile(Config c, String path, String name) throws KerberosException {
        String value = string(c, path, name);
        Path file;
        try {
            file = Path.of(value).toAbsolutePath();
        } catch (InvalidPathException e) {
            throw new KerberosException(key(path, name) + " = [" + value + "] is not a valid path");
        }
        if (!Files.isRegularFile(file)) {
            throw new KerberosException(key(path, name) + " = [" + value + "]: file [" + file + "] does not exist");
        }
        if (!Files.isReadable(file)) {
            throw new KerberosException(key(path, name) + " = [" + value + "]: file [" + file + "] is not readable");
        }
        return file;
    }

    private static Duration duration(Config c, String path, String name) throws KerberosException {
        ConfigValue raw = c.getValue(name);
        String text = String.valueOf(raw.unwrapped()).trim();
        // Typesafe Config reads a bare number as milliseconds; Citadel refuses it (field case B29).
        if (raw.valueType() == ConfigValueType.NUMBER || text.matches("[0-9.]+")) {
            throw new KerberosException(key(path, name) + " = [" + text
                    + "] needs a unit, e.g. 300s or 5m (a bare number would silently mean milliseconds)");
        }
        Duration value;
        try {
            value = c.getDuration(name);
        } catch (ConfigException e) {
            throw new KerberosException(key(path, name) + " = [" + text + "] is not a duration: " + e.getMessage());
        }
        if (value.toSeconds() < 1 || value.compareTo(Duration.ofHours(1)) > 0) {
            throw new KerberosException(key(path, name) + " = [" + text + "] must be between 1s and 1h");
        }
        if (value.toMillis() % 1000 != 0) {
            throw new KerberosException(key(path, name) + " = [" + text
                    + "] must be whole seconds (krb5.conf clockskew is in seconds)");
        }
        return value;
    }

    private static boolean bool(Config c, String path, String name) throws KerberosException {
        try {
            return c.getBoolean(name);
        } catch (ConfigException.WrongType e) {
            throw new KerberosException(key(path, name) + " = [" + c.getValue(name).unwrapped()
                    + "] must be true or false");
        }
    }

    private static int positiveInt(Config c, String path, String name) throws KerberosException {
        try {
            int value = c.getInt(name);
            if (value < 1) {
                throw new KerberosException(key(path, name) + " = [" + value + "] must be at least 1");
            }
            return value;
        } catch (ConfigException.WrongType e) {
            throw new KerberosException(key(path, name) + " = [" + c.getValue(name).unwrapped()
                    + "] must be a whole number");
        }
    }
}
