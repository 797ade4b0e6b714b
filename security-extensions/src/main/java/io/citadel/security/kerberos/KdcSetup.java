package io.citadel.security.kerberos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code citadel kdc --dir D --realm R --principals ...} does: start an embedded KDC in {@code D},
 * create each principal with a random key, and write one keytab per principal to
 * {@code D/keytabs/<sanitised principal>.keytab} (mode 0600). It returns at once with the running KDC;
 * the caller decides how long it lives and must {@link EmbeddedKdc#close()} it.
 *
 * <p>Stateless; thread-safe.
 */
public final class KdcSetup {

    private static final Logger LOG = LoggerFactory.getLogger(KdcSetup.class);

    private KdcSetup() {
    }

    /** As {@link #run(Path, String, List, String, int)} on {@code localhost}, a free port. */
    public static EmbeddedKdc run(Path dir, String realm, List<String> principals) throws KerberosException {
        return run(dir, realm, principals, "localhost", 0);
    }

    /** Starts the KDC on {@code host:port} (0 = free port) and writes a keytab per principal. */
    public static EmbeddedKdc run(Path dir, String realm, List<String> principals, String host, int port)
            throws KerberosException {
        if (principals.isEmpty()) {
            throw new KerberosException("No principals given for the KDC in [" + dir + "]");
        }
        EmbeddedKdc kdc = EmbeddedKdc.start(dir, realm, host, port);
        try {
            Files.createDirectories(dir.resolve("keytabs"));
            for (String principal : principals) {
                String full = kdc.qualify(principal);
                kdc.createPrincipal(full);
                Path keytab = keytabPath(dir, full);
                kdc.exportKeytab(full, keytab);
                LOG.info("Created principal [{}] with keytab [{}]", full, keytab);
            }
            return kdc;
        } catch (KerberosException | IOException | RuntimeException e) {
            kdc.close();
            if (e instanceof KerberosException ke) {
                throw ke;
            }
            throw new KerberosException("Cannot set up KDC in [" + dir + "]: " + e.getMessage(), e);
        }
    }

    /** {@code dir/keytabs/<principal with every character outside [A-Za-z0-9._-] as '_'>.keytab}. */
    public static Path keytabPath(Path dir, String fullPrincipal) {
        return dir.resolve("keytabs").resolve(fullPrincipal.replaceAll("[^A-Za-z0-9._-]", "_") + ".keytab");
    }
}
