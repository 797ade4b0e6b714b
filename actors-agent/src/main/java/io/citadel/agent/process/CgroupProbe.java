package io.citadel.agent.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds out whether this host lets the agent put tasks into cgroups, and prepares the parent cgroup.
 *
 * <p>Goals: use cgroup v2 when it has the memory and cpu controllers, else cgroup v1, else posix
 * only; never fail the agent because cgroups are missing, but say exactly why they are not used.
 *
 * <p>Constraints: cgroup v2's "no internal processes" rule forbids enabling controllers below a
 * cgroup that holds processes, so the v2 parent is created at the hierarchy root
 * ({@code <mount>/citadel}). cgroup v1 has no such rule, so the v1 parents are created below the
 * agent's own cgroup ({@code <mount>/<own path>/citadel}): tasks then stay inside whatever limits the
 * host already puts on the agent instead of escaping them.
 *
 * <p>Detection has the side effect of creating the parent directories. Stateless; thread-safe.
 */
public final class CgroupProbe {

    private static final List<String> NEEDED = List.of("memory", "cpu");

    private CgroupProbe() {
    }

    /** Detects on the running host, with parent cgroup name {@code citadel}. */
    public static Isolation detect() {
        return detect(Path.of("/proc/self/mountinfo"), Path.of("/proc/self/cgroup"), "citadel");
    }

    /**
     * Detects from the given {@code mountinfo} and {@code /proc/self/cgroup} files.
     *
     * @param parentName the name of the parent cgroup to create (a single path component)
     */
    public static Isolation detect(Path mountinfo, Path selfCgroup, String parentName) {
        Sandbox.component("cgroup parent name", parentName);
        List<Mount> mounts;
        List<String> cgroupLines;
        try {
            mounts = Mount.readAll(mountinfo);
            cgroupLines = Files.readAllLines(selfCgroup);
        } catch (IOException e) {
            return Isolation.posix("cannot read " + mountinfo + " or " + selfCgroup + ": " + e.getMessage());
        }
        String v2Reason;
        try {
            return tryV2(mounts, parentName);
        } catch (Unavailable e) {
            v2Reason = e.getMessage();
        }
        try {
            Isolation v1 = tryV1(mounts, cgroupLines, parentName);
            return new Isolation(v1.kind(), v1.cgroupParents(), v1.detail() + " (cgroup v2 unusable: " + v2Reason + ")");
        } catch (Unavailable e) {
            return Isolation.posix("cgroup v2 unusable: " + v2Reason + "; cgroup v1 unusable: " + e.getMessage());
        }
    }

    private static Isolation tryV2(List<Mount> mounts, String parentName) throws Unavailable {
        Mount mount = mounts.stream().filter(m -> m.fsType().equals("cgroup2")).findFirst()
                .orElseThrow(() -> new Unavailable("no cgroup2 file system is mounted"));
        Path root = mount.mountPoint();
        Set<String> available = words(read(root.resolve("cgroup.controllers")));
        List<String> missing = NEEDED.stream().filter(c -> !available.contains(c)).toList();
        if (!missing.isEmpty()) {
            throw new Unavailable("cgroup2 at " + root + " lacks controllers " + missing + " (has " + available + ")");
        }
        enableControllers(root);
        Path parent = root.resolve(parentName);
        mkdir(parent);
        enableControllers(parent);
        return new Isolation(Isolation.Kind.CGROUPS_V2, List.of(parent), "cgroup v2 under " + parent);
    }

    private static Isolation tryV1(List<Mount> mounts, List<String> cgroupLines, String parentName)
            throws Unavailable {
        Path memory = v1Parent(mounts, cgroupLines, "memory", parentName);
        Path cpu = v1Parent(mounts, cgroupLines, "cpu", parentName);
        for (Path p : List.of(memory.resolve("memory.limit_in_bytes"), cpu.resolve("cpu.cfs_quota_us"))) {
            if (!Files.isWritable(p)) {
                throw new Unavailable(p + " is not writable");
            }
        }
        return new Isolation(Isolation.Kind.CGROUPS_V1, List.of(memory, cpu),
                "cgroup v1 under " + memory + " and " + cpu);
    }

    private static Path v1Parent(List<Mount> mounts, List<String> cgroupLines, String controller, String parentName)
            throws Unavailable {
        Mount mount = mounts.stream()
                .filter(m -> m.fsType().equals("cgroup") && m.superOptions().contains(controller))
                .findFirst()
                .orElseThrow(() -> new Unavailable("no cgroup v1 hierarchy with the " + controller + " controller"));
        String own = cgroupLines.stream()
                .map(line -> line.split(":", 3))
                .filter(f -> f.length == 3 && Arrays.asList(f[1].split(",")).contains(controller))
                .map(f -> f[2])
                .findFirst()
                .orElseThrow(() -> new Unavailable("agent's own " + controller + " cgroup not listed"));
        // With a cgroup namespace or bind mount, the mount shows the hierarchy from mount.root() down.
        if (!own.startsWith(mount.root())) {
            throw new Unavailable("own " + controller + " cgroup " + own + " is outside mount root " + mount.root());
        }
        String relative = own.substring(mount.root().length()).replaceFirst("^/+", "");
        Path parent = mount.mountPoint().resolve(relative).resolve(parentName).normalize();
        mkdir(parent);
        return parent;
    }

    private static void enableControllers(Path cgroup) throws Unavailable {
        Path control = cgroup.resolve("cgroup.subtree_control");
        Set<String> enabled = words(read(control));
        if (enabled.containsAll(NEEDED)) {
            return;
        }
        try {
            Files.writeString(control, "+memory +cpu");
        } catch (IOException e) {
            throw new Unavailable("cannot enable memory and cpu in " + control + ": " + e.getMessage());
        }
    }

    private static void mkdir(Path dir) throws Unavailable {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new Unavailable("cannot create " + dir + ": " + e);
        }
    }

    private static String read(Path file) throws Unavailable {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new Unavailable("cannot read " + file + ": " + e);
        }
    }

    private static Set<String> words(String text) {
        Set<String> words = new TreeSet<>(Arrays.asList(text.trim().split("\\s+")));
        words.remove("");
        return words;
    }

    /** Why one cgroup version cannot be used; control flow inside the probe only. */
    private static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    /** One line of {@code /proc/self/mountinfo}. */
    record Mount(String root, Path mountPoint, String fsType, List<String> superOptions) {

        static List<Mount> readAll(Path mountinfo) throws IOException {
            List<Mount> mounts = new ArrayList<>();
            for (String line : Files.readAllLines(mountinfo)) {
                parse(line).ifPresent(mounts::add);
            }
            return mounts;
        }

        /** Format: id parent major:minor root mount-point options [optional...] - fstype source super-options. */
        static Optional<Mount> parse(String line) {
            List<String> f = Arrays.asList(line.split(" "));
            int sep = f.indexOf("-");
            if (sep < 6 || f.size() < sep + 4) {
                return Optional.empty();
            }
            return Optional.of(new Mount(unescape(f.get(3)), Path.of(unescape(f.get(4))), f.get(sep + 1),
                    List.of(f.get(sep + 3).split(","))));
        }

        /** mountinfo escapes space, tab, newline and backslash as octal ({@code \040}). */
        private static String unescape(String s) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                    out.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                    i += 3;
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
    }
}
