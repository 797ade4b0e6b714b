package io.citadel.security.kerberos;

import java.nio.file.Path;
import java.util.Base64;

/**
 * Child-JVM entry point for {@link ClockSkewTest}: run under {@code faketime}, it logs a principal in
 * from its keytab and initiates to a service, printing {@code TOKEN <base64>} or
 * {@code ERROR <code> <message>} on stdout. Arguments: krb5.conf, principal, keytab, service, skew seconds.
 */
public final class SkewedClientMain {

    private SkewedClientMain() {
    }

    public static void main(String[] args) {
        KerberosSettings settings = KerberosSettings.of(Path.of(args[0]), args[1], Path.of(args[2]))
                .withMaxClockSkew(java.time.Duration.ofSeconds(Long.parseLong(args[4])));
        try (KerberosInitiator initiator = KerberosInitiator.login(settings)) {
            byte[] token = initiator.initiate(args[3]);
            System.out.println("TOKEN " + Base64.getEncoder().encodeToString(token));
        } catch (KerberosException e) {
            System.out.println("ERROR " + e.errorCode().orElse(-1) + " " + e.getMessage());
        }
        System.out.flush();
        // Nothing non-daemon should remain, but never let a child outlive its test.
        System.exit(0);
    }
}
