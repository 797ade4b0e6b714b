package io.citadel.security.kerberos;

import io.citadel.security.kerberos.AcceptResult.Authenticated;
import io.citadel.security.kerberos.AcceptResult.Reason;
import io.citadel.security.kerberos.AcceptResult.Refused;
import java.io.IOException;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.time.Clock;
import java.util.HexFormat;
import javax.security.auth.Subject;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server side of Citadel's Kerberos handshake: accepts one GSS-API Kerberos V5 initial token and
 * returns the authenticated client principal — the only identity used afterwards — or a precise refusal.
 *
 * <p>Flow of {@link #accept}: parse the token's cleartext ({@link ApReqView}); refuse early a byte-exact
 * replay; reload the keytab if its file changed (B22: a rekeyed keytab is picked up without a restart);
 * refuse a ticket whose kvno/enctype the keytab lacks, naming principal, kvno and enctype; let the JDK
 * decrypt and check the token (its own skew check uses krb5.conf {@code clockskew}, which settings
 * force to equal {@code max-clock-skew}); finally record the authenticator in {@link ReplayCache}
 * atomically, so of two identical tokens racing, exactly one wins. Recording only after the JDK has
 * verified the token means forged garbage cannot fill the cache.
 *
 * <p>Thread-safe: GSS calls run in {@code Subject.doAs} on the calling thread with a context per call;
 * the keytab state is an immutable snapshot swapped atomically under a lock.
 */
public final class KerberosAcceptor {

    private static final Logger LOG = LoggerFactory.getLogger(KerberosAcceptor.class);
    /** Far above any real AP-REQ (a few KiB even with a PAC); bounds work done for junk. */
    static final int MAX_TOKEN_BYTES = 64 * 1024;

    private final KerberosSettings settings;
    private final ReplayCache replayCache;
    private final GSSManager manager = GSSManager.getInstance();
    private final Object reloadLock = new Object();
    private volatile AcceptorKeytab keytab;

    private KerberosAcceptor(KerberosSettings settings, ReplayCache replayCache, AcceptorKeytab keytab) {
        this.settings = settings;
        this.replayCache = replayCache;
        this.keytab = keytab;
    }

    /** Loads the service principal's keys from its keytab; fails fast if they are missing. */
    public static KerberosAcceptor login(KerberosSettings settings) throws KerberosException {
        return login(settings, Clock.systemUTC());
    }

    /** As {@link #login(KerberosSettings)} with the replay cache's clock injected (tests). */
    static KerberosAcceptor login(KerberosSettings settings, Clock clock) throws KerberosException {
        ReplayCache cache = new ReplayCache(clock, settings.maxClockSkew().multipliedBy(2),
                settings.replayCacheMaxEntries());
        return new KerberosAcceptor(settings, cache, AcceptorKeytab.load(settings, KeytabStamp.of(settings.keytab())));
    }

    /** The service principal this acceptor accepts tokens for. */
    public String principal() {
        return settings.principal();
    }

    /** Accepts or refuses one initial context token. Never throws for bad input. */
    public AcceptResult accept(byte[] token) {
        AcceptResult result = decide(token);
        if (result instanceof Refused refused) {
            LOG.warn("Refused Kerberos token for [{}]: [{}] [{}]", settings.principal(), refused.reason(),
                    refused.detail());
        } else if (result instanceof Authenticated ok) {
            LOG.debug("Authenticated [{}] for service [{}]", ok.principal(), settings.principal());
        }
        return result;
    }

    private AcceptResult decide(byte[] token) {
        if (token == null || token.length == 0 || token.length > MAX_TOKEN_BYTES) {
            return new Refused(Reason.BAD_TOKEN, "token is empty or larger than " + MAX_TOKEN_BYTES + " bytes");
        }
        ApReqView view;
        try {
            view = ApReqView.parse(token);
        } catch (IOException | RuntimeException e) {
            return new Refused(Reason.BAD_TOKEN, "not a Kerberos V5 AP-REQ token: " + e.getMessage());
        }
        byte[] key = view.authenticatorSha256();
        if (replayCache.contains(key)) {
            return replay(view, key);
        }
        AcceptorKeytab current;
        try {
            current = currentKeytab();
        } catch (KerberosException e) {
            return new Refused(Reason.KEY_NOT_IN_KEYTAB, e.getMessage());
        }
        Refused keyProblem = current.checkHasKeyFor(view);
        if (keyProblem != null) {
            return keyProblem;
        }
        AcceptResult verdict = acceptWithJdk(current, view, token);
        if (!(verdict instanceof Authenticated)) {
            return verdict;
        }
        return switch (replayCache.checkAndStore(key)) {
            case FRESH -> verdict;
            case REPLAY -> replay(view, key);
            case FULL -> new Refused(Reason.REPLAY_CACHE_FULL, "replay cache of [" + settings.principal()
                    + "] holds " + replayCache.maxEntries() + " live authenticators (replay-cache-max-entries); "
                    + "refusing rather than risking a replay");
        };
    }

    private AcceptResult acceptWithJdk(AcceptorKeytab current, ApReqView view, byte[] token) {
        try {
            return Subject.doAs(current.login().subject(), (PrivilegedExceptionAction<AcceptResult>) () -> {
                GSSContext context = manager.createContext(current.credential());
                try {
                    context.acceptSecContext(token, 0, token.length);
                    if (!context.isEstablished()) {
                        return new Refused(Reason.BAD_TOKEN, "context not established after one token");
                    }
                    return new Authenticated(context.getSrcName().toString());
                } finally {
                    context.dispose();
                }
            });
        } catch (PrivilegedActionException e) {
            return refusalFor(e.getCause(), view);
        } catch (RuntimeException e) {
            return new Refused(Reason.UNKNOWN, "JDK failed on the token: " + e);
        }
    }

    private Refused refusalFor(Throwable failure, ApReqView view) {
        String jdk = KerberosErrors.jdkMessage(failure);
        int code = KerberosErrors.codeOf(failure);
        if (code < 0 && jdk.contains("Checksum failed")) {
            // The JDK's decrypt-with-wrong-key failure carries no code; RFC 4120 calls it BAD_INTEGRITY.
            code = KerberosErrors.KRB_AP_ERR_BAD_INTEGRITY;
        }
        String ticket = "ticket for [" + view.serverPrincipal() + "] kvno " + view.kvno() + " enctype "
                + view.enctype();
        return switch (code) {
            case KerberosErrors.KRB_AP_ERR_SKEW -> new Refused(Reason.CLOCK_SKEW, "clock skew too great: the "
                    + "client's authenticator time is more than " + settings.maxClockSkew().toSeconds()
                    + "s from this host's clock (" + KerberosErrors.describe(code) + ")");
            case KerberosErrors.KRB_AP_ERR_REPEAT -> new Refused(Reason.REPLAY,
                    "authenticator already seen by the JDK replay cache (" + KerberosErrors.describe(code) + ")");
            case KerberosErrors.KRB_AP_ERR_TKT_EXPIRED -> new Refused(Reason.TICKET_EXPIRED,
                    ticket + " has expired (" + KerberosErrors.describe(code) + ")");
            case KerberosErrors.KRB_AP_ERR_BAD_INTEGRITY, KerberosErrors.KRB_AP_ERR_MODIFIED ->
                    new Refused(Reason.INTEGRITY_CHECK_FAILED, ticket + " does not decrypt with the key of that "
                            + "kvno in keytab [" + settings.keytab() + "] (keytab built from another password?); "
                            + KerberosErrors.describe(code) + "; JDK said: " + jdk);
            default -> failure instanceof GSSException gss && gss.getMajor() == GSSException.DEFECTIVE_TOKEN
                    ? new Refused(Reason.BAD_TOKEN, "defective token: " + jdk)
                    : new Refused(Reason.UNKNOWN, ticket + " refused" + KerberosErrors.codeSuffix(code)
                            + "; JDK said: " + jdk);
        };
    }

    private Refused replay(ApReqView view, byte[] key) {
        return new Refused(Reason.REPLAY, "authenticator for [" + view.serverPrincipal() + "] already accepted "
                + "(KRB_AP_ERR_REPEAT (34)); authenticator sha256 "
                + HexFormat.of().formatHex(key, 0, 8) + "…");
    }

    /** The keytab snapshot, reloaded first when the file's identity, mtime or size changed. */
    private AcceptorKeytab currentKeytab() throws KerberosException {
        AcceptorKeytab current = keytab;
        KeytabStamp stamp = KeytabStamp.of(settings.keytab());
        if (stamp.equals(current.stamp())) {
            return current;
        }
        synchronized (reloadLock) {
            current = keytab;
            if (!stamp.equals(current.stamp())) {
                LOG.info("Keytab [{}] of [{}] changed, reloading it", settings.keytab(), settings.principal());
                current = AcceptorKeytab.load(settings, stamp);
                keytab = current;
                LOG.info("Keytab [{}] of [{}] reloaded, now holding [{}]", settings.keytab(),
                        settings.principal(), current.describeKeys());
            }
            return current;
        }
    }

    /** Used by {@link AcceptorKeytab} to build the acceptor credential inside the login subject. */
    static GSSCredential acceptorCredential(Subject subject, String principal) throws KerberosException {
        GSSManager manager = GSSManager.getInstance();
        try {
            return Subject.doAs(subject, (PrivilegedExceptionAction<GSSCredential>) () -> manager.createCredential(
                    manager.createName(principal, KerberosInitiator.KRB5_PRINCIPAL_NAME),
                    GSSCredential.INDEFINITE_LIFETIME, KerberosInitiator.KRB5_MECH, GSSCredential.ACCEPT_ONLY));
        } catch (PrivilegedActionException e) {
            throw new KerberosException("Cannot create acceptor credential for [" + principal + "]: "
                    + KerberosErrors.jdkMessage(e.getCause()), KerberosErrors.codeOf(e.getCause()), e.getCause());
        }
    }
}
