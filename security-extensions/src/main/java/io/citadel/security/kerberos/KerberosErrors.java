package io.citadel.security.kerberos;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the RFC 4120 error code out of the exceptions the JDK's Kerberos provider throws.
 *
 * <p>Why by text: the JDK's {@code sun.security.krb5.KrbException} carries the code, but its package is
 * not exported on Java 17, so reflection on it fails without {@code --add-exports}. Its message is stable
 * ({@code "<text> (<code>)"}, e.g. {@code "Clock skew too great (37)"}), and {@link javax.security.auth.login.LoginException}
 * and {@link org.ietf.jgss.GSSException} both keep it as the cause or in their own message.
 *
 * <p>Stateless; thread-safe.
 */
final class KerberosErrors {

    static final int KDC_ERR_C_PRINCIPAL_UNKNOWN = 6;
    static final int KDC_ERR_S_PRINCIPAL_UNKNOWN = 7;
    static final int KDC_ERR_PREAUTH_FAILED = 24;
    static final int KRB_AP_ERR_BAD_INTEGRITY = 31;
    static final int KRB_AP_ERR_TKT_EXPIRED = 32;
    static final int KRB_AP_ERR_REPEAT = 34;
    static final int KRB_AP_ERR_SKEW = 37;
    static final int KRB_AP_ERR_BADKEYVER = 44;
    static final int KRB_AP_ERR_NOKEY = 45;
    static final int KRB_AP_ERR_MODIFIED = 41;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(KDC_ERR_C_PRINCIPAL_UNKNOWN, "KDC_ERR_C_PRINCIPAL_UNKNOWN"),
            Map.entry(KDC_ERR_S_PRINCIPAL_UNKNOWN, "KDC_ERR_S_PRINCIPAL_UNKNOWN"),
            Map.entry(KDC_ERR_PREAUTH_FAILED, "KDC_ERR_PREAUTH_FAILED"),
            Map.entry(KRB_AP_ERR_BAD_INTEGRITY, "KRB_AP_ERR_BAD_INTEGRITY"),
            Map.entry(KRB_AP_ERR_TKT_EXPIRED, "KRB_AP_ERR_TKT_EXPIRED"),
            Map.entry(KRB_AP_ERR_REPEAT, "KRB_AP_ERR_REPEAT"),
            Map.entry(KRB_AP_ERR_SKEW, "KRB_AP_ERR_SKEW"),
            Map.entry(KRB_AP_ERR_MODIFIED, "KRB_AP_ERR_MODIFIED"),
            Map.entry(KRB_AP_ERR_BADKEYVER, "KRB_AP_ERR_BADKEYVER"),
            Map.entry(KRB_AP_ERR_NOKEY, "KRB_AP_ERR_NOKEY"));

    /** "Clock skew too great (37)" — a one- or two-digit code in parentheses. */
    private static final Pattern CODE = Pattern.compile("\\((\\d{1,2})\\)");

    private KerberosErrors() {
    }

    /** The first Kerberos error code found in the cause chain's messages, or -1. */
    static int codeOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null) {
                Matcher m = CODE.matcher(message);
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return -1;
    }

    /**
     * The JDK's own words: the message that carries the Kerberos code (e.g. "Server not found in Kerberos
     * database (7) - LOOKING_UP_SERVER"), else the outermost non-empty message. Deeper causes are often
     * unrelated parse noise ("Identifier doesn't match expected value (906)").
     */
    static String jdkMessage(Throwable failure) {
        String outermost = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && !message.isBlank()) {
                if (CODE.matcher(message).find()) {
                    return message;
                }
                if (outermost == null) {
                    outermost = message;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return outermost == null ? String.valueOf(failure) : outermost;
    }

    /** "; Kerberos error KRB_AP_ERR_SKEW (37)" or "" when no code was reported. */
    static String codeSuffix(int code) {
        return code < 0 ? "" : "; Kerberos error " + describe(code);
    }

    /** "KRB_AP_ERR_SKEW (37)", or "code 99" for codes without a name here, or "no KDC error code". */
    static String describe(int code) {
        if (code < 0) {
            return "no KDC error code";
        }
        String name = NAMES.get(code);
        return name == null ? "code " + code : name + " (" + code + ")";
    }
}
