package io.citadel.agent.process;

import java.util.OptionalLong;

/**
 * Resource limits for one task. Every limit is optional.
 *
 * <ul>
 *   <li>{@code addressSpaceBytes}, {@code openFiles}, {@code processes}: posix rlimits, set with the
 *       shell's {@code ulimit} before the task starts (RLIMIT_AS, RLIMIT_NOFILE, RLIMIT_NPROC; note
 *       that root ignores RLIMIT_NPROC). Enforced on every host.</li>
 *   <li>{@code memoryBytes}, {@code cpuMillis}: cgroup limits ({@code memory.max} /
 *       {@code memory.limit_in_bytes}, {@code cpu.max} / CFS quota; 1000 millis = one cpu), enforced
 *       only when {@link Isolation} reports cgroups; otherwise they are not enforced (the launcher
 *       logs that once).</li>
 * </ul>
 *
 * <p>Immutable.
 */
public record Limits(
        OptionalLong addressSpaceBytes,
        OptionalLong openFiles,
        OptionalLong processes,
        OptionalLong memoryBytes,
        OptionalLong cpuMillis) {

    public Limits {
        positive("addressSpaceBytes", addressSpaceBytes);
        positive("openFiles", openFiles);
        positive("processes", processes);
        positive("memoryBytes", memoryBytes);
        positive("cpuMillis", cpuMillis);
    }

    /** No limits at all. */
    public static Limits none() {
        OptionalLong e = OptionalLong.empty();
        return new Limits(e, e, e, e, e);
    }

    public Limits withAddressSpaceBytes(long bytes) {
        return new Limits(OptionalLong.of(bytes), openFiles, processes, memoryBytes, cpuMillis);
    }

    public Limits withOpenFiles(long files) {
        return new Limits(addressSpaceBytes, OptionalLong.of(files), processes, memoryBytes, cpuMillis);
    }

    public Limits withProcesses(long count) {
        return new Limits(addressSpaceBytes, openFiles, OptionalLong.of(count), memoryBytes, cpuMillis);
    }

    public Limits withMemoryBytes(long bytes) {
        return new Limits(addressSpaceBytes, openFiles, processes, OptionalLong.of(bytes), cpuMillis);
    }

    public Limits withCpuMillis(long millis) {
        return new Limits(addressSpaceBytes, openFiles, processes, memoryBytes, OptionalLong.of(millis));
    }

    /** Whether any limit needs cgroups to be enforced. */
    public boolean needsCgroups() {
        return memoryBytes.isPresent() || cpuMillis.isPresent();
    }

    private static void positive(String field, OptionalLong value) {
        if (value == null) {
            throw new IllegalArgumentException("limits." + field + " must not be null (use OptionalLong.empty())");
        }
        if (value.isPresent() && value.getAsLong() <= 0) {
            throw new IllegalArgumentException("limits." + field + " must be > 0, was " + value.getAsLong());
        }
    }
}
