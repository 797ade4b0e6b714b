package io.citadel.security.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Test helper: a terse builder for {@link RangerPolicy}. */
final class Policies {

    private final String id;
    private RangerPolicy.Priority priority = RangerPolicy.Priority.NORMAL;
    private boolean enabled = true;
    private final Map<String, RangerPolicy.Resource> resources = new LinkedHashMap<>();
    private final List<PolicyItem> allow = new ArrayList<>();
    private final List<PolicyItem> allowEx = new ArrayList<>();
    private final List<PolicyItem> deny = new ArrayList<>();
    private final List<PolicyItem> denyEx = new ArrayList<>();

    private Policies(String id) {
        this.id = id;
    }

    static Policies policy(String id) {
        return new Policies(id);
    }

    Policies override() {
        priority = RangerPolicy.Priority.OVERRIDE;
        return this;
    }

    Policies disabled() {
        enabled = false;
        return this;
    }

    Policies resource(String kind, RangerPolicy.Resource r) {
        resources.put(kind, r);
        return this;
    }

    Policies allow(PolicyItem item) {
        allow.add(item);
        return this;
    }

    Policies allowException(PolicyItem item) {
        allowEx.add(item);
        return this;
    }

    Policies deny(PolicyItem item) {
        deny.add(item);
        return this;
    }

    Policies denyException(PolicyItem item) {
        denyEx.add(item);
        return this;
    }

    RangerPolicy build() {
        return new RangerPolicy(id, id, enabled, true, priority, resources, allow, allowEx, deny, denyEx);
    }

    static PolicyItem users(String users, String... accesses) {
        return new PolicyItem(split(users), Set.of(), Set.of(), Set.of(accesses));
    }

    static PolicyItem groups(String groups, String... accesses) {
        return new PolicyItem(Set.of(), split(groups), Set.of(), Set.of(accesses));
    }

    static PolicyItem roles(String roles, String... accesses) {
        return new PolicyItem(Set.of(), Set.of(), split(roles), Set.of(accesses));
    }

    private static Set<String> split(String csv) {
        return Set.of(csv.split(","));
    }
}
