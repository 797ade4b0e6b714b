package io.citadel.master.allocator.drf;

import io.citadel.runtime.model.Role;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The hierarchical weighted DRF sorter: roles form a tree ({@code eng} is the parent of
 * {@code eng/web}), and every tree level keeps its members sorted by dominant share, with the
 * role's own frameworks as one more member (the "self" leaf, Mesos's virtual {@code .} leaf).
 * Frameworks within a role are sorted by their own dominant share.
 *
 * <p><b>Goals.</b> Visit candidates in DRF order without sorting per agent. <b>Algorithm.</b> Each
 * member sits in a {@link TreeSet} ordered by (share, name); a change of allocation re-inserts
 * only the members on the path from the framework to the root (remove with the old key, update,
 * add), so an allocation costs O(depth · log n). Shares depend on the cluster totals, so when the
 * totals change the whole order is rebuilt lazily, once, before the next round. Members with no
 * active (subscribed, unsuppressed) framework below them are left out of the order altogether, so
 * a round never walks idle roles.
 *
 * <p>Example: {@code eng} (weight 1) with children {@code eng/a} holding 30% cpus and
 * {@code eng/b} holding 10% has subtree share 0.4; against {@code ops} at 0.2 the next offer goes
 * to {@code ops}, and within {@code eng} to {@code eng/b}.
 *
 * <p>Owned by one {@link DrfAllocator}; not thread-safe.
 */
final class RoleTree {

  /** A member of a sorted level: a role subtree, a role's self leaf, or a framework client. */
  abstract static class Entry {
    final String key;
    double share;

    Entry(String key) {
      this.key = key;
    }
  }

  static final Comparator<Entry> ORDER = (a, b) -> {
    int c = Double.compare(a.share, b.share);
    return c != 0 ? c : a.key.compareTo(b.key);
  };

  /** One framework in one role: its allocation there and its place in the role's order. */
  static final class Client extends Entry {
    final FrameworkState framework;
    final Node node;
    long[] alloc = new long[0];
    boolean active;

    Client(FrameworkState framework, Node node) {
      super(framework.id.value());
      this.framework = framework;
      this.node = node;
    }
  }

  /** The frameworks directly in a role, as one member of that role's level. */
  static final class SelfLeaf extends Entry {
    final Node node;

    SelfLeaf(Node node) {
      super(node.name);
      this.node = node;
    }
  }

  /** A role and its subtree. Vectors cover the whole subtree except {@code own}. */
  static final class Node extends Entry {
    final String name;
    final Role role;
    final Node parent;
    final Map<String, Node> children = new HashMap<>();
    final TreeSet<Entry> order = new TreeSet<>(ORDER);
    final TreeSet<Client> clients = new TreeSet<>(ORDER);
    final SelfLeaf self;
    final List<Client> members = new ArrayList<>();
    long[] alloc = new long[0];
    long[] own = new long[0];
    long[] allocUnreserved = new long[0];
    long[] reserved = new long[0];
    double weight = 1.0;
    RoleQuota quota = RoleQuota.NONE;
    long[] guarantee = new long[0];
    long[] limit = new long[0];
    boolean hasLimit;
    int activeBelow;

    Node(String name, Node parent) {
      super(name);
      this.name = name;
      this.role = name.isEmpty() ? null : Role.of(name);
      this.parent = parent;
      this.self = new SelfLeaf(this);
    }

    /** Unmet guarantee of scalar {@code s}: guarantee minus consumption (allocated + reserved), at least 0. */
    long gap(int s) {
      long g = Vec.get(guarantee, s);
      return g == 0 ? 0 : Math.max(0, g - Vec.get(allocUnreserved, s) - Vec.get(reserved, s));
    }

    boolean unmet() {
      for (int s = 0; s < guarantee.length; s++) {
        if (gap(s) > 0) {
          return true;
        }
      }
      return false;
    }

    /** The nearest ancestor-or-self with a guarantee and no guaranteed ancestor above, or null. */
    Node quotaRoot() {
      Node found = null;
      for (Node n = this; n.parent != null; n = n.parent) {
        if (n.guarantee.length > 0) {
          found = n;
        }
      }
      return found;
    }
  }

  final Node root = new Node("", null);
  final TreeSet<Node> unmet = new TreeSet<>(ORDER);
  final List<Node> quotaNodes = new ArrayList<>();
  private final Map<String, Node> nodes = new HashMap<>();
  long[] totals = new long[0];
  /** Roles with a limit; while 0 the round skips limit checks entirely. */
  int limitedRoles;
  private boolean dirty;

  /** The node for {@code role}, creating it and its ancestors. */
  Node node(String role) {
    Node n = nodes.get(role);
    if (n == null) {
      Role r = Role.of(role);
      Node parent = r.parent().map(p -> node(p.name())).orElse(root);
      n = new Node(role, parent);
      parent.children.put(role, n);
      nodes.put(role, n);
    }
    return n;
  }

  /** The node for {@code role} if it exists. */
  Node find(String role) {
    return nodes.get(role);
  }

  Iterable<Node> nodes() {
    return nodes.values();
  }

  /** Cluster totals changed: every share is stale, rebuild before the next round. */
  void totalsChanged(long[] newTotals) {
    totals = newTotals;
    dirty = true;
  }

  /** Shares changed everywhere (weights); same as totals. */
  void markDirty() {
    dirty = true;
  }

  /** Recomputes every share and re-sorts every level, if anything made them stale. */
  void refresh() {
    if (!dirty) {
      return;
    }
    dirty = false;
    unmet.clear();
    for (Node n : nodes.values()) {
      n.order.clear();
      n.clients.clear();
    }
    root.order.clear();
    for (Node n : nodes.values()) {
      n.share = Vec.share(n.alloc, totals, n.weight);
      n.self.share = Vec.share(n.own, totals, n.weight);
    }
    for (Node n : nodes.values()) {
      if (n.activeBelow > 0) {
        n.parent.order.add(n);
      }
      if (n.unmet()) {
        unmet.add(n);
      }
      for (Client c : n.members) {
        c.share = Vec.share(c.alloc, totals, 1.0);
        if (c.active) {
          n.clients.add(c);
        }
      }
      if (!n.clients.isEmpty()) {
        n.order.add(n.self);
      }
    }
  }

  /** A new, inactive client of {@code framework} in {@code role}. */
  Client client(FrameworkState framework, String role) {
    Node n = node(role);
    Client c = new Client(framework, n);
    c.share = 0;
    n.members.add(c);
    return c;
  }

  /** Forgets a client; its allocation must have been recovered already. */
  void remove(Client c) {
    setActive(c, false);
    c.node.members.remove(c);
  }

  /** Makes a client (in)active: only active clients are ever visited. */
  void setActive(Client c, boolean active) {
    if (c.active == active) {
      return;
    }
    Node n = c.node;
    if (active) {
      c.active = true;
      c.share = Vec.share(c.alloc, totals, 1.0);
      n.clients.add(c);
      if (n.clients.size() == 1) {
        n.order.add(n.self);
      }
    } else {
      n.clients.remove(c);
      c.active = false;
      if (n.clients.isEmpty()) {
        n.order.remove(n.self);
      }
    }
    for (Node p = n; p.parent != null; p = p.parent) {
      p.activeBelow += active ? 1 : -1;
      if (active && p.activeBelow == 1) {
        p.parent.order.add(p);
      } else if (!active && p.activeBelow == 0) {
        p.parent.order.remove(p);
      }
    }
  }

  /**
   * Adds {@code sign * all} to the client's allocation ({@code unreserved} being the unreserved
   * part of it) and re-sorts the path to the root.
   */
  void charge(Client c, long[] all, long[] unreserved, int sign) {
    Node n = c.node;
    if (c.active) {
      n.clients.remove(c);
    }
    c.alloc = Vec.add(c.alloc, all, sign);
    c.share = Vec.share(c.alloc, totals, 1.0);
    if (c.active) {
      n.clients.add(c);
    }
    boolean selfIn = n.order.remove(n.self);
    n.own = Vec.add(n.own, all, sign);
    n.self.share = Vec.share(n.own, totals, n.weight);
    if (selfIn) {
      n.order.add(n.self);
    }
    for (Node p = n; p.parent != null; p = p.parent) {
      Node q = p;
      resort(q, () -> {
        q.alloc = Vec.add(q.alloc, all, sign);
        q.allocUnreserved = Vec.add(q.allocUnreserved, unreserved, sign);
      });
    }
  }

  /** Adds {@code sign * r} to the reservations held by {@code role} and its ancestors (consumption). */
  void reserve(String role, long[] r, int sign) {
    for (Node p = node(role); p.parent != null; p = p.parent) {
      Node q = p;
      resort(q, () -> q.reserved = Vec.add(q.reserved, r, sign));
    }
  }

  /** Changes a node's vectors or settings while keeping its parent's order and the unmet set right. */
  void resort(Node p, Runnable change) {
    boolean in = p.parent.order.remove(p);
    unmet.remove(p);
    change.run();
    p.share = Vec.share(p.alloc, totals, p.weight);
    if (in) {
      p.parent.order.add(p);
    }
    if (p.unmet()) {
      unmet.add(p);
    }
  }

  /** The first active client in DRF order under {@code from} that {@code accept} takes, or null. */
  static Client first(Node from, Predicate<Client> accept) {
    for (Entry e : from.order) {
      if (e instanceof SelfLeaf s) {
        for (Client c : s.node.clients) {
          if (accept.test(c)) {
            return c;
          }
        }
      } else {
        Client c = first((Node) e, accept);
        if (c != null) {
          return c;
        }
      }
    }
    return null;
  }
}
