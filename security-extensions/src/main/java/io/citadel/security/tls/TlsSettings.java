package io.citadel.security.tls;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.citadel.security.pki.CertRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Settings of Citadel's Artery TLS provider, read once from a {@code citadel.tls} config block.
 *
 * @param configPath           where the block was read from (used to name keys in error messages)
 * @param certificate          PEM chain: the node's leaf first, then intermediates
 * @param privateKey           the leaf's PEM private key
 * @param trustedCa            PEM file with the CA certificate(s) peers must chain to; several
 *                             certificates are allowed so a CA can be rolled over
 * @param ownRole              the role this node's certificate must carry (checked at start-up)
 * @param acceptedPeerRoles    roles a peer certificate must carry, on both inbound and outbound links
 * @param reloadInterval       how often, at most, the files are checked for changes
 * @param expiryWarning        warn when the own certificate expires within this period
 * @param hostnameVerification whether the connecting side checks the server's SAN against the
 *                             host it dialled (the accepting side never checks the client's name)
 *
 * <p>Immutable.
 */
public record TlsSettings(
        String configPath,
        Path certificate,
        Path privateKey,
        Path trustedCa,
        CertRole ownRole,
        Set<CertRole> acceptedPeerRoles,
        Duration reloadInterval,
        Duration expiryWarning,
        boolean hostnameVerification) {

    /** The config block the provider reads inside an actor system's config. */
    public static final String DEFAULT_PATH = "citadel.tls";

    public TlsSettings {
        acceptedPeerRoles = Set.copyOf(acceptedPeerRoles);
    }

    /**
     * Reads and validates the block at {@code path}.
     *
     * @throws ConfigException naming the full key path and the bad value (missing key, unknown role,
     *                         duration without unit, unreadable file, ...)
     */
    public static TlsSettings fromConfig(Config root, String path) {
        if (!root.hasPath(path)) {
            throw new ConfigException.Missing(path);
        }
        // Read through the root with full paths so that a missing key is reported as e.g. citadel.tls.certificate.
        Config c = root;
        Path certificate = readableFile(c, path, "certificate");
        Path privateKey = readableFile(c, path, "private-key");
        Path trustedCa = readableFile(c, path, "trusted-ca");
        CertRole ownRole = role(c, path, "own-role", c.getString(path + ".own-role"));
        if (ownRole == CertRole.CA) {
            throw bad(c, path, "own-role", "ca", "a CA certificate cannot be used as a node's TLS identity");
        }
        List<String> names = c.getStringList(path + ".accepted-peer-roles");
        if (names.isEmpty()) {
            throw bad(c, path, "accepted-peer-roles", "[]", "at least one role is required (an empty list would refuse every peer)");
        }
        Set<CertRole> accepted = EnumSet.noneOf(CertRole.class);
        for (String name : names) {
            accepted.add(role(c, path, "accepted-peer-roles", name));
        }
        return new TlsSettings(path, certificate, privateKey, trustedCa, ownRole, accepted,
                positiveDuration(c, path, "reload-interval"), positiveDuration(c, path, "expiry-warning"),
                c.getBoolean(path + ".hostname-verification"));
    }

    /** Full config key of a setting, e.g. {@code citadel.tls.private-key}, for messages. */
    public String key(String name) {
        return configPath + "." + name;
    }

    private static Path readableFile(Config c, String path, String key) {
        String value = c.getString(path + "." + key);
        if (value.isBlank()) {
            throw bad(c, path, key, value, "a file path is required");
        }
        Path file = Path.of(value);
        if (!Files.isRegularFile(file)) {
            throw bad(c, path, key, value, "file [" + file.toAbsolutePath() + "] does not exist or is not a regular file");
        }
        if (!Files.isReadable(file)) {
            throw bad(c, path, key, value, "file [" + file.toAbsolutePath() + "] is not readable by this process");
        }
        return file;
    }

    private static CertRole role(Config c, String path, String key, String value) {
        try {
            return CertRole.parse(value);
        } catch (IllegalArgumentException e) {
            throw bad(c, path, key, value, e.getMessage());
        }
    }

    private static Duration positiveDuration(Config c, String path, String key) {
        ConfigValue raw = c.getValue(path + "." + key);
        // Typesafe Config reads a bare number as milliseconds; "15" meaning 15 ms is never what an operator meant (B29).
        if (raw.valueType() == ConfigValueType.NUMBER
                || String.valueOf(raw.unwrapped()).trim().matches("[0-9.]+")) {
            throw bad(c, path, key, String.valueOf(raw.unwrapped()), "a duration needs a unit, e.g. 30s, 5m, 14d");
        }
        Duration d = c.getDuration(path + "." + key);
        if (d.isNegative() || d.isZero()) {
            throw bad(c, path, key, String.valueOf(raw.unwrapped()), "must be positive");
        }
        return d;
    }

    private static ConfigException bad(Config c, String path, String key, String value, String why) {
        String full = path + "." + key;
        return new ConfigException.BadValue(c.hasPath(full) ? c.getValue(full).origin() : c.origin(),
                full, "bad value [" + value + "]: " + why);
    }
}
