package io.citadel.agent.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a signal to a whole process group. Java can signal single processes only
 * ({@link ProcessHandle#destroy()}), so this runs the system {@code kill} utility, which calls
 * {@code kill(-pgid, sig)}.
 *
 * <p>Stateless; thread-safe. Blocks for the few milliseconds {@code kill} takes.
 */
final class Signals {

    private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

    /** The external tools the supervisor and launcher rely on, by absolute path (a task's PATH is its own). */
    static final String KILL = findTool("kill");
    static final String SETSID = findTool("setsid");
    static final String MV = findTool("mv");
    static final String SLEEP = findTool("sleep");
    static final String RMDIR = findTool("rmdir");
    static final String SH = "/bin/sh";

    private Signals() {
    }

    /**
     * Sends {@code signal} (e.g. {@code TERM}, {@code KILL}) to process group {@code pgid}.
     *
     * @return whether at least one process received it
     */
    static boolean signalGroup(long pgid, String signal) {
        if (pgid <= 1) {
            throw new IllegalArgumentException("refusing to signal process group " + pgid);
        }
        try {
            Process kill = new ProcessBuilder(KILL, "-s", signal, "--", "-" + pgid)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!kill.waitFor(10, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                LOG.warn("kill -s [{}] of process group [{}] did not finish in 10 s", signal, pgid);
                return false;
            }
            boolean delivered = kill.exitValue() == 0;
            LOG.debug("Sent [{}] to process group [{}]: delivered=[{}]", signal, pgid, delivered);
            return delivered;
        } catch (IOException e) {
            LOG.warn("Cannot run [{}] to send [{}] to process group [{}]", KILL, signal, pgid, e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String findTool(String name) {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new IllegalStateException("required tool '" + name + "' not found in /usr/bin, /bin, /usr/sbin, /sbin");
    }
}
