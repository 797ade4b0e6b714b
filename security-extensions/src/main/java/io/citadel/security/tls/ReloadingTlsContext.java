package io.citadel.security.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the node's current {@link SSLContext} and replaces it when the key, chain or CA file changes.
 *
 * <p>Goals: renewed files are used by new connections without a restart; a bad or half-written
 * renewal never replaces a good context; checking costs nothing on the hot path.
 * Algorithm: each {@link #current()} call compares the clock with the next check time; at most
 * once per {@code reload-interval} it stats the three files (modification time, size and file
 * key — an atomic rename changes the inode even within the same mtime second). If any changed,
 * the files are re-read through {@link TlsSelfTest} and a new context is built; if that fails the
 * old context stays and a WARN names the reason, and the next check tries again (so a renewal
 * written file by file succeeds once the last file lands). Existing connections keep their session.
 * Also warns when the own certificate nears expiry (at load, then at most hourly).
 *
 * <p>Thread-safe: reads are a volatile load; checks and reloads are serialised on {@code this}.
 */
final class ReloadingTlsContext {

    private static final Logger log = LoggerFactory.getLogger(ReloadingTlsContext.class);
    private static final Duration EXPIRY_WARNING_REPEAT = Duration.ofHours(1);

    /** Identity of the three files at the time they were read. */
    private record Stamps(List<Object> parts) {
        static Stamps of(TlsSettings s) throws IOException {
            return new Stamps(List.of(stamp(s.certificate()), stamp(s.privateKey()), stamp(s.trustedCa())));
        }

        private static Object stamp(Path file) throws IOException {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return List.of(a.lastModifiedTime(), a.size(), Objects.toString(a.fileKey()));
        }
    }

    private record Loaded(TlsMaterial material, SSLContext context, Stamps stamps) {
    }

    private final TlsSettings settings;
    private final PeerPolicy policy;
    private final TlsRejections rejections;
    private final Clock clock;
    private volatile Loaded loaded;
    private volatile Instant nextCheck;
    private Instant lastExpiryWarning = Instant.MIN;
    private long reloads;

    /** Loads and checks the files now; throws {@link TlsSetupException} when they are unusable. */
    ReloadingTlsContext(TlsSettings settings, PeerPolicy policy, TlsRejections rejections, Clock clock) {
        this.settings = settings;
        this.policy = policy;
        this.rejections = rejections;
        this.clock = clock;
        Stamps stamps;
        try {
            stamps = Stamps.of(settings);
        } catch (IOException e) {
            throw new TlsSetupException(settings.configPath() + ": cannot read TLS files: " + e, e);
        }
        this.loaded = load(stamps);
        this.nextCheck = clock.instant().plus(settings.reloadInterval());
        log.info("TLS material loaded: certificate [{}] subject [{}] role [{}] valid until [{}]",
                settings.certificate(), leaf().getSubjectX500Principal().getName(), settings.ownRole().configName(),
                leaf().getNotAfter().toInstant());
        warnIfExpiring(clock.instant(), true);
    }

    /** The context for a new connection, reloading first if a check is due and the files changed. */
    SSLContext current() {
        Instant now = clock.instant();
        if (now.isBefore(nextCheck)) {
            return loaded.context();
        }
        synchronized (this) {
            if (!now.isBefore(nextCheck)) {
                nextCheck = now.plus(settings.reloadInterval());
                reloadIfChanged();
                warnIfExpiring(now, false);
            }
        }
        return loaded.context();
    }

    X509Certificate leaf() {
        return loaded.material().leaf();
    }

    synchronized long reloads() {
        return reloads;
    }

    private void reloadIfChanged() {
        try {
            Stamps stamps = Stamps.of(settings);
            if (stamps.equals(loaded.stamps())) {
                return;
            }
            Loaded next = load(stamps);
            loaded = next;
            reloads++;
            log.info("TLS material reloaded: certificate [{}] subject [{}] serial [{}] valid until [{}]",
                    settings.certificate(), next.material().leaf().getSubjectX500Principal().getName(),
                    next.material().leaf().getSerialNumber().toString(16), next.material().leaf().getNotAfter().toInstant());
        } catch (IOException | TlsSetupException e) {
            log.warn("TLS files changed but cannot be used, keeping the current certificate [{}] until the next check: {}",
                    leaf().getSubjectX500Principal().getName(), e.getMessage());
        }
    }

    private Loaded load(Stamps stamps) {
        TlsMaterial material = TlsSelfTest.verify(settings, clock);
        return new Loaded(material, TlsContextFactory.create(material, policy, rejections), stamps);
    }

    private void warnIfExpiring(Instant now, boolean force) {
        Instant notAfter = leaf().getNotAfter().toInstant();
        Duration left = Duration.between(now, notAfter);
        if (left.compareTo(settings.expiryWarning()) > 0) {
            return;
        }
        if (!force && now.isBefore(lastExpiryWarning.plus(EXPIRY_WARNING_REPEAT))) {
            return;
        }
        lastExpiryWarning = now;
        if (left.isNegative()) {
            log.error("Own TLS certificate [{}] in [{}] EXPIRED at [{}]: peers refuse new connections until it is renewed",
                    leaf().getSubjectX500Principal().getName(), settings.certificate(), notAfter);
        } else {
            log.warn("Own TLS certificate [{}] in [{}] expires at [{}], in [{}] (warning threshold {} [{}]): renew it",
                    leaf().getSubjectX500Principal().getName(), settings.certificate(), notAfter, left,
                    settings.key("expiry-warning"), settings.expiryWarning());
        }
    }
}
