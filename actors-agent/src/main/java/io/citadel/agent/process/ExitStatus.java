package io.citadel.agent.process;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * How a task process ended, as recorded by its supervisor (or, for {@link Lost}, as concluded by the
 * agent when no record exists).
 *
 * <p>The supervisor is a POSIX shell, which reports a child killed by signal N as status 128+N; so a
 * program that itself exits with 129..192 is reported as {@link Signaled}. Mesos' shell-based command
 * executor has the same ambiguity.
 *
 * <p>Immutable values.
 */
public sealed interface ExitStatus permits ExitStatus.Exited, ExitStatus.Signaled, ExitStatus.Lost {

    /** Whether the kernel OOM killer killed a process of the task in its cgroup (memory limit). */
    boolean oomKilled();

    /** A one-line human description, suitable for a task status message. */
    String describe();

    /** The task exited by itself with {@code code}. */
    record Exited(int code, boolean oomKilled) implements ExitStatus {
        @Override
        public String describe() {
            return "exited with code " + code + (oomKilled ? " after the memory limit was exceeded" : "");
        }
    }

    /** The task was terminated by {@code signal}. */
    record Signaled(int signal, boolean oomKilled) implements ExitStatus {
        @Override
        public String describe() {
            return oomKilled
                    ? "killed by signal " + signal + ": memory limit exceeded (OOM killer)"
                    : "killed by signal " + signal;
        }
    }

    /** No exit status can be known: e.g. the supervisor died without recording one. */
    record Lost(String reason) implements ExitStatus {
        @Override
        public boolean oomKilled() {
            return false;
        }

        @Override
        public String describe() {
            return "lost: " + reason;
        }
    }

    /** The supervisor's file format: {@code kind=exited|signaled}, {@code value=N}, {@code oom_killed=0|1}. */
    static ExitStatus parse(Path file, String content) {
        Map<String, String> fields = new HashMap<>();
        for (String line : content.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                fields.put(line.substring(0, eq), line.substring(eq + 1).trim());
            }
        }
        String kind = fields.get("kind");
        String value = fields.get("value");
        String oom = fields.get("oom_killed");
        if (kind == null || value == null || oom == null) {
            return new Lost("exit status file " + file + " is incomplete (needs kind, value, oom_killed)");
        }
        int number;
        try {
            number = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return new Lost("exit status file " + file + " has a non-numeric value '" + value + "'");
        }
        boolean oomKilled = oom.equals("1");
        return switch (kind) {
            case "exited" -> new Exited(number, oomKilled);
            case "signaled" -> new Signaled(number, oomKilled);
            default -> new Lost("exit status file " + file + " has unknown kind '" + kind + "'");
        };
    }
}
