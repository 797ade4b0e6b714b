package io.citadel.agent.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The cgroup(s) of one task: one directory on cgroup v2, a memory and a cpu directory on v1.
 * The launcher creates them and writes the limits; the supervisor moves the task in, reads the OOM
 * counter when the task ends and removes them.
 *
 * <p>Immutable value; the directories it names change under it (the kernel owns them).
 */
record TaskCgroup(Isolation.Kind kind, List<Path> dirs) {

    /** CFS period; the quota is {@code cpuMillis * PERIOD / 1000}. */
    static final long CPU_PERIOD_MICROS = 100_000;

    TaskCgroup {
        dirs = List.copyOf(dirs);
    }

    /** Creates the task's cgroup(s) named {@code name} under the isolation's parents and sets the limits. */
    static TaskCgroup create(Isolation isolation, String name, Limits limits) throws IOException {
        List<Path> dirs = new ArrayList<>();
        for (Path parent : isolation.cgroupParents()) {
            Path dir = parent.resolve(name);
            Files.createDirectory(dir);
            dirs.add(dir);
        }
        TaskCgroup cgroup = new TaskCgroup(isolation.kind(), dirs);
        cgroup.writeLimits(limits);
        return cgroup;
    }

    private void writeLimits(Limits limits) throws IOException {
        Path memory = dirs.get(0);
        Path cpu = dirs.get(dirs.size() - 1);
        if (limits.memoryBytes().isPresent()) {
            String bytes = Long.toString(limits.memoryBytes().getAsLong());
            if (kind == Isolation.Kind.CGROUPS_V2) {
                write(memory.resolve("memory.max"), bytes);
                // Without this the task would swap instead of hitting its limit.
                writeIfPresent(memory.resolve("memory.swap.max"), "0");
            } else {
                write(memory.resolve("memory.limit_in_bytes"), bytes);
                writeIfPresent(memory.resolve("memory.memsw.limit_in_bytes"), bytes);
            }
        }
        if (limits.cpuMillis().isPresent()) {
            long quota = limits.cpuMillis().getAsLong() * CPU_PERIOD_MICROS / 1000;
            if (kind == Isolation.Kind.CGROUPS_V2) {
                write(cpu.resolve("cpu.max"), quota + " " + CPU_PERIOD_MICROS);
            } else {
                write(cpu.resolve("cpu.cfs_period_us"), Long.toString(CPU_PERIOD_MICROS));
                write(cpu.resolve("cpu.cfs_quota_us"), Long.toString(quota));
            }
        }
    }

    /** The files the supervisor writes {@code 0} to so the task joins (v1 needs both hierarchies). */
    List<Path> procsFiles() {
        return dirs.stream().map(d -> d.resolve("cgroup.procs")).toList();
    }

    /** The file holding the {@code oom_kill N} counter. */
    Path oomEventsFile() {
        return dirs.get(0).resolve(kind == Isolation.Kind.CGROUPS_V2 ? "memory.events" : "memory.oom_control");
    }

    /**
     * SIGKILLs every process in the cgroup, including any that left the task's process group
     * (a process group is advisory; a cgroup is not).
     */
    void killAll() throws IOException {
        if (kind == Isolation.Kind.CGROUPS_V2 && Files.exists(dirs.get(0).resolve("cgroup.kill"))) {
            write(dirs.get(0).resolve("cgroup.kill"), "1");
            return;
        }
        for (Path procs : procsFiles()) {
            List<String> pids;
            try {
                pids = Files.readAllLines(procs);
            } catch (NoSuchFileException e) {
                continue;
            }
            for (String pid : pids) {
                if (!pid.isBlank()) {
                    ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        }
    }

    /** Removes the directories once empty; returns whether all are gone. */
    boolean remove() {
        boolean all = true;
        for (Path dir : dirs) {
            try {
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                all = false;
            }
        }
        return all;
    }

    private static void write(Path file, String value) throws IOException {
        // cgroup files exist already; never CREATE or TRUNCATE them.
        Files.writeString(file, value, StandardOpenOption.WRITE);
    }

    private static void writeIfPresent(Path file, String value) throws IOException {
        if (Files.exists(file)) {
            write(file, value);
        }
    }
}
