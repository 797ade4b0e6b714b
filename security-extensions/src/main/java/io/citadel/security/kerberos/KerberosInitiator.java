package io.citadel.security.kerberos;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.time.Instant;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.KerberosTicket;
import javax.security.auth.login.LoginException;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.Oid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client side of Citadel's Kerberos handshake: holds a TGT obtained from a keytab and produces GSS-API
 * Kerberos V5 initial context tokens (AP-REQ) for a service — one message, no mutual-auth reply.
 *
 * <p>Service names are used exactly as given, in Kerberos principal form
 * ({@code master/m1.example.test@REALM}), never as a host-based service name: the JDK canonicalises those
 * through DNS, and a missing PTR record then asks the KDC for {@code master/10.0.0.11} (field case B24).
 *
 * <p>Thread-safe: each {@link #initiate} runs its GSS calls inside {@code Subject.doAs} on the calling
 * thread with a context of its own; the TGT is renewed from the keytab under a lock when it nears expiry.
 */
public final class KerberosInitiator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KerberosInitiator.class);
    static final Oid KRB5_MECH = oid("1.2.840.113554.1.2.2");
    static final Oid KRB5_PRINCIPAL_NAME = oid("1.2.840.113554.1.2.2.1");
    /** Log in again when the TGT has less than this left, so no handshake starts on a dying ticket. */
    private static final Duration RENEW_BEFORE_EXPIRY = Duration.ofMinutes(5);

    private final KerberosSettings settings;
    private final GSSManager manager = GSSManager.getInstance();
    private volatile Krb5Login.Login login;
    private volatile boolean closed;

    private KerberosInitiator(KerberosSettings settings, Krb5Login.Login login) {
        this.settings = settings;
        this.login = login;
    }

    /** Logs {@code settings.principal()} in from its keytab (an AS exchange with the KDC). */
    public static KerberosInitiator login(KerberosSettings settings) throws KerberosException {
        return new KerberosInitiator(settings, Krb5Login.login(settings, true));
    }

    /** The client principal this initiator authenticates as. */
    public String principal() {
        return settings.principal();
    }

    /** The service principal for {@code host} from the configured pattern (see {@link #initiateToHost}). */
    public String servicePrincipalFor(String host) throws KerberosException {
        if (!settings.canonicalizeHostnames()) {
            return settings.servicePrincipalFor(host);
        }
        try {
            // Explicitly enabled: resolve here, visibly, rather than let the JDK do it silently.
            String canonical = InetAddress.getByName(host).getCanonicalHostName();
            LOG.info("Canonicalised host [{}] to [{}] for its service principal", host, canonical);
            return settings.servicePrincipalFor(canonical);
        } catch (UnknownHostException e) {
            throw new KerberosException("Cannot canonicalise host [" + host + "] (canonicalize-hostnames = true): "
                    + e.getMessage(), e);
        }
    }

    /** An initial context token for the service principal that the pattern gives for {@code host}. */
    public byte[] initiateToHost(String host) throws KerberosException {
        return initiate(servicePrincipalFor(host));
    }

    /**
     * Returns a GSS-API Kerberos V5 initial context token for {@code servicePrincipal} (full name with
     * realm), with replay and sequence detection requested and no credential delegation.
     */
    public byte[] initiate(String servicePrincipal) throws KerberosException {
        if (servicePrincipal == null || !servicePrincipal.contains("@")) {
            throw new KerberosException("Service principal must be a full name with realm, got ["
                    + servicePrincipal + "]");
        }
        Subject subject = currentSubject();
        try {
            return Subject.doAs(subject, (PrivilegedExceptionAction<byte[]>) () -> createToken(servicePrincipal));
        } catch (PrivilegedActionException e) {
            throw initiateFailure(servicePrincipal, e.getCause());
        }
    }

    private byte[] createToken(String servicePrincipal) throws GSSException {
        GSSName service = manager.createName(servicePrincipal, KRB5_PRINCIPAL_NAME);
        GSSContext context = manager.createContext(service, KRB5_MECH, null, GSSContext.DEFAULT_LIFETIME);
        try {
            context.requestMutualAuth(false);
            context.requestReplayDet(true);
            context.requestSequenceDet(true);
            context.requestCredDeleg(false);
            return context.initSecContext(new byte[0], 0, 0);
        } finally {
            context.dispose();
        }
    }

    private KerberosException initiateFailure(String servicePrincipal, Throwable cause) {
        int code = KerberosErrors.codeOf(cause);
        String why;
        if (code == KerberosErrors.KDC_ERR_S_PRINCIPAL_UNKNOWN) {
            why = "Server not found in Kerberos database";
        } else if (code == KerberosErrors.KRB_AP_ERR_SKEW) {
            why = "clock skew too great between this host and the KDC ("
                    + KdcClockProbe.diagnose(settings.krb5Conf(), settings.principal(), settings.maxClockSkew()).text()
                    + "): check NTP";
        } else {
            why = "cannot get a service ticket";
        }
        return new KerberosException("Kerberos initiation from [" + settings.principal() + "] to service ["
                + servicePrincipal + "] failed: " + why + KerberosErrors.codeSuffix(code)
                + "; JDK said: " + KerberosErrors.jdkMessage(cause), code, cause);
    }

    /** The logged-in subject, renewing the TGT from the keytab first if it is (nearly) expired. */
    private Subject currentSubject() throws KerberosException {
        if (closed) {
            throw new KerberosException("Kerberos initiator of [" + settings.principal()
                    + "] is closed: no ticket-granting ticket; log in again");
        }
        Krb5Login.Login current = login;
        if (!tgtUsable(current.subject())) {
            synchronized (this) {
                current = login;
                if (!tgtUsable(current.subject())) {
                    LOG.info("TGT of [{}] missing or near expiry, logging in again from keytab [{}]",
                            settings.principal(), settings.keytab());
                    current = Krb5Login.login(settings, true);
                    login = current;
                }
            }
        }
        return current.subject();
    }

    private static boolean tgtUsable(Subject subject) {
        Instant renewBy = Instant.now().plus(RENEW_BEFORE_EXPIRY);
        for (KerberosTicket ticket : subject.getPrivateCredentials(KerberosTicket.class)) {
            if (ticket.getServer().getName().startsWith("krbtgt/") && !ticket.isDestroyed()
                    && ticket.getEndTime() != null && ticket.getEndTime().toInstant().isAfter(renewBy)) {
                return true;
            }
        }
        return false;
    }

    /** Logs out, destroying the TGT and service tickets held in memory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            login.context().logout();
        } catch (LoginException e) {
            LOG.warn("Logout of [{}] failed: [{}]", settings.principal(), e.getMessage());
        }
    }

    private static Oid oid(String dotted) {
        try {
            return new Oid(dotted);
        } catch (GSSException e) {
            throw new IllegalStateException("Bad built-in OID " + dotted, e);
        }
    }
}
