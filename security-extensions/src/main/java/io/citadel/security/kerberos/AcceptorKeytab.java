package io.citadel.security.kerberos;

import io.citadel.security.kerberos.AcceptResult.Reason;
import io.citadel.security.kerberos.AcceptResult.Refused;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.security.auth.kerberos.KerberosKey;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.kerberos.KeyTab;
import org.ietf.jgss.GSSCredential;

/**
 * One loaded version of the acceptor's keytab: the JAAS login holding it, the GSS acceptor credential,
 * the file stamp it was loaded from, and which key versions it holds per enctype (for B22 refusals that
 * name principal, kvno and enctype instead of the JDK's bare "Checksum failed").
 *
 * <p>Immutable once built; owned by {@link KerberosAcceptor}, which swaps whole snapshots.
 */
record AcceptorKeytab(String principal, Path file, Krb5Login.Login login, GSSCredential credential,
        KeytabStamp stamp, Map<Integer, Set<Integer>> kvnosByEnctype) {

    AcceptorKeytab {
        kvnosByEnctype = Map.copyOf(kvnosByEnctype);
    }

    static AcceptorKeytab load(KerberosSettings settings, KeytabStamp stamp) throws KerberosException {
        Krb5Login.Login login = Krb5Login.login(settings, false);
        GSSCredential credential = KerberosAcceptor.acceptorCredential(login.subject(), settings.principal());
        KerberosPrincipal kp = new KerberosPrincipal(settings.principal());
        Map<Integer, Set<Integer>> kvnos = new TreeMap<>();
        for (KerberosKey key : KeyTab.getInstance(kp, settings.keytab().toFile()).getKeys(kp)) {
            kvnos.computeIfAbsent(key.getKeyType(), t -> new TreeSet<>()).add(key.getVersionNumber());
        }
        if (kvnos.isEmpty()) {
            throw new KerberosException("Keytab [" + settings.keytab() + "] holds no key for ["
                    + settings.principal() + "]");
        }
        return new AcceptorKeytab(settings.principal(), settings.keytab(), login, credential, stamp, kvnos);
    }

    /** A refusal if this keytab cannot decrypt {@code view}'s ticket, else null. */
    Refused checkHasKeyFor(ApReqView view) {
        String ticket = "ticket for [" + view.serverPrincipal() + "] kvno " + view.kvno() + " enctype "
                + view.enctype() + " (" + view.enctypeId() + ")";
        if (!view.serverPrincipal().equals(principal)) {
            return new Refused(Reason.KEY_NOT_IN_KEYTAB, ticket + " is not for this acceptor's principal ["
                    + principal + "]");
        }
        Set<Integer> kvnos = kvnosByEnctype.get(view.enctypeId());
        if (kvnos == null) {
            return new Refused(Reason.KEY_NOT_IN_KEYTAB, ticket + ": keytab [" + file
                    + "] holds no key of that enctype, only "
                    + describeKeys());
        }
        if (view.kvno() > 0 && !kvnos.contains(view.kvno())) {
            return new Refused(Reason.WRONG_KVNO, ticket + ": keytab [" + file + "] holds kvno " + kvnos + " for ["
                    + principal + "] and that enctype; the KDC was rekeyed — install the new keytab");
        }
        return null;
    }

    /** e.g. "enctype 17 kvno [1], enctype 18 kvno [1]". */
    String describeKeys() {
        return kvnosByEnctype.entrySet().stream()
                .map(e -> "enctype " + e.getKey() + " kvno " + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
