package io.citadel.security.kerberos;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.security.auth.Subject;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a principal in from its keytab with the JDK's {@code Krb5LoginModule}, through a programmatic JAAS
 * {@link Configuration} (no {@code jaas.conf} file to ship or get wrong).
 *
 * <p>Why the lock and the refresh: the JDK reads {@code java.security.krb5.conf} once per JVM and caches
 * it. Citadel sets the property to the configured file and asks the login module to
 * {@code refreshKrb5Config}, so a second KDC or a changed file in one JVM (tests, the demo) is seen.
 * Both are JVM-wide, so logins are serialised; if two settings in one JVM name different files, the
 * last login wins and a WARN says so.
 *
 * <p>Stateless apart from that JVM-wide property; thread-safe.
 */
final class Krb5Login {

    private static final Logger LOG = LoggerFactory.getLogger(Krb5Login.class);
    private static final String KRB5_CONF_PROPERTY = "java.security.krb5.conf";
    private static final String LOGIN_MODULE = "com.sun.security.auth.module.Krb5LoginModule";
    private static final Object JVM_WIDE_KRB5 = new Object();
    private static final Pattern CLOCKSKEW = Pattern.compile("^\\s*clockskew\\s*=\\s*(\\d+)\\s*$");
    /** What the JDK uses when krb5.conf has no clockskew (seconds). */
    private static final int JDK_DEFAULT_CLOCKSKEW = 300;

    /** A logged-in subject and the context that can log it out. */
    record Login(Subject subject, LoginContext context) {
    }

    private Krb5Login() {
    }

    /** Logs in {@code settings.principal()} from {@code settings.keytab()}, as initiator or acceptor. */
    static Login login(KerberosSettings settings, boolean initiator) throws KerberosException {
        requireReadable(settings.keytab(), "keytab", settings.principal());
        requireReadable(settings.krb5Conf(), "krb5.conf", settings.principal());
        checkClockSkewAgrees(settings.krb5Conf(), settings.maxClockSkew(), "max-clock-skew");
        Map<String, String> options = Map.of(
                "useKeyTab", "true",
                "keyTab", settings.keytab().toString(),
                "principal", settings.principal(),
                "storeKey", String.valueOf(!initiator),
                "isInitiator", String.valueOf(initiator),
                "doNotPrompt", "true",
                "useTicketCache", "false",
                "refreshKrb5Config", "true");
        Configuration jaas = new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return new AppConfigurationEntry[] {new AppConfigurationEntry(LOGIN_MODULE,
                        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options)};
            }
        };
        Subject subject = new Subject();
        synchronized (JVM_WIDE_KRB5) {
            String conf = settings.krb5Conf().toString();
            String previous = System.getProperty(KRB5_CONF_PROPERTY);
            if (previous != null && !previous.equals(conf)) {
                LOG.warn("Switching JVM-wide [{}] from [{}] to [{}] for the login of [{}]",
                        KRB5_CONF_PROPERTY, previous, conf, settings.principal());
            }
            System.setProperty(KRB5_CONF_PROPERTY, conf);
            try {
                LoginContext context = new LoginContext("citadel-kerberos", subject, callbacks -> {
                    throw new UnsupportedCallbackException(callbacks[0], "Citadel never prompts");
                }, jaas);
                context.login();
                LOG.info("Kerberos login of [{}] from keytab [{}] as [{}] succeeded",
                        settings.principal(), settings.keytab(), initiator ? "initiator" : "acceptor");
                return new Login(subject, context);
            } catch (LoginException e) {
                throw loginFailure(settings, e);
            }
        }
    }

    private static void requireReadable(Path file, String what, String principal) throws KerberosException {
        if (!Files.isRegularFile(file)) {
            throw new KerberosException("Kerberos login of [" + principal + "]: " + what + " [" + file
                    + "] does not exist");
        }
        if (!Files.isReadable(file)) {
            throw new KerberosException("Kerberos login of [" + principal + "]: " + what + " [" + file
                    + "] is not readable by this process");
        }
    }

    private static KerberosException loginFailure(KerberosSettings s, LoginException e) {
        int code = KerberosErrors.codeOf(e);
        int reported = code;
        String root = KerberosErrors.jdkMessage(e);
        String why;
        if (code == KerberosErrors.KRB_AP_ERR_SKEW || code == KerberosErrors.KDC_ERR_PREAUTH_FAILED) {
            // Kerby answers a skewed pre-auth timestamp with PREAUTH_FAILED, like a wrong key (B21): measure.
            KdcClockProbe.Diagnosis clock = KdcClockProbe.diagnose(s.krb5Conf(), s.principal(), s.maxClockSkew());
            if (code == KerberosErrors.KRB_AP_ERR_SKEW || clock.skewed()) {
                reported = KerberosErrors.KRB_AP_ERR_SKEW;
                why = "clock skew too great between this host and the KDC (" + clock.text() + "): check NTP"
                        + (code == KerberosErrors.KRB_AP_ERR_SKEW ? "" : " (the KDC itself answered "
                        + KerberosErrors.describe(code) + ", as Kerby does for a skewed timestamp)");
            } else {
                why = "the keytab's key does not match the KDC's (stale keytab after a rekey?); " + clock.text();
            }
        } else if (code == KerberosErrors.KDC_ERR_C_PRINCIPAL_UNKNOWN) {
            why = "client principal not found in Kerberos database";
        } else if (causedBy(e, ConnectException.class) || causedBy(e, SocketTimeoutException.class)
                || causedBy(e, UnknownHostException.class)) {
            why = "KDC unreachable (kdc of realm " + s.realm() + " in " + s.krb5Conf() + ")";
        } else if (root.contains("Unable to obtain password")) {
            why = "keytab holds no usable key for this principal (wrong principal, wrong realm or bad keytab)";
        } else {
            why = "login failed";
        }
        String message = "Kerberos login of [" + s.principal() + "] from keytab [" + s.keytab() + "] failed: "
                + why + KerberosErrors.codeSuffix(reported) + "; JDK said: " + root;
        LOG.warn("{}", message);
        return new KerberosException(message, reported, e);
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Fails unless {@code krb5Conf}'s {@code [libdefaults] clockskew} (the value the JDK enforces when it
     * accepts a token) equals the configured skew.
     */
    static void checkClockSkewAgrees(Path krb5Conf, Duration configured, String keyPath) throws KerberosException {
        int inFile = clockSkewSeconds(krb5Conf);
        if (inFile != configured.toSeconds()) {
            throw new KerberosException(keyPath + " = [" + configured.toSeconds() + "s] but [" + krb5Conf
                    + "] has clockskew = " + inFile + " (the JDK enforces the krb5.conf value): make them equal");
        }
    }

    /** The {@code [libdefaults] clockskew} of {@code krb5Conf} in seconds, or the JDK's default 300. */
    static int clockSkewSeconds(Path krb5Conf) throws KerberosException {
        List<String> lines;
        try {
            lines = Files.readAllLines(krb5Conf, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new KerberosException("Cannot read krb5.conf [" + krb5Conf + "]: " + e.getMessage(), e);
        }
        boolean inLibdefaults = false;
        for (String line : lines) {
            String trimmed = line.trim();
            if (trimmed.startsWith("[")) {
                inLibdefaults = trimmed.equals("[libdefaults]");
            } else if (inLibdefaults) {
                Matcher m = CLOCKSKEW.matcher(line);
                if (m.matches()) {
                    return Integer.parseInt(m.group(1));
                }
            }
        }
        return JDK_DEFAULT_CLOCKSKEW;
    }
}
