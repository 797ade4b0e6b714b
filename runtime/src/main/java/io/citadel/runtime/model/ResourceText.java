package io.citadel.runtime.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.citadel.runtime.model.InvalidResourcesException.Violation;

/**
 * Parser for the Mesos resource text syntax, shared by {@link Resources#parse} (no roles) and
 * {@link AgentResources#parse} (static reservations):
 *
 * <pre>
 *   text   := entry (';' entry)* [';']
 *   entry  := name ['(' role ')'] ':' value
 *   value  := decimal                      e.g. 0.5, 128
 *           | '[' begin '-' end (',' begin '-' end)* ']'     (ports only)
 * </pre>
 *
 * Whitespace around tokens is ignored. All problems are collected, each naming its field
 * ({@code mem}, {@code cpus(ads)}), and reported together. Stateless; thread-safe.
 */
final class ResourceText {

    /** Longest resource text accepted, so a hostile string cannot make the parser work for long. */
    static final int MAX_TEXT_LENGTH = 256 * 1024;

    private static final Pattern ENTRY = Pattern.compile("([^:()]*)(?:\\(([^()]*)\\))?\\s*:(.*)", Pattern.DOTALL);
    private static final Pattern RANGE = Pattern.compile("([0-9]{1,10})\\s*-\\s*([0-9]{1,10})");

    /** The scalars (milli) and port ranges given for one role; {@code "*"} is unreserved. */
    record Part(Map<String, Long> scalars, List<Range> ports) {
    }

    private ResourceText() {
    }

    /**
     * Parses {@code text} into parts keyed by role ({@code "*"} first if present), throwing
     * {@link InvalidResourcesException} with every problem found.
     *
     * @param allowRoles whether {@code name(role)} is accepted
     */
    static Map<String, Part> parse(String text, boolean allowRoles) {
        List<Violation> violations = new ArrayList<>();
        Map<String, Part> parts = new LinkedHashMap<>();
        if (text == null) {
            throw new InvalidResourcesException(List.of(new Violation("resources", "text must not be null")));
        }
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new InvalidResourcesException(List.of(new Violation("resources",
                    "text is " + text.length() + " characters long, the limit is " + MAX_TEXT_LENGTH)));
        }
        String trimmed = text.strip();
        if (trimmed.endsWith(";")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        if (trimmed.isBlank()) {
            return parts;
        }
        String[] entries = trimmed.split(";", -1);
        for (int i = 0; i < entries.length; i++) {
            parseEntry(entries[i].strip(), i + 1, allowRoles, parts, violations);
        }
        InvalidResourcesException.throwIfAny(violations);
        return parts;
    }

    private static void parseEntry(String entry, int position, boolean allowRoles,
                                   Map<String, Part> parts, List<Violation> violations) {
        Matcher m = ENTRY.matcher(entry);
        if (entry.isEmpty() || !m.matches()) {
            violations.add(new Violation("entry " + position, "expected name:value or name(role):value, got '"
                    + Texts.printable(entry) + "'"));
            return;
        }
        String name = m.group(1).strip();
        String role = m.group(2) == null ? null : m.group(2).strip();
        String value = m.group(3).strip();
        String field = role == null ? name : name + "(" + role + ")";
        String nameProblem = Resources.nameProblem(name);
        if (nameProblem != null) {
            violations.add(new Violation(Texts.printable(field), nameProblem));
            return;
        }
        if (role != null && !allowRoles) {
            violations.add(new Violation(field, "a reservation (role) is not allowed here"));
            return;
        }
        String roleKey = role == null ? Role.DEFAULT_NAME : role;
        if (role != null) {
            String roleProblem = Role.problem(role);
            if (roleProblem != null) {
                violations.add(new Violation(Texts.printable(field), roleProblem));
                return;
            }
        }
        Part part = parts.computeIfAbsent(roleKey, r -> new Part(new LinkedHashMap<>(), new ArrayList<>()));
        if (Resources.PORTS.equals(name)) {
            if (!part.ports().isEmpty()) {
                violations.add(new Violation(field, "given more than once"));
                return;
            }
            parseRanges(field, value, violations).ifPresent(part.ports()::addAll);
            return;
        }
        if (part.scalars().containsKey(name)) {
            violations.add(new Violation(field, "given more than once"));
            return;
        }
        if (value.startsWith("[") || value.startsWith("{")) {
            violations.add(new Violation(field, "only 'ports' takes ranges; '" + name + "' must be a decimal number"));
            return;
        }
        Long milli = Quantities.parseMilli(field, value, violations);
        if (milli == null) {
            return;
        }
        if (milli == 0) {
            violations.add(new Violation(field, "must be positive, got " + value
                    + " (leave a resource out rather than giving it 0)"));
            return;
        }
        part.scalars().put(name, milli);
    }

    private static Optional<List<Range>> parseRanges(String field, String value, List<Violation> violations) {
        if (!value.startsWith("[") || !value.endsWith("]")) {
            violations.add(new Violation(field, "expected ranges like [31000-32000,33000-33001], got '"
                    + Texts.printable(value) + "'"));
            return Optional.empty();
        }
        String inner = value.substring(1, value.length() - 1).strip();
        if (inner.isEmpty()) {
            violations.add(new Violation(field, "empty range list []; leave ports out instead"));
            return Optional.empty();
        }
        List<Range> ranges = new ArrayList<>();
        int before = violations.size();
        for (String token : inner.split(",", -1)) {
            String t = token.strip();
            Matcher m = RANGE.matcher(t);
            if (t.startsWith("-")) {
                violations.add(new Violation(field, "port numbers must not be negative, got '" + Texts.printable(t) + "'"));
            } else if (!m.matches()) {
                violations.add(new Violation(field, "expected a range begin-end, got '" + Texts.printable(t) + "'"));
            } else {
                long begin = Long.parseLong(m.group(1));
                long end = Long.parseLong(m.group(2));
                if (end > Range.MAX_PORT || begin > Range.MAX_PORT) {
                    violations.add(new Violation(field, "range [" + t + "] is outside " + Range.MIN_PORT + ".." + Range.MAX_PORT));
                } else if (begin > end) {
                    violations.add(new Violation(field, "range [" + t + "] has begin > end"));
                } else {
                    ranges.add(new Range(begin, end));
                }
            }
        }
        List<Violation> overlaps = new ArrayList<>();
        List<Range> normalised = PortRanges.normalise(ranges, overlaps);
        for (Violation v : overlaps) {
            violations.add(new Violation(field, v.message()));
        }
        return violations.size() == before ? Optional.of(normalised) : Optional.empty();
    }
}
