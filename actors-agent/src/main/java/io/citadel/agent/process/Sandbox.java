package io.citadel.agent.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;

/**
 * The directory one task run lives in:
 * {@code <work-dir>/frameworks/<fw>/executors/<ex>/runs/<run>/}, holding the task's {@code stdout} and
 * {@code stderr} and the supervisor's metadata files, which are the only record of the task that
 * survives an agent restart.
 *
 * <p>Ids come from remote frameworks, so each path component is validated and the resolved directory
 * is checked to lie inside the work dir: a hostile id such as {@code ..} can never place a sandbox (or
 * delete one) elsewhere.
 *
 * <p>Immutable value; the files it names are written by the supervisor and the launcher only.
 */
public record Sandbox(Path dir) {

    /** Directory mode: owner full, group read/enter, others nothing. */
    static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwxr-x---");
    private static final int MAX_COMPONENT_LENGTH = 200;

    public Sandbox {
        Objects.requireNonNull(dir, "dir");
        dir = dir.toAbsolutePath().normalize();
    }

    /**
     * Creates the run directory (and missing parents, each with mode 0750).
     *
     * @throws IllegalArgumentException when an id is not a safe path component
     * @throws IllegalStateException when the run directory already exists: a run id is never reused,
     *     because the old run's exit status would be mistaken for the new one's
     */
    public static Sandbox create(Path workDir, String frameworkId, String executorId, String runId)
            throws IOException {
        Path root = workDir.toAbsolutePath().normalize();
        Path dir = root.resolve("frameworks").resolve(component("frameworkId", frameworkId))
                .resolve("executors").resolve(component("executorId", executorId))
                .resolve("runs").resolve(component("runId", runId)).normalize();
        if (!dir.startsWith(root)) {
            // Unreachable after component validation; kept because the check is the actual guarantee.
            throw new IllegalArgumentException("sandbox " + dir + " escapes work dir " + root);
        }
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalStateException("sandbox " + dir + " already exists; run ids must not be reused");
        }
        createDirs(root, dir);
        return new Sandbox(dir);
    }

    /** Opens an existing sandbox, e.g. when an agent recovers after a restart. */
    public static Sandbox open(Path dir) {
        Sandbox sandbox = new Sandbox(dir);
        if (!Files.isDirectory(sandbox.dir(), LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("sandbox " + sandbox.dir() + " is not a directory");
        }
        return sandbox;
    }

    /**
     * Checks that {@code value} can be one path component: non-empty, at most 200 characters, not
     * {@code .} or {@code ..}, and without {@code /}, NUL or other control characters.
     *
     * @return {@code value}
     */
    static String component(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
        if (value.length() > MAX_COMPONENT_LENGTH) {
            throw new IllegalArgumentException(field + " is longer than " + MAX_COMPONENT_LENGTH + " characters");
        }
        if (value.equals(".") || value.equals("..")) {
            throw new IllegalArgumentException(field + " must not be '" + value + "'");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '/' || c == '\\' || Character.isISOControl(c)) {
                throw new IllegalArgumentException(field + " contains a forbidden character at index " + i);
            }
        }
        return value;
    }

    private static void createDirs(Path root, Path dir) throws IOException {
        Files.createDirectories(root);
        Path current = root;
        for (Path part : root.relativize(dir)) {
            current = current.resolve(part);
            if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(current);
                // createDirectory's attribute is filtered by the umask; set the mode explicitly.
                Files.setPosixFilePermissions(current, DIR_MODE);
            }
        }
    }

    /** The task's standard output. */
    public Path stdout() {
        return dir.resolve("stdout");
    }

    /** The task's standard error. */
    public Path stderr() {
        return dir.resolve("stderr");
    }

    /** Written atomically by the supervisor once the task and its process group are gone. */
    public Path exitStatusFile() {
        return dir.resolve("exit_status");
    }

    /** "{@code pid start-ticks boot-id}" of the supervisor, written by the supervisor itself. */
    public Path supervisorPidFile() {
        return dir.resolve("supervisor.pid");
    }

    /** "{@code pid start-ticks boot-id}" of the task (its process group leader). */
    public Path taskPidFile() {
        return dir.resolve("task.pid");
    }

    /** The generated supervisor script. */
    public Path supervisorScript() {
        return dir.resolve("supervisor.sh");
    }

    /** The supervisor's own output (errors of the supervisor, never of the task). */
    public Path supervisorLog() {
        return dir.resolve("supervisor.log");
    }

    /** Launch metadata written by the launcher: isolation, cgroup directories, kill grace period. */
    public Path launchInfoFile() {
        return dir.resolve("launch.properties");
    }
}
