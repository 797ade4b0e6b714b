package io.citadel.agent.process;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * What the launcher records in {@code launch.properties} so a handle re-attached after an agent
 * restart knows the task's cgroups and kill grace period. Holds no environment values.
 *
 * <p>Immutable.
 */
record LaunchInfo(Isolation.Kind isolation, List<Path> cgroupDirs, Duration killGracePeriod) {

    LaunchInfo {
        cgroupDirs = List.copyOf(cgroupDirs);
    }

    Optional<TaskCgroup> cgroup() {
        return isolation == Isolation.Kind.POSIX || cgroupDirs.isEmpty()
                ? Optional.empty()
                : Optional.of(new TaskCgroup(isolation, cgroupDirs));
    }

    void write(Sandbox sandbox) throws IOException {
        Properties p = new Properties();
        p.setProperty("isolation", isolation.name());
        p.setProperty("kill-grace-period-ms", Long.toString(killGracePeriod.toMillis()));
        for (int i = 0; i < cgroupDirs.size(); i++) {
            p.setProperty("cgroup." + i, cgroupDirs.get(i).toString());
        }
        StringWriter out = new StringWriter();
        p.store(out, "Citadel task launch metadata");
        SandboxFiles.writeAtomically(sandbox.launchInfoFile(), out.toString());
    }

    /** Reads the file, or empty when the launcher never wrote it. */
    static Optional<LaunchInfo> read(Sandbox sandbox) throws IOException {
        Path file = sandbox.launchInfoFile();
        Optional<String> content = SandboxFiles.readIfExists(file);
        if (content.isEmpty()) {
            return Optional.empty();
        }
        Properties p = new Properties();
        p.load(new StringReader(content.get()));
        try {
            Isolation.Kind kind = Isolation.Kind.valueOf(p.getProperty("isolation", ""));
            Duration grace = Duration.ofMillis(Long.parseLong(p.getProperty("kill-grace-period-ms", "")));
            List<Path> dirs = new ArrayList<>();
            for (int i = 0; p.getProperty("cgroup." + i) != null; i++) {
                dirs.add(Path.of(p.getProperty("cgroup." + i)));
            }
            return Optional.of(new LaunchInfo(kind, dirs, grace));
        } catch (IllegalArgumentException e) {
            throw new IOException("launch metadata " + file + " is corrupt: " + e.getMessage(), e);
        }
    }
}
