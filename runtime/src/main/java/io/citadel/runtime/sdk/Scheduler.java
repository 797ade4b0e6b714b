package io.citadel.runtime.sdk;

import io.citadel.runtime.model.FrameworkId;
import io.citadel.runtime.model.OfferId;
import io.citadel.runtime.protocol.FrameworkProtocol.Offer;
import io.citadel.runtime.protocol.TaskStatus;
import java.util.List;

/**
 * What a framework author implements: the callbacks of Mesos's scheduler API. All callbacks of one
 * driver run one at a time on the driver's actor; they may call the driver's methods directly and
 * must not block for long.
 */
public interface Scheduler {

  /** Subscribed (or re-subscribed after a master failover, with the same id). */
  void registered(FrameworkDriver driver, FrameworkId frameworkId, long masterEpoch);

  void resourceOffers(FrameworkDriver driver, List<Offer> offers);

  default void offerRescinded(FrameworkDriver driver, OfferId offerId, String reason) {}

  /** A task's status. The driver acknowledges it after this returns (at-least-once delivery). */
  void statusUpdate(FrameworkDriver driver, TaskStatus status);

  /** The master refused a call or the subscription; {@code code} is stable (e.g. PRINCIPAL_MISMATCH). */
  void error(FrameworkDriver driver, String code, String message);

  /** The session with the current master was lost; the driver is reconnecting to another one. */
  default void disconnected(FrameworkDriver driver, String reason) {}
}
