package io.citadel.security.kerberos;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kerby.kerberos.kerb.type.KerberosTime;
import org.apache.kerby.kerberos.kerb.type.base.KrbError;
import org.apache.kerby.kerberos.kerb.type.base.NameType;
import org.apache.kerby.kerberos.kerb.type.base.PrincipalName;
import org.apache.kerby.kerberos.kerb.type.kdc.AsReq;
import org.apache.kerby.kerberos.kerb.type.kdc.KdcOptions;
import org.apache.kerby.kerberos.kerb.type.kdc.KdcReqBody;

/**
 * Measures this host's clock offset from the KDC, to tell a clock-skew failure from a bad key.
 *
 * <p>Why: some KDCs (Kerby, ApacheDS) answer a pre-authentication timestamp outside the skew with
 * {@code KDC_ERR_PREAUTH_FAILED (24)} — the same answer as for a wrong key — where MIT answers
 * {@code KRB_AP_ERR_SKEW (37)} (field case B21). Every KRB-ERROR carries the KDC's time in the clear,
 * so an AS-REQ without pre-authentication (answered with {@code PREAUTH_REQUIRED} or another error,
 * never with a ticket for a pre-auth principal) reveals the offset. Nothing secret is sent or read.
 *
 * <p>Algorithm: send one AS-REQ over TCP to the first {@code kdc} of the realm in krb5.conf, note the
 * local time before and after, and return {@code stime - midpoint}. Example: sent at 10:00:00.000,
 * answered at 10:00:00.020 with stime 10:06:00.010 → offset +360 s (the KDC is ahead).
 *
 * <p>Stateless; thread-safe.
 */
final class KdcClockProbe {

    private static final int TIMEOUT_MILLIS = 3000;
    private static final int MAX_REPLY_BYTES = 64 * 1024;

    private KdcClockProbe() {
    }

    /** The KDC's clock minus ours, or empty (with the reason in {@code why[0]}) if it cannot be measured. */
    static Optional<Duration> offset(Path krb5Conf, String principal, String[] why) {
        try {
            String realm = principal.substring(principal.lastIndexOf('@') + 1);
            InetSocketAddress kdc = kdcOf(krb5Conf, realm);
            byte[] request = asReq(principal.substring(0, principal.lastIndexOf('@')), realm);
            try (Socket socket = new Socket()) {
                socket.connect(kdc, TIMEOUT_MILLIS);
                socket.setSoTimeout(TIMEOUT_MILLIS);
                long sent = System.currentTimeMillis();
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                out.writeInt(request.length); // RFC 4120 §7.2.2: 4-byte length prefix over TCP
                out.write(request);
                out.flush();
                DataInputStream in = new DataInputStream(socket.getInputStream());
                int length = in.readInt();
                if (length <= 0 || length > MAX_REPLY_BYTES) {
                    throw new IOException("KDC reply length " + length + " out of range");
                }
                byte[] reply = in.readNBytes(length);
                long received = System.currentTimeMillis();
                if (reply.length == 0 || (reply[0] & 0xff) != 0x7e) { // [APPLICATION 30] KRB-ERROR
                    throw new IOException("KDC answered without a KRB-ERROR (no server time in clear)");
                }
                KrbError error = new KrbError();
                error.decode(reply);
                long kdcMillis = error.getStime().getTime() + error.getSusec() / 1000;
                return Optional.of(Duration.ofMillis(kdcMillis - (sent + received) / 2));
            }
        } catch (IOException | RuntimeException e) {
            why[0] = e.toString();
            return Optional.empty();
        }
    }

    /** What the measured offset says about a failure; {@code skewed} if it exceeds the allowed skew. */
    record Diagnosis(boolean skewed, String text) {
    }

    /** Measures the offset and words it for an error message, e.g. "KDC clock is +360s from ours (allowed ±300s)". */
    static Diagnosis diagnose(Path krb5Conf, String principal, Duration allowed) {
        String[] why = {""};
        Optional<Duration> offset = offset(krb5Conf, principal, why);
        if (offset.isEmpty()) {
            return new Diagnosis(false, "clock offset from the KDC could not be measured: " + why[0]);
        }
        boolean skewed = offset.get().abs().compareTo(allowed) > 0;
        return new Diagnosis(skewed, "measured offset: KDC clock is " + format(offset.get())
                + " from this host's (allowed ±" + allowed.toSeconds() + "s)");
    }

    /** "+360s" / "-360s": whole seconds with a sign. */
    static String format(Duration offset) {
        long seconds = Math.round(offset.toMillis() / 1000.0);
        return (seconds >= 0 ? "+" : "") + seconds + "s";
    }

    private static byte[] asReq(String name, String realm) throws IOException {
        KdcReqBody body = new KdcReqBody();
        body.setKdcOptions(new KdcOptions());
        body.setCname(new PrincipalName(name, NameType.NT_PRINCIPAL));
        body.setRealm(realm);
        body.setSname(new PrincipalName(List.of("krbtgt", realm), NameType.NT_SRV_INST));
        body.setTill(new KerberosTime(System.currentTimeMillis() + Duration.ofHours(1).toMillis()));
        body.setNonce(new SecureRandom().nextInt() & Integer.MAX_VALUE);
        body.setEtypes(EmbeddedKdc.ENCTYPES);
        AsReq req = new AsReq();
        req.setReqBody(body);
        return req.encode();
    }

    /** The first {@code kdc = host[:port]} of {@code realm}'s block in krb5.conf. */
    static InetSocketAddress kdcOf(Path krb5Conf, String realm) throws IOException {
        boolean inRealm = false;
        for (String raw : Files.readAllLines(krb5Conf, StandardCharsets.UTF_8)) {
            String line = raw.trim();
            if (line.startsWith(realm) && line.replace(" ", "").startsWith(realm + "={")) {
                inRealm = true;
            } else if (inRealm && line.startsWith("}")) {
                inRealm = false;
            } else if (inRealm && line.replace(" ", "").startsWith("kdc=")) {
                String hostPort = line.substring(line.indexOf('=') + 1).trim();
                int colon = hostPort.lastIndexOf(':');
                return colon < 0 ? new InetSocketAddress(hostPort, 88)
                        : new InetSocketAddress(hostPort.substring(0, colon),
                                Integer.parseInt(hostPort.substring(colon + 1)));
            }
        }
        throw new IOException("no kdc for realm " + realm + " in " + krb5Conf);
    }
}
