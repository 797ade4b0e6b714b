package io.citadel.security.authz;

import io.citadel.security.policy.Decision;
import io.citadel.security.policy.PolicyFileException;
import io.citadel.security.policy.PolicySet;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The authorizer actor, one per master node: answers operators' dry-run {@link Check}s and keeps the
 * {@link AuthorizationService}'s policies current. Decisions of the leading master do not pass
 * through it (they call the service directly, see its Javadoc); this actor only owns reloading.
 *
 * <p>Every {@code reload-interval} it compares each policy file's modification time, size and file
 * key with what it last loaded. On a change it asks the service to reload: a good new set replaces the
 * old one at once (and the decision cache is dropped); a bad one is refused, the old set stays in
 * force, and the same bad files are not retried until they change again. The counts in force are
 * logged at INFO. Local only: its messages are not wire types.
 */
public final class Authorizer extends AbstractBehavior<Authorizer.Command> {

    /** What the authorizer accepts. */
    public sealed interface Command permits Check, ReloadNow, Tick {
    }

    /** Dry run: how would {@code principal} (as the acceptor names it) be decided? Nothing is audited. */
    public record Check(String principal, String action, Map<String, String> resource, ActorRef<CheckResult> replyTo)
            implements Command {
        public Check {
            resource = Map.copyOf(resource);
        }
    }

    /** The answer to a {@link Check}: the canonical name it was decided for, and the decision. */
    public record CheckResult(String canonicalName, Decision decision) {
    }

    /** Checks the files now (as if the interval had passed); replies with the set in force afterwards. */
    public record ReloadNow(ActorRef<Reloaded> replyTo) implements Command {
    }

    /** The set in force after a {@link ReloadNow}, and the error if a changed file was refused. */
    public record Reloaded(int policies, int rules, String error) {
    }

    private record Tick() implements Command {
    }

    /** What identifies a version of a file without reading it. */
    private record Stamp(long mtimeMillis, long size, Object fileKey) {
    }

    private final ActorContext<Command> ctx;
    private final AuthorizationService service;
    private final List<Path> files;
    private List<Stamp> seen;

    public static Behavior<Command> create(AuthorizationService service, List<Path> files, Duration reloadInterval) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(new Tick(), reloadInterval);
            return new Authorizer(ctx, service, files);
        }));
    }

    private Authorizer(ActorContext<Command> ctx, AuthorizationService service, List<Path> files) {
        super(ctx);
        this.ctx = ctx;
        this.service = Objects.requireNonNull(service, "service");
        this.files = List.copyOf(files);
        // The store loaded the files before this actor existed, and a file may have changed since;
        // stamps taken now could already describe the new file, so the first tick reloads once.
        this.seen = List.of();
        PolicySet set = service.policies();
        ctx.getLog().info("Authorizer started with [{}] policies and [{}] ACL rules from [{}]", set.policyCount(),
                set.ruleCount(), files);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Check.class, this::onCheck)
                .onMessage(Tick.class, this::onTick)
                .onMessage(ReloadNow.class, this::onReloadNow)
                .build();
    }

    private Behavior<Command> onCheck(Check m) {
        String name;
        try {
            name = service.subject(m.principal()).user();
        } catch (RuntimeException e) {
            name = m.principal();
        }
        m.replyTo().tell(new CheckResult(name, service.dryRun(m.principal(), m.action(), m.resource())));
        return this;
    }

    private Behavior<Command> onTick(Tick m) {
        reloadIfChanged();
        return this;
    }

    private Behavior<Command> onReloadNow(ReloadNow m) {
        String error = reloadIfChanged();
        PolicySet set = service.policies();
        m.replyTo().tell(new Reloaded(set.policyCount(), set.ruleCount(), error));
        return this;
    }

    /** Reloads when a file changed; returns the refusal message, or null. */
    private String reloadIfChanged() {
        List<Stamp> now = stamps();
        if (now.equals(seen)) {
            return null;
        }
        // Remembered before loading: a refused version is not retried (and re-logged) every tick.
        seen = now;
        try {
            PolicySet set = service.reloadPolicies();
            ctx.getLog().info("Policies reloaded from [{}]: [{}] policies and [{}] ACL rules in force", files,
                    set.policyCount(), set.ruleCount());
            return null;
        } catch (PolicyFileException e) {
            PolicySet old = service.policies();
            ctx.getLog().error("Changed policy files refused, keeping [{}] policies and [{}] ACL rules in force: {}",
                    old.policyCount(), old.ruleCount(), e.getMessage());
            return e.getMessage();
        }
    }

    private List<Stamp> stamps() {
        List<Stamp> out = new ArrayList<>(files.size());
        for (Path f : files) {
            try {
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                out.add(new Stamp(a.lastModifiedTime().toMillis(), a.size(), a.fileKey()));
            } catch (IOException e) {
                out.add(new Stamp(-1, -1, e.getClass().getSimpleName()));
            }
        }
        return out;
    }
}
