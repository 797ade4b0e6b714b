package io.citadel.master.registry;

import java.time.Duration;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ddata.GCounter;
import org.apache.pekko.cluster.ddata.GCounterKey;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.LWWMapKey;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import org.apache.pekko.cluster.ddata.typed.javadsl.ReplicatorMessageAdapter;

/**
 * The replicated registry of admitted agents and frameworks and the singletons' epochs, on Pekko
 * Distributed Data among the masters, with majority writes and majority reads: a write that was
 * acknowledged survives the crash of any minority of masters. Tasks are not here (agents are their
 * source of truth and report them on re-registration, as in Mesos).
 *
 * <p>Entries are {@code id -> principal}: who was admitted under that id, so that a re-registration
 * under a known id is accepted only from the same principal.
 */
public final class RegistryActor {
  private RegistryActor() {}

  /** Which map an entry belongs to. */
  public enum Table { FRAMEWORKS, AGENTS }

  public sealed interface Command permits BumpEpoch, ReadAll, Put, Remove, Internal {}

  /** Raise the named epoch counter by one and reply with its new value. */
  public record BumpEpoch(String name, ActorRef<Result> replyTo) implements Command {}

  public record ReadAll(Table table, ActorRef<Result> replyTo) implements Command {}

  public record Put(Table table, String id, String principal, ActorRef<Result> replyTo) implements Command {}

  public record Remove(Table table, String id, ActorRef<Result> replyTo) implements Command {}

  private record Internal(Runnable action) implements Command {}

  public sealed interface Result permits Epoch, Entries, Written, Failed {}

  public record Epoch(long value) implements Result {}

  public record Entries(Map<String, String> entries) implements Result {}

  public record Written() implements Result {}

  public record Failed(String reason) implements Result {}

  public static Behavior<Command> create(Duration timeout) {
    return Behaviors.setup(ctx -> DistributedData.withReplicatorMessageAdapter(
        (ReplicatorMessageAdapter<Command, GCounter> counters) -> DistributedData.withReplicatorMessageAdapter(
            (ReplicatorMessageAdapter<Command, LWWMap<String, String>> maps) ->
                new Handlers(ctx.getSelf(), counters, maps, DistributedData.get(ctx.getSystem()).selfUniqueAddress(), timeout)
                    .behavior())));
  }

  /** The registry's message handlers over the two replicator adapters. */
  private static final class Handlers {
    private final ActorRef<Command> self;
    private final ReplicatorMessageAdapter<Command, GCounter> counters;
    private final ReplicatorMessageAdapter<Command, LWWMap<String, String>> maps;
    private final SelfUniqueAddress node;
    private final Replicator.WriteConsistency write;
    private final Replicator.ReadConsistency read;

    Handlers(ActorRef<Command> self, ReplicatorMessageAdapter<Command, GCounter> counters,
        ReplicatorMessageAdapter<Command, LWWMap<String, String>> maps, SelfUniqueAddress node, Duration timeout) {
      this.self = self;
      this.counters = counters;
      this.maps = maps;
      this.node = node;
      this.write = new Replicator.WriteMajority(timeout);
      this.read = new Replicator.ReadMajority(timeout);
    }

    Behavior<Command> behavior() {
      return Behaviors.receive(Command.class)
          .onMessage(Internal.class, this::onInternal)
          .onMessage(BumpEpoch.class, this::onBumpEpoch)
          .onMessage(ReadAll.class, this::onReadAll)
          .onMessage(Put.class, this::onPut)
          .onMessage(Remove.class, this::onRemove)
          .build();
    }

    private Behavior<Command> onInternal(Internal m) {
      m.action().run();
      return Behaviors.same();
    }

    /** Increment with a majority write, then read the sum back with a majority read. */
    private Behavior<Command> onBumpEpoch(BumpEpoch m) {
      Key<GCounter> key = GCounterKey.create("citadel-epoch-" + m.name());
      counters.askUpdate(
          replyTo -> new Replicator.Update<>(key, GCounter.empty(), write, replyTo, c -> c.increment(node, 1)),
          rsp -> new Internal(() -> {
            if (rsp instanceof Replicator.UpdateSuccess) {
              readEpoch(key, m.replyTo());
            } else {
              m.replyTo().tell(new Failed("epoch write not acknowledged by a majority: " + rsp));
            }
          }));
      return Behaviors.same();
    }

    private void readEpoch(Key<GCounter> key, ActorRef<Result> replyTo) {
      counters.askGet(r -> new Replicator.Get<>(key, read, r), got -> new Internal(() -> {
        if (got instanceof Replicator.GetSuccess<GCounter> ok) {
          replyTo.tell(new Epoch(ok.get(key).getValue().longValue()));
        } else {
          replyTo.tell(new Failed("epoch read failed: " + got));
        }
      }));
    }

    private Behavior<Command> onReadAll(ReadAll m) {
      Key<LWWMap<String, String>> key = keyOf(m.table());
      maps.askGet(replyTo -> new Replicator.Get<>(key, read, replyTo), rsp -> new Internal(() -> {
        if (rsp instanceof Replicator.GetSuccess<LWWMap<String, String>> ok) {
          m.replyTo().tell(new Entries(Map.copyOf(ok.get(key).getEntries())));
        } else if (rsp instanceof Replicator.NotFound) {
          m.replyTo().tell(new Entries(Map.of()));
        } else {
          m.replyTo().tell(new Failed("registry read failed: " + rsp));
        }
      }));
      return Behaviors.same();
    }

    private Behavior<Command> onPut(Put m) {
      Key<LWWMap<String, String>> key = keyOf(m.table());
      maps.askUpdate(replyTo -> new Replicator.Update<>(key, LWWMap.empty(), write, replyTo,
          map -> map.put(node, m.id(), m.principal())), rsp -> new Internal(() -> reply(m.replyTo(), rsp)));
      return Behaviors.same();
    }

    private Behavior<Command> onRemove(Remove m) {
      Key<LWWMap<String, String>> key = keyOf(m.table());
      maps.askUpdate(replyTo -> new Replicator.Update<>(key, LWWMap.empty(), write, replyTo,
          map -> map.remove(node, m.id())), rsp -> new Internal(() -> reply(m.replyTo(), rsp)));
      return Behaviors.same();
    }
  }

  private static void reply(ActorRef<Result> replyTo, Object rsp) {
    replyTo.tell(rsp instanceof Replicator.UpdateSuccess ? new Written() : new Failed("registry write failed: " + rsp));
  }

  private static Key<LWWMap<String, String>> keyOf(Table table) {
    return LWWMapKey.create("citadel-" + table.name().toLowerCase());
  }
}
