package io.citadel.agent.process;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Generates the POSIX shell script that supervises one task. The script, not the agent JVM, is the
 * task's parent, so a {@code kill -9} of the agent leaves the task running and its exit status still
 * gets recorded.
 *
 * <p>What the script does, in order:
 * <ol>
 *   <li>records its own "pid start-ticks boot-id" in {@code supervisor.pid} (atomically);</li>
 *   <li>forks the task: the child joins the task cgroup, applies rlimits, and execs the command through
 *       {@code setsid}, so the task leads its own session and process group (pgid = task pid), with
 *       stdin from /dev/null and stdout/stderr to the sandbox files;</li>
 *   <li>the task records its own identity in {@code task.pid} before it execs; the supervisor
 *       forwards TERM/INT/HUP it receives itself to
 *       the task's group and keeps waiting, so stopping the supervisor still yields an exit status;</li>
 *   <li>after the task exits, SIGKILLs what is left of its process group and cgroup, reads the
 *       cgroup's {@code oom_kill} counter, and writes {@code exit_status} via {@code exit_status.tmp}
 *       and {@code mv} — so an existing {@code exit_status} means the whole task is gone;</li>
 *   <li>removes the task cgroup (best effort; the agent retries).</li>
 * </ol>
 *
 * <p>The script never contains environment values (they may be secrets): the environment reaches the
 * task through the supervisor's own process environment. Stateless; thread-safe.
 */
final class SupervisorScript {

    private SupervisorScript() {
    }

    static String generate(Sandbox sandbox, LaunchSpec.Command command, Limits limits, Optional<TaskCgroup> cgroup) {
        StringBuilder s = new StringBuilder();
        s.append("#!/bin/sh\n")
                .append("# Citadel task supervisor, generated at launch. See SupervisorScript.java.\n")
                .append("umask 027\n")
                .append("sb=").append(quote(sandbox.dir().toString())).append('\n')
                .append("read -r boot < /proc/sys/kernel/random/boot_id\n")
                // Records the calling shell process itself: "read" is a builtin, so /proc/self is that
                // process (the supervisor, or the task's subshell before it execs). A child must record
                // itself: the parent shell may reap it before it could read /proc/<child>/stat.
                // Field 2 of stat is "(comm)" and may hold spaces: cut after the last ") ".
                .append("record() {\n")
                .append("  read -r line < /proc/self/stat || return 1\n")
                .append("  rest=${line##*') '}\n")
                .append("  set -- \"$1\" x $rest\n")
                .append("  printf '%s %s %s\\n' \"${line%% *}\" \"${22}\" \"$boot\" > \"$sb/$1.tmp\" && ")
                .append(Signals.MV).append(" -f \"$sb/$1.tmp\" \"$sb/$1\"\n")
                .append("}\n")
                .append("child=\n")
                .append("interrupted=0\n")
                .append("forward() { interrupted=1; [ -n \"$child\" ] && kill -\"$1\" -\"$child\" 2>/dev/null; }\n")
                .append("trap 'forward 15' TERM\ntrap 'forward 2' INT\ntrap 'forward 1' HUP\n")
                .append("record supervisor.pid || { echo 'citadel supervisor: cannot record own pid' >&2; exit 120; }\n")
                .append("(\n")
                .append("  trap - TERM INT HUP\n")
                .append("  record task.pid || { echo 'citadel supervisor: cannot record task pid' >&2; exit 125; }\n");
        cgroup.ifPresent(cg -> {
            for (Path procs : cg.procsFiles()) {
                s.append("  echo 0 > ").append(quote(procs.toString()))
                        .append(" || { echo ").append(quote("citadel: cannot join cgroup " + procs))
                        .append(" >&2; exit 125; }\n");
            }
        });
        limits.addressSpaceBytes().ifPresent(b -> ulimit(s, "-v", (b + 1023) / 1024));
        limits.openFiles().ifPresent(n -> ulimit(s, "-n", n));
        limits.processes().ifPresent(n -> ulimit(s, "-p", n));
        s.append("  exec ").append(Signals.SETSID).append(" -w --");
        for (String arg : argv(command)) {
            s.append(' ').append(quote(arg));
        }
        s.append("\n) < /dev/null > \"$sb/stdout\" 2> \"$sb/stderr\" &\n")
                .append("child=$!\n")
                // A trapped signal interrupts wait; keep waiting while the child still exists.
                .append("while :; do\n")
                .append("  interrupted=0\n")
                .append("  wait \"$child\"; status=$?\n")
                .append("  [ \"$interrupted\" = 1 ] && kill -0 \"$child\" 2>/dev/null && continue\n")
                .append("  break\n")
                .append("done\n")
                .append("if [ \"$status\" -gt 128 ]; then kind=signaled; value=$((status - 128));")
                .append(" else kind=exited; value=$status; fi\n")
                .append("kill -9 -\"$child\" 2>/dev/null\n")
                .append("oom=0\n");
        cgroup.ifPresent(cg -> appendCgroupCleanup(s, cg));
        s.append("printf 'kind=%s\\nvalue=%s\\noom_killed=%s\\n' \"$kind\" \"$value\" \"$oom\" > \"$sb/exit_status.tmp\" && ")
                .append(Signals.MV).append(" -f \"$sb/exit_status.tmp\" \"$sb/exit_status\"\n");
        cgroup.ifPresent(cg -> appendCgroupRemoval(s, cg));
        s.append("exit 0\n");
        return s.toString();
    }

    private static void appendCgroupCleanup(StringBuilder s, TaskCgroup cg) {
        for (Path procs : cg.procsFiles()) {
            s.append("while read -r p; do kill -9 \"$p\" 2>/dev/null; done < ").append(quote(procs.toString()))
                    .append(" 2>/dev/null\n");
        }
        s.append("while read -r k v; do [ \"$k\" = oom_kill ] && [ \"$v\" != 0 ] && oom=1; done < ")
                .append(quote(cg.oomEventsFile().toString())).append(" 2>/dev/null\n");
    }

    private static void appendCgroupRemoval(StringBuilder s, TaskCgroup cg) {
        // Killed processes leave the cgroup a moment after the signal; retry for up to 5 s.
        s.append("i=0\nwhile [ $i -lt 50 ]; do\n  left=0\n");
        for (Path dir : cg.dirs()) {
            String q = quote(dir.toString());
            s.append("  [ -d ").append(q).append(" ] && { ").append(Signals.RMDIR).append(' ').append(q).append(" 2>/dev/null || left=1; }\n");
        }
        s.append("  [ $left = 0 ] && break\n  ").append(Signals.SLEEP).append(" 0.1\n  i=$((i + 1))\ndone\n");
    }

    private static void ulimit(StringBuilder s, String flag, long value) {
        s.append("  ulimit ").append(flag).append(' ').append(value)
                .append(" || { echo ").append(quote("citadel: cannot set ulimit " + flag + " " + value))
                .append(" >&2; exit 125; }\n");
    }

    private static List<String> argv(LaunchSpec.Command command) {
        if (command instanceof LaunchSpec.Argv a) {
            return a.argv();
        }
        return List.of(Signals.SH, "-c", ((LaunchSpec.Shell) command).command());
    }

    /** Single-quotes {@code s} for the POSIX shell; a quote inside becomes {@code '\''}. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
