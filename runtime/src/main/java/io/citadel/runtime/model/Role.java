package io.citadel.runtime.model;

import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A role: the name under which frameworks receive resources, hold reservations and are given
 * weights and quotas. Roles are hierarchical ({@code eng/frontend} is a child of {@code eng}),
 * and {@code *} is the default role that unreserved resources belong to.
 *
 * <p>Validation follows Mesos: not empty; {@code *} only as the whole default role; no leading
 * or trailing {@code /}, no {@code //}; no component that is {@code .} or {@code ..} or starts
 * with {@code -}; no whitespace or control characters. Citadel is stricter in two ways, because
 * role names end up inside resource text ({@code cpus(eng):4}), ACLs and log lines: only printable
 * ASCII is allowed, and the characters {@code ( ) : ; , [ ] { } \ " '} are refused; names are at
 * most 255 characters.
 *
 * <p>Immutable. Serialised by Jackson as a plain string and validated on deserialisation.
 */
public record Role(String name) {

    /** Name of the default role, which owns unreserved resources. */
    public static final String DEFAULT_NAME = "*";
    /** The default role. */
    public static final Role DEFAULT = new Role(DEFAULT_NAME);
    /** Longest role name accepted. */
    public static final int MAX_LENGTH = 255;

    private static final String FORBIDDEN = "():;,[]{}\\\"'";

    /** @throws IllegalArgumentException naming the role and the rule it breaks */
    public Role {
        validate(name);
    }

    /** Parses and validates a role; the Jackson entry point. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Role of(String name) {
        return new Role(name);
    }

    /**
     * Checks a role name.
     *
     * @return the name
     * @throws IllegalArgumentException naming the role and the rule it breaks
     */
    public static String validate(String name) {
        String problem = problem(name);
        if (problem != null) {
            throw new IllegalArgumentException("role '" + Texts.printable(name) + "': " + problem);
        }
        return name;
    }

    /** Why {@code name} is not a valid role, or {@code null} if it is. */
    static String problem(String name) {
        if (name == null) {
            return "must not be null";
        }
        if (name.isEmpty()) {
            return "must not be empty";
        }
        if (DEFAULT_NAME.equals(name)) {
            return null;
        }
        if (name.length() > MAX_LENGTH) {
            return "is " + name.length() + " characters long, the limit is " + MAX_LENGTH;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return "must not contain whitespace, control or non-ASCII characters (found "
                        + String.format("U+%04X", (int) c) + " at index " + i + ")";
            }
            if (FORBIDDEN.indexOf(c) >= 0) {
                return "must not contain '" + c + "'";
            }
        }
        if (name.startsWith("/")) {
            return "must not start with '/'";
        }
        if (name.endsWith("/")) {
            return "must not end with '/'";
        }
        if (name.contains("//")) {
            return "must not contain '//'";
        }
        for (String component : name.split("/")) {
            if (component.equals(".") || component.equals("..")) {
                return "must not have a component '" + component + "'";
            }
            if (component.startsWith("-")) {
                return "component '" + component + "' must not start with '-'";
            }
            if (component.contains("*")) {
                return "'*' is allowed only as the whole default role '*'";
            }
        }
        return null;
    }

    /** Whether this is the default role {@code *}. */
    public boolean isDefault() {
        return DEFAULT_NAME.equals(name);
    }

    /** The parent role ({@code eng} for {@code eng/frontend}); empty for top-level roles and {@code *}. */
    public Optional<Role> parent() {
        int slash = name.lastIndexOf('/');
        return slash < 0 ? Optional.empty() : Optional.of(new Role(name.substring(0, slash)));
    }

    /** Whether this role is a strict ancestor of {@code other} ({@code eng} of {@code eng/web/a}). */
    public boolean isAncestorOf(Role other) {
        return !isDefault() && other.name.length() > name.length() && other.name.startsWith(name)
                && other.name.charAt(name.length()) == '/';
    }

    @Override
    @JsonValue
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }
}
