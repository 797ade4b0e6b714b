package io.citadel.master.leader;

import io.citadel.runtime.model.OfferId;
import io.citadel.runtime.protocol.FrameworkProtocol.Offer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Outstanding offers, and a bounded memory of offers that are gone, so that an accept of a used or
 * rescinded offer is refused with a reason that says which (field cases B01, B08).
 * Owned by the leading master; not thread-safe.
 */
final class OfferBook {
  /** Why an offer is no longer outstanding. */
  enum Gone { USED, RESCINDED, DECLINED }

  private static final int REMEMBERED = 10_000;

  private final Map<OfferId, Offer> outstanding = new HashMap<>();
  private final Map<OfferId, Gone> gone = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<OfferId, Gone> eldest) {
      return size() > REMEMBERED;
    }
  };

  void add(Offer offer) {
    outstanding.put(offer.id(), offer);
  }

  Optional<Offer> get(OfferId id) {
    return Optional.ofNullable(outstanding.get(id));
  }

  Optional<Gone> whyGone(OfferId id) {
    return Optional.ofNullable(gone.get(id));
  }

  Offer remove(OfferId id, Gone why) {
    Offer o = outstanding.remove(id);
    if (o != null) {
      gone.put(id, why);
    }
    return o;
  }

  Iterable<Offer> all() {
    return java.util.List.copyOf(outstanding.values());
  }

  int size() {
    return outstanding.size();
  }
}
