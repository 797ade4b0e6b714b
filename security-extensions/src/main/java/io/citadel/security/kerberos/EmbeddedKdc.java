package io.citadel.security.kerberos;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.apache.kerby.kerberos.kerb.KrbException;
import org.apache.kerby.kerberos.kerb.common.EncryptionUtil;
import org.apache.kerby.kerberos.kerb.identity.backend.IdentityBackend;
import org.apache.kerby.kerberos.kerb.request.KrbIdentity;
import org.apache.kerby.kerberos.kerb.server.KdcConfigKey;
import org.apache.kerby.kerberos.kerb.server.SimpleKdcServer;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionKey;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process Kerberos KDC (Apache Kerby {@code SimpleKdcServer}) for tests, the demo and
 * {@code citadel kdc}. It speaks TCP only, issues AES-256/AES-128 keys only, and writes a
 * {@code krb5.conf} that clients in this or other JVMs can use.
 *
 * <p>Traps handled here (DESIGN.md §10): the TCP port is always set explicitly (Kerby's auto-picked
 * port does not reach the client); keytabs hold one principal each (Kerby's {@code exportPrincipals}
 * would also write {@code krbtgt}); Kerby's threads are not daemons, so callers must {@link #close()}
 * it (use try-with-resources or {@code @AfterAll}).
 *
 * <p>Owned by whoever started it. Principal operations are synchronized; safe from several threads.
 */
public final class EmbeddedKdc implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKdc.class);

    /** The only enctypes Citadel issues: 3DES/RC4 are weak, and 3DES-only breaks JDK 17 logins. */
    static final List<EncryptionType> ENCTYPES = List.of(
            EncryptionType.AES256_CTS_HMAC_SHA1_96, EncryptionType.AES128_CTS_HMAC_SHA1_96);

    private static final String ENCTYPE_NAMES = "aes256-cts-hmac-sha1-96 aes128-cts-hmac-sha1-96";

    /** The clock skew the KDC and the generated krb5.conf allow unless told otherwise (MIT default). */
    public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    private final SimpleKdcServer kdc;
    private final String realm;
    private final String host;
    private final int port;
    private final Path krb5Conf;
    private boolean closed;

    private EmbeddedKdc(SimpleKdcServer kdc, String realm, String host, int port, Path krb5Conf) {
        this.kdc = kdc;
        this.realm = realm;
        this.host = host;
        this.port = port;
        this.krb5Conf = krb5Conf;
    }

    /** Starts a KDC allowing {@link #DEFAULT_MAX_CLOCK_SKEW}; {@code port} 0 picks a free port. */
    public static EmbeddedKdc start(Path workDir, String realm, String host, int port) throws KerberosException {
        return start(workDir, realm, host, port, DEFAULT_MAX_CLOCK_SKEW);
    }

    /**
     * Starts a KDC for {@code realm} listening on {@code host:port} (TCP; {@code port} 0 picks a free
     * one), keeping its files and {@code krb5.conf} in {@code workDir}.
     */
    public static EmbeddedKdc start(Path workDir, String realm, String host, int port, Duration maxClockSkew)
            throws KerberosException {
        Objects.requireNonNull(workDir, "workDir");
        requireText(realm, "realm");
        requireText(host, "host");
        if (port < 0 || port > 65535) {
            throw new KerberosException("KDC port must be 0..65535, got [" + port + "]");
        }
        if (maxClockSkew.isNegative() || maxClockSkew.toSeconds() < 1) {
            throw new KerberosException("KDC max clock skew must be at least 1s, got [" + maxClockSkew + "]");
        }
        int chosenPort = port == 0 ? freePort(host) : port;
        SimpleKdcServer kdc = null;
        try {
            Path kerbyDir = Files.createDirectories(workDir.resolve("kerby"));
            kdc = new SimpleKdcServer();
            kdc.setWorkDir(kerbyDir.toFile());
            kdc.setKdcRealm(realm);
            kdc.setKdcHost(host);
            kdc.setAllowUdp(false);
            kdc.setKdcTcpPort(chosenPort);
            kdc.getKdcConfig().setString(KdcConfigKey.ENCRYPTION_TYPES, ENCTYPE_NAMES);
            kdc.getKdcConfig().setLong(KdcConfigKey.ALLOWABLE_CLOCKSKEW, maxClockSkew.toSeconds());
            kdc.init();
            kdc.start();
            Path conf = writeKrb5Conf(workDir.resolve("krb5.conf"), realm, host, chosenPort, maxClockSkew);
            // Kerby's init() pointed the JVM-wide property at its own file; point it at ours instead.
            System.setProperty("java.security.krb5.conf", conf.toString());
            LOG.info("Embedded KDC for realm [{}] listening on [{}:{}] (TCP), krb5.conf [{}]",
                    realm, host, chosenPort, conf);
            return new EmbeddedKdc(kdc, realm, host, chosenPort, conf);
        } catch (KrbException | IOException | RuntimeException e) {
            stopQuietly(kdc);
            throw new KerberosException("Cannot start embedded KDC for realm [" + realm + "] on ["
                    + host + ":" + chosenPort + "]: " + e.getMessage(), e);
        }
    }

    /** Creates {@code principal} (realm appended if missing) with a random AES key at kvno 1. */
    public synchronized void createPrincipal(String principal) throws KerberosException {
        String full = qualify(principal);
        try {
            kdc.createPrincipal(full);
        } catch (KrbException e) {
            throw new KerberosException("Cannot create principal [" + full + "]: " + e.getMessage(), e);
        }
    }

    /** Removes {@code principal} from the KDC (its keytabs stop working at the next AS exchange). */
    public synchronized void deletePrincipal(String principal) throws KerberosException {
        String full = qualify(principal);
        try {
            kdc.deletePrincipal(full);
        } catch (KrbException e) {
            throw new KerberosException("Cannot delete principal [" + full + "]: " + e.getMessage(), e);
        }
    }

    /**
     * Writes a keytab holding only {@code principal}'s current keys to {@code file}, mode 0600, replacing
     * any existing file atomically (so an acceptor watching it never sees half a keytab).
     */
    public synchronized void exportKeytab(String principal, Path file) throws KerberosException {
        String full = qualify(principal);
        Path target = file.toAbsolutePath();
        try {
            Files.createDirectories(target.getParent());
            // A fresh private directory: Kerby appends to an existing file, and the key must never be
            // readable by others, not even between writing and chmod.
            Path staging = Files.createTempDirectory(target.getParent(), ".keytab-");
            try {
                Path staged = staging.resolve("keytab");
                kdc.exportPrincipal(full, staged.toFile());
                Files.setPosixFilePermissions(staged, PosixFilePermissions.fromString("rw-------"));
                Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(staging.resolve("keytab"));
                Files.deleteIfExists(staging);
            }
        } catch (KrbException | IOException e) {
            throw new KerberosException("Cannot export keytab of [" + full + "] to [" + target + "]: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Gives {@code principal} new random keys at the next key version number and returns that kvno.
     * Keytabs exported before hold the old keys (field case B22).
     */
    public synchronized int rekey(String principal) throws KerberosException {
        String full = qualify(principal);
        try {
            IdentityBackend backend = kdc.getIdentityService();
            KrbIdentity identity = backend.getIdentity(full);
            if (identity == null) {
                throw new KerberosException("Cannot rekey [" + full + "]: no such principal in the KDC");
            }
            int kvno = identity.getKeys().values().stream().mapToInt(EncryptionKey::getKvno).max().orElse(0) + 1;
            List<EncryptionKey> keys = EncryptionUtil.generateKeys(ENCTYPES, kvno);
            identity.addKeys(keys);
            identity.setKeyVersion(kvno);
            backend.updateIdentity(identity);
            LOG.info("Rekeyed principal [{}] to kvno [{}]", full, kvno);
            return kvno;
        } catch (KrbException e) {
            throw new KerberosException("Cannot rekey [" + full + "]: " + e.getMessage(), e);
        }
    }

    /** The current key version number of {@code principal} in the KDC. */
    public synchronized int kvno(String principal) throws KerberosException {
        String full = qualify(principal);
        try {
            KrbIdentity identity = kdc.getIdentityService().getIdentity(full);
            if (identity == null) {
                throw new KerberosException("No principal [" + full + "] in the KDC");
            }
            return identity.getKeys().values().stream().mapToInt(EncryptionKey::getKvno).max().orElse(0);
        } catch (KrbException e) {
            throw new KerberosException("Cannot read principal [" + full + "]: " + e.getMessage(), e);
        }
    }

    /** Path of the {@code krb5.conf} (TCP, no DNS canonicalisation, AES only) for this KDC. */
    public Path krb5Conf() {
        return krb5Conf;
    }

    public String realm() {
        return realm;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** {@code name} with {@code @REALM} appended when it has no realm. */
    public String qualify(String name) {
        requireText(name, "principal");
        return name.contains("@") ? name : name + "@" + realm;
    }

    /** Stops Kerby (its threads are not daemons, so a forgotten KDC keeps the JVM alive). Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            stopQuietly(kdc);
            LOG.info("Embedded KDC for realm [{}] on port [{}] stopped", realm, port);
        }
    }

    private static Path writeKrb5Conf(Path file, String realm, String host, int port, Duration skew)
            throws IOException {
        String text = String.join("\n",
                "# Written by Citadel's EmbeddedKdc. TCP only, no DNS canonicalisation (field case B24).",
                "[libdefaults]",
                "    default_realm = " + realm,
                "    dns_lookup_kdc = false",
                "    dns_lookup_realm = false",
                "    dns_canonicalize_hostname = false",
                "    rdns = false",
                "    udp_preference_limit = 1",
                "    clockskew = " + skew.toSeconds(),
                "    default_tkt_enctypes = " + ENCTYPE_NAMES,
                "    default_tgs_enctypes = " + ENCTYPE_NAMES,
                "    permitted_enctypes = " + ENCTYPE_NAMES,
                "    forwardable = false",
                "",
                "[realms]",
                "    " + realm + " = {",
                "        kdc = " + host + ":" + port,
                "    }",
                "");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file.toAbsolutePath();
    }

    private static int freePort(String host) throws KerberosException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new KerberosException("Cannot find a free TCP port on [" + host + "]: " + e.getMessage(), e);
        }
    }

    private static void stopQuietly(SimpleKdcServer kdc) {
        if (kdc == null) {
            return;
        }
        try {
            kdc.stop();
        } catch (KrbException | RuntimeException e) {
            LOG.warn("Stopping the embedded KDC failed: [{}]", e.toString());
        }
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }
}
