package io.citadel.master.allocator.drf;

import io.citadel.runtime.model.AgentId;
import io.citadel.runtime.model.AgentResources;
import io.citadel.runtime.model.FrameworkId;
import io.citadel.runtime.model.Resources;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A small driver for allocator tests: builds agents and frameworks from Mesos text, keeps a manual
 * clock, and plays schedulers that accept one task of a fixed size per offer and decline the rest
 * (the DRF paper's progressive filling). Not thread-safe.
 */
final class TestingCluster {
  final DrfAllocator allocator;
  long now = 1_000_000;
  final Map<String, Resources> taskSize = new HashMap<>();
  final Map<String, Integer> tasks = new HashMap<>();

  TestingCluster() {
    this(DrfSettings.DEFAULTS);
  }

  TestingCluster(DrfSettings settings) {
    allocator = new DrfAllocator(settings, 7);
  }

  static AgentId a(String id) {
    return AgentId.of(id);
  }

  static FrameworkId f(String id) {
    return FrameworkId.of(id);
  }

  static AgentResources res(String text) {
    return AgentResources.parse(text);
  }

  TestingCluster agent(String id, String resources) {
    allocator.addAgent(AgentInfo.of(a(id), id + ".test", res(resources)), List.of());
    return this;
  }

  TestingCluster framework(String id, String... roles) {
    allocator.addFramework(FrameworkInfo.of(f(id), roles));
    return this;
  }

  /** A framework that runs tasks of {@code size} (Mesos text), one per offer. */
  TestingCluster scheduler(String id, String role, String size) {
    framework(id, role);
    taskSize.put(id, Resources.parse(size));
    tasks.put(id, 0);
    return this;
  }

  /** One round: each scheduler launches one task if the offer fits it, and declines the rest. */
  AllocationResult step() {
    AllocationResult r = allocator.allocate(now);
    // Schedulers answer at the round's instant, so the shortest filter (one interval) on the unused
    // rest of an accepted offer has expired by the next round and progressive filling is not skewed.
    long responded = now;
    for (Offer o : r.offers()) {
      Resources need = taskSize.get(o.frameworkId().value());
      if (need != null && o.resources().unreserved().contains(need)) {
        allocator.accept(o.id(), AgentResources.unreservedOnly(need), List.of(), 0.0, responded);
        tasks.merge(o.frameworkId().value(), 1, Integer::sum);
      } else {
        allocator.decline(o.id(), 3600.0, responded);
      }
    }
    now += allocator.settings.allocationInterval().toMillis();
    return r;
  }

  /** Steps until {@code quiet} rounds in a row make no offer (at most {@code max} rounds). */
  void runUntilQuiet(int quiet, int max) {
    int idle = 0;
    for (int i = 0; i < max && idle < quiet; i++) {
      idle = step().offers().isEmpty() ? idle + 1 : 0;
    }
  }

  int tasks(String framework) {
    return tasks.getOrDefault(framework, 0);
  }

  /** Sum of a scalar over the given offers, in milli. */
  static long sum(List<Offer> offers, String framework, String scalar) {
    long s = 0;
    for (Offer o : offers) {
      if (framework == null || o.frameworkId().value().equals(framework)) {
        s += o.resources().total().scalar(scalar);
      }
    }
    return s;
  }
}
