package io.citadel.master;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A local forwarder whose target is set once after creation. It breaks the start-up cycle between the
 * two singletons' proxies (the leader needs the allocator's proxy and vice versa) without a race:
 * messages that arrive before the target is known are stashed.
 */
final class Relay {
  private Relay() {}

  /** Sets the target; sent once by the node that created the relay. */
  record Target<T>(ActorRef<T> target) {}

  @SuppressWarnings("unchecked")
  static <T> Behavior<Object> create() {
    return Behaviors.withStash(10_000, stash -> Behaviors.receive(Object.class)
        .onMessage(Target.class, t -> stash.unstashAll(forwarding((ActorRef<Object>) t.target())))
        .onAnyMessage(m -> {
          stash.stash(m);
          return Behaviors.same();
        })
        .build());
  }

  private static Behavior<Object> forwarding(ActorRef<Object> target) {
    return Behaviors.receive(Object.class)
        .onAnyMessage(m -> {
          target.tell(m);
          return Behaviors.same();
        })
        .build();
  }
}
