package io.citadel.agent.process;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What to launch for one task: the command, its extra environment, limits and the grace period
 * between SIGTERM and SIGKILL.
 *
 * <p>The environment given here is added to a clean base (see {@link TaskProcessLauncher}); the agent's
 * own environment is never inherited. Environment values may hold secrets, so they are never logged
 * and never written to the sandbox.
 *
 * <p>Immutable; the collections are copied.
 */
public record LaunchSpec(
        Sandbox sandbox,
        Command command,
        Map<String, String> env,
        Limits limits,
        Duration killGracePeriod) {

    /** Set by the launcher; a spec may not override it. */
    public static final String SANDBOX_ENV = "CITADEL_SANDBOX";
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public LaunchSpec {
        Objects.requireNonNull(sandbox, "sandbox");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(killGracePeriod, "killGracePeriod");
        if (killGracePeriod.isNegative()) {
            throw new IllegalArgumentException("killGracePeriod must be >= 0, was " + killGracePeriod);
        }
        env = Map.copyOf(Objects.requireNonNull(env, "env"));
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (!ENV_NAME.matcher(e.getKey()).matches()) {
                throw new IllegalArgumentException("env name '" + e.getKey() + "' is not a valid variable name");
            }
            if (e.getKey().equals(SANDBOX_ENV)) {
                throw new IllegalArgumentException("env name " + SANDBOX_ENV + " is reserved");
            }
            // Value deliberately not in the message: it may be a secret.
            if (e.getValue().indexOf('\0') >= 0) {
                throw new IllegalArgumentException("env value of " + e.getKey() + " contains NUL");
            }
        }
    }

    /** The command a task runs. */
    public sealed interface Command permits Argv, Shell {
    }

    /** Executes {@code argv.get(0)} (looked up on PATH) with the rest as arguments; no shell parsing. */
    public record Argv(List<String> argv) implements Command {
        public Argv {
            argv = List.copyOf(argv);
            if (argv.isEmpty()) {
                throw new IllegalArgumentException("command argv must not be empty");
            }
            for (int i = 0; i < argv.size(); i++) {
                if (argv.get(i).indexOf('\0') >= 0) {
                    throw new IllegalArgumentException("command argv[" + i + "] contains NUL");
                }
            }
            if (argv.get(0).isEmpty()) {
                throw new IllegalArgumentException("command argv[0] must not be empty");
            }
        }

        public static Argv of(String... argv) {
            return new Argv(List.of(argv));
        }
    }

    /** Runs {@code /bin/sh -c command}, as Mesos does for shell commands. */
    public record Shell(String command) implements Command {
        public Shell {
            Objects.requireNonNull(command, "command");
            if (command.isBlank()) {
                throw new IllegalArgumentException("shell command must not be blank");
            }
            if (command.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("shell command contains NUL");
            }
        }
    }
}
