package io.citadel.security.kerberos;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Test fixture: one embedded KDC on a free port in a {@code @TempDir}, plus helpers that create a
 * principal and return settings pointing at its fresh keytab. Owned by one test class; close it in
 * {@code @AfterAll}.
 */
final class TestKdc implements AutoCloseable {

    static final String REALM = "EXAMPLE.TEST";

    final EmbeddedKdc kdc;
    final Path dir;

    private TestKdc(EmbeddedKdc kdc, Path dir) {
        this.kdc = kdc;
        this.dir = dir;
    }

    static TestKdc start(Path dir) throws KerberosException {
        return new TestKdc(EmbeddedKdc.start(dir, REALM, "localhost", 0), dir);
    }

    static TestKdc start(Path dir, Duration maxClockSkew) throws KerberosException {
        return new TestKdc(EmbeddedKdc.start(dir, REALM, "localhost", 0, maxClockSkew), dir);
    }

    /** Creates {@code principal} in the KDC and returns settings with its own keytab. */
    KerberosSettings createIdentity(String principal) throws KerberosException {
        String full = kdc.qualify(principal);
        kdc.createPrincipal(full);
        return exportIdentity(full);
    }

    /** Exports {@code principal}'s current keys to its keytab path and returns settings for it. */
    KerberosSettings exportIdentity(String principal) throws KerberosException {
        String full = kdc.qualify(principal);
        Path keytab = KdcSetup.keytabPath(dir, full);
        kdc.exportKeytab(full, keytab);
        return KerberosSettings.of(kdc.krb5Conf(), full, keytab)
                .withMaxClockSkew(EmbeddedKdc.DEFAULT_MAX_CLOCK_SKEW);
    }

    @Override
    public void close() {
        kdc.close();
    }
}
