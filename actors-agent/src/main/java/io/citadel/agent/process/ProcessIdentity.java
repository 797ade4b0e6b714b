package io.citadel.agent.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A process named by pid <em>and</em> start time (clock ticks after boot, field 22 of
 * {@code /proc/<pid>/stat}) and boot id, so a pid that the kernel has since given to another process,
 * or a pid from before a reboot, is never mistaken for the task: an agent that signals by pid alone
 * after a restart could kill an unrelated process.
 *
 * <p>Immutable. Linux only.
 */
record ProcessIdentity(long pid, long startTicks, String bootId) {

    /** What {@code /proc} says about a recorded identity now. */
    enum Liveness {
        /** Same pid, same start time, same boot, not a zombie. */
        RUNNING,
        /** No such process, or a zombie waiting to be reaped. */
        GONE,
        /** The pid now belongs to another process. */
        PID_REUSED,
        /** The host rebooted since the identity was recorded. */
        REBOOTED
    }

    private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");

    /** Parses the "{@code pid start-ticks boot-id}" line the supervisor writes. */
    static ProcessIdentity parse(Path file, String line) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length != 3) {
            throw new IllegalArgumentException("pid file " + file + " must hold 'pid start-ticks boot-id', was '"
                    + line.trim() + "'");
        }
        try {
            return new ProcessIdentity(Long.parseLong(parts[0]), Long.parseLong(parts[1]), parts[2]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("pid file " + file + " has a non-numeric pid or start time", e);
        }
    }

    /** Reads a pid file written by the supervisor, or empty if it was never written. */
    static Optional<ProcessIdentity> read(Path file) throws IOException {
        return SandboxFiles.readIfExists(file).map(content -> parse(file, content));
    }

    Liveness liveness() {
        if (!bootId.equals(currentBootId())) {
            return Liveness.REBOOTED;
        }
        Optional<Stat> stat = Stat.of(pid);
        if (stat.isEmpty() || stat.get().isDead()) {
            return Liveness.GONE;
        }
        return stat.get().startTicks() == startTicks ? Liveness.RUNNING : Liveness.PID_REUSED;
    }

    boolean isRunning() {
        return liveness() == Liveness.RUNNING;
    }

    static String currentBootId() {
        try {
            return Files.readString(BOOT_ID).trim();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + BOOT_ID + " (Linux /proc required)", e);
        }
    }

    /** The fields of {@code /proc/<pid>/stat} Citadel needs. */
    record Stat(char state, long processGroup, long startTicks) {

        boolean isDead() {
            return state == 'Z' || state == 'X';
        }

        static Optional<Stat> of(long pid) {
            String line;
            try {
                line = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            } catch (NoSuchFileException e) {
                return Optional.empty();
            } catch (IOException e) {
                // ESRCH while reading means the process went away between open and read.
                return Optional.empty();
            }
            return Optional.of(parse(line));
        }

        /** The command name (field 2) may contain spaces and parentheses, so split after the last ')'. */
        static Stat parse(String line) {
            int close = line.lastIndexOf(')');
            String[] f = line.substring(close + 2).trim().split(" ");
            // f[0] is field 3 (state), so field n is f[n - 3].
            return new Stat(f[0].charAt(0), Long.parseLong(f[5 - 3]), Long.parseLong(f[22 - 3]));
        }
    }
}
