package io.citadel.agent.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A stand-in agent JVM for {@link TaskSurvivesAgentKillTest}: launches one task in a new sandbox under
 * the work dir given as argument, prints {@code LAUNCHED <sandbox>}, and waits to be killed.
 */
public final class LaunchingAgentMain {

    private LaunchingAgentMain() {
    }

    public static void main(String[] args) throws Exception {
        Sandbox sandbox = Sandbox.create(Path.of(args[0]), "fw", "ex", "run-agent-kill");
        new TaskProcessLauncher(Isolation.posix("agent-kill test")).launch(new LaunchSpec(sandbox,
                new LaunchSpec.Shell("while [ ! -e release ]; do sleep 0.05; done; echo done"),
                Map.of(), Limits.none(), Duration.ofSeconds(1)));
        System.out.println("LAUNCHED " + sandbox.dir());
        System.out.flush();
        Thread.currentThread().join();
    }
}
