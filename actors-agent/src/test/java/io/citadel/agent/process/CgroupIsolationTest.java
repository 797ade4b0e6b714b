package io.citadel.agent.process;

import static io.citadel.agent.process.TaskTesting.awaitCondition;
import static io.citadel.agent.process.TaskTesting.awaitExit;
import static io.citadel.agent.process.TaskTesting.newSandbox;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * cgroup detection on this host and, where cgroups are available, enforcement of memory and cpu limits.
 * Only the positive cases depend on the host (JUnit assumptions); detection is always checked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CgroupIsolationTest {

    private Isolation isolation;

    @TempDir
    Path workDir;

    @BeforeAll
    void detect() {
        isolation = CgroupProbe.detect();
        System.out.println("Detected isolation on this host: " + isolation);
    }

    @Test
    void detectionSaysWhatIsActiveAndWhy() {
        assertThat(isolation.detail()).isNotBlank();
        if (isolation.cgroupsActive()) {
            assertThat(isolation.cgroupParents()).allSatisfy(parent -> assertThat(parent).isDirectory());
        } else {
            assertThat(isolation.detail()).contains("cgroup v2 unusable").contains("cgroup v1 unusable");
        }
    }

    @Test
    void taskOverItsMemoryLimitIsReportedOomKilled() throws Exception {
        assumeTrue(isolation.cgroupsActive(), () -> "cgroups unavailable: " + isolation.detail());
        Sandbox sandbox = newSandbox(workDir);
        // tail buffers its whole input (no newlines): 256 MiB, bounded even if the limit failed to apply.
        LaunchSpec spec = new LaunchSpec(sandbox, new LaunchSpec.Shell("head -c 268435456 /dev/zero | tail > /dev/null"),
                Map.of(), Limits.none().withMemoryBytes(32L * 1024 * 1024), Duration.ofSeconds(1));

        ExitStatus status = awaitExit(new TaskProcessLauncher(isolation).launch(spec));

        assertThat(status.oomKilled()).as(status.toString()).isTrue();
        assertThat(status.describe()).contains("memory limit exceeded");
    }

    @Test
    void limitsAreWrittenTheTaskJoinsItsCgroupAndTheCgroupIsRemovedAfterwards() throws Exception {
        assumeTrue(isolation.cgroupsActive(), () -> "cgroups unavailable: " + isolation.detail());
        Sandbox sandbox = newSandbox(workDir);
        LaunchSpec spec = new LaunchSpec(sandbox, new LaunchSpec.Shell("while :; do sleep 0.05; done"), Map.of(),
                Limits.none().withMemoryBytes(64L * 1024 * 1024).withCpuMillis(500), Duration.ofSeconds(1));
        TaskProcessHandle handle = new TaskProcessLauncher(isolation).launch(spec);
        TaskCgroup cgroup = LaunchInfo.read(sandbox).orElseThrow().cgroup().orElseThrow();

        awaitCondition("task pid in every cgroup.procs", () -> cgroup.procsFiles().stream()
                .allMatch(procs -> TaskProcessLauncherTest.readQuietly(procs).lines()
                        .anyMatch(pid -> pid.equals(Long.toString(handle.pid().getAsLong())))));
        if (isolation.kind() == Isolation.Kind.CGROUPS_V2) {
            assertThat(Files.readString(cgroup.dirs().get(0).resolve("memory.max")).trim()).isEqualTo("67108864");
            assertThat(Files.readString(cgroup.dirs().get(0).resolve("cpu.max")).trim()).isEqualTo("50000 100000");
        } else {
            assertThat(Files.readString(cgroup.dirs().get(0).resolve("memory.limit_in_bytes")).trim())
                    .isEqualTo("67108864");
            assertThat(Files.readString(cgroup.dirs().get(1).resolve("cpu.cfs_quota_us")).trim()).isEqualTo("50000");
        }

        KillResult result = TaskTesting.await(handle.kill(Duration.ofSeconds(5)));

        assertThat(result.status()).isEqualTo(new ExitStatus.Signaled(15, false));
        awaitCondition("cgroup dirs removed", () -> cgroup.dirs().stream().noneMatch(Files::exists));
    }

    @Test
    void cgroupV2WithoutMemoryAndCpuFallsBackToPosixWithTheReason(@TempDir Path fake) throws Exception {
        Path unified = Files.createDirectories(fake.resolve("unified"));
        Files.writeString(unified.resolve("cgroup.controllers"), "hugetlb\n");
        Path mountinfo = Files.writeString(fake.resolve("mountinfo"),
                "35 24 0:30 / " + unified + " rw,relatime shared:9 - cgroup2 cgroup2 rw\n");
        Path self = Files.writeString(fake.resolve("cgroup"), "0::/\n");

        Isolation detected = CgroupProbe.detect(mountinfo, self, "citadel");

        assertThat(detected.kind()).isEqualTo(Isolation.Kind.POSIX);
        assertThat(detected.detail())
                .contains("cgroup2 at " + unified + " lacks controllers [memory, cpu] (has [hugetlb])")
                .contains("no cgroup v1 hierarchy with the memory controller");
    }

    @Test
    void cgroupV2WithMemoryAndCpuIsPreferred(@TempDir Path fake) throws Exception {
        Path root = Files.createDirectories(fake.resolve("cg root"));
        Files.writeString(root.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");
        Files.writeString(root.resolve("cgroup.subtree_control"), "");
        Files.writeString(Files.createDirectories(root.resolve("citadel")).resolve("cgroup.subtree_control"), "");
        String escaped = root.toString().replace(" ", "\\040");
        Path mountinfo = Files.writeString(fake.resolve("mountinfo"),
                "35 24 0:30 / " + escaped + " rw,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate\n");
        Path self = Files.writeString(fake.resolve("cgroup"), "0::/agent.service\n");

        Isolation detected = CgroupProbe.detect(mountinfo, self, "citadel");

        assertThat(detected.kind()).isEqualTo(Isolation.Kind.CGROUPS_V2);
        assertThat(detected.cgroupParents()).isEqualTo(List.of(root.resolve("citadel")));
        assertThat(Files.readString(root.resolve("cgroup.subtree_control"))).isEqualTo("+memory +cpu");
    }

    @Test
    void cgroupV1ParentsAreCreatedBelowTheAgentsOwnCgroup(@TempDir Path fake) throws Exception {
        Path memory = Files.createDirectories(fake.resolve("memory/agent"));
        Path cpu = Files.createDirectories(fake.resolve("cpu,cpuacct"));
        Files.writeString(Files.createDirectories(memory.resolve("citadel")).resolve("memory.limit_in_bytes"), "");
        Files.writeString(Files.createDirectories(cpu.resolve("citadel")).resolve("cpu.cfs_quota_us"), "");
        Path mountinfo = Files.writeString(fake.resolve("mountinfo"), String.join("\n",
                "30 24 0:26 / " + fake.resolve("memory") + " rw,relatime shared:1 - cgroup cgroup rw,memory",
                "31 24 0:27 / " + cpu + " rw,relatime shared:2 - cgroup cgroup rw,cpu,cpuacct", ""));
        Path self = Files.writeString(fake.resolve("cgroup"), "4:memory:/agent\n2:cpu,cpuacct:/\n");

        Isolation detected = CgroupProbe.detect(mountinfo, self, "citadel");

        assertThat(detected.kind()).as(detected.detail()).isEqualTo(Isolation.Kind.CGROUPS_V1);
        assertThat(detected.cgroupParents()).containsExactly(memory.resolve("citadel"), cpu.resolve("citadel"));
        assertThat(detected.detail()).contains("cgroup v2 unusable: no cgroup2 file system is mounted");
    }
}
