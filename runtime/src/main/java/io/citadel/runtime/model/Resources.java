package io.citadel.runtime.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.citadel.runtime.model.InvalidResourcesException.Violation;

/**
 * A bag of resources: named scalars in fixed point plus a set of ports. Used for agent totals and
 * free pools, offers, task requests and allocations.
 *
 * <p><b>Fixed point.</b> Scalars are {@code long} milli-units: 1 cpu = 1000, 1 MB of mem = 1000,
 * so the resolution is 0.001 as in Mesos, and arithmetic is exact: ten tasks of 0.1 cpu use
 * exactly 1 cpu, and freeing them gives back exactly 1 cpu (B06). Text with more than three
 * decimals is rejected, not rounded. {@code cpus}, {@code mem} (MB), {@code disk} (MB) and
 * {@code gpus} are the well-known names; any other name matching {@code [A-Za-z][A-Za-z0-9_.-]{0,63}}
 * is a custom scalar. {@code ports} is the only range resource.
 *
 * <p><b>Invariants</b> (checked by every constructor, including Jackson deserialisation, so an
 * invalid message never becomes an instance): every scalar present is positive (absence means
 * zero; a value of zero is refused rather than silently dropped), at most
 * {@value Quantities#MAX_MILLI} milli, never negative; ports lie in 0..65535, do not overlap
 * within one instance (B03) and are kept sorted and merged. Equal resources are equal records.
 *
 * <p><b>Across agents.</b> A {@code Resources} describes one agent (or one request): identical
 * port ranges on different agents are fine, but adding them into one instance counts each port
 * once and is refused as an overlap; cluster-wide totals should sum {@link #scalarsOnly()}.
 *
 * <p>Immutable and thread-safe. Wire form: {@code {"scalars":{"cpus":500},"ports":[{"begin":1,"end":2}]}}.
 *
 * @param scalars milli-units per resource name, in display order (cpus, mem, disk, gpus, then by name)
 * @param ports   normalised port ranges
 */
public record Resources(@JsonProperty("scalars") Map<String, Long> scalars,
                        @JsonProperty("ports") List<Range> ports) {

    /** Name of the CPU scalar (cores, 0.001 resolution). */
    public static final String CPUS = "cpus";
    /** Name of the memory scalar (MB). */
    public static final String MEM = "mem";
    /** Name of the disk scalar (MB). */
    public static final String DISK = "disk";
    /** Name of the GPU scalar (devices). */
    public static final String GPUS = "gpus";
    /** Name of the port range resource. */
    public static final String PORTS = "ports";
    /** Most distinct scalar names one instance may hold. */
    public static final int MAX_SCALARS = 64;
    /** Least cpus a task may ask for, in milli (0.01 cpu, as Mesos's MIN_CPUS). */
    public static final long MIN_TASK_CPUS_MILLI = 10;
    /** Least mem a task may ask for, in milli (1 MB). */
    public static final long MIN_TASK_MEM_MILLI = 1_000;
    /** No resources. */
    public static final Resources EMPTY = new Resources(Map.of(), List.of());

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");
    private static final List<String> WELL_KNOWN = List.of(CPUS, MEM, DISK, GPUS);
    private static final Comparator<String> DISPLAY_ORDER = Comparator
            .comparingInt((String n) -> WELL_KNOWN.contains(n) ? WELL_KNOWN.indexOf(n) : WELL_KNOWN.size())
            .thenComparing(Comparator.naturalOrder());

    /** Validates and normalises; {@code null} maps or lists mean none. */
    public Resources {
        List<Violation> violations = new ArrayList<>();
        Map<String, Long> checked = new TreeMap<>(DISPLAY_ORDER);
        if (scalars != null) {
            if (scalars.size() > MAX_SCALARS) {
                violations.add(new Violation("scalars", scalars.size() + " names, at most " + MAX_SCALARS));
            } else {
                scalars.forEach((name, milli) -> checkScalar(name, milli, checked, violations));
            }
        }
        List<Range> normalised = PortRanges.normalise(ports == null ? List.of() : ports, violations);
        InvalidResourcesException.throwIfAny(violations);
        scalars = Collections.unmodifiableMap(checked);
        ports = normalised;
    }

    /**
     * Parses Mesos text such as {@code cpus:0.1;mem:32;disk:100;ports:[31000-32000,33000-33001]}.
     * Reservations ({@code cpus(role):1}) are refused here; use {@link AgentResources#parse}.
     *
     * @throws InvalidResourcesException listing every problem, each naming its field
     */
    public static Resources parse(String text) {
        Map<String, ResourceText.Part> parts = ResourceText.parse(text, false);
        ResourceText.Part part = parts.get(Role.DEFAULT_NAME);
        return part == null ? EMPTY : new Resources(part.scalars(), part.ports());
    }

    /**
     * Jackson entry point. Takes {@link Number}s so that a fractional milli value ({@code 1.5}) is
     * refused instead of being truncated by Jackson's float-to-int coercion.
     */
    @JsonCreator
    static Resources fromWire(@JsonProperty("scalars") Map<String, Number> scalars,
                              @JsonProperty("ports") List<Range> ports) {
        Map<String, Long> whole = new TreeMap<>();
        List<Violation> violations = new ArrayList<>();
        if (scalars != null && scalars.size() <= MAX_SCALARS) {
            scalars.forEach((name, n) -> {
                String field = Texts.printable(name);
                if (n == null || n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
                    whole.put(name, n == null ? null : n.longValue());
                } else if (n instanceof java.math.BigInteger) {
                    violations.add(new Violation(field, "is too large: " + n + " milli"));
                } else {
                    violations.add(new Violation(field, "must be a whole number of milli-units, got " + n));
                }
            });
        } else if (scalars != null) {
            violations.add(new Violation("scalars", scalars.size() + " names, at most " + MAX_SCALARS));
        }
        InvalidResourcesException.throwIfAny(violations);
        return new Resources(whole, ports);
    }

    /** One scalar; {@code milli} must be positive. */
    public static Resources ofScalar(String name, long milli) {
        return new Resources(Map.of(name, milli), List.of());
    }

    /** Only the given port ranges (which must not overlap). */
    public static Resources ofPorts(Range... ranges) {
        return new Resources(Map.of(), List.of(ranges));
    }

    /** Milli-units of {@code name}; 0 when absent. */
    public long scalar(String name) {
        return scalars.getOrDefault(name, 0L);
    }

    /** Cpus as a number, for display and metrics only; never compute with it. */
    public double cpus() {
        return scalar(CPUS) / (double) Quantities.SCALE;
    }

    /** Mem in MB as a number, for display and metrics only; never compute with it. */
    public double mem() {
        return scalar(MEM) / (double) Quantities.SCALE;
    }

    /** Disk in MB as a number, for display and metrics only. */
    public double disk() {
        return scalar(DISK) / (double) Quantities.SCALE;
    }

    /** Gpus as a number, for display and metrics only. */
    public double gpus() {
        return scalar(GPUS) / (double) Quantities.SCALE;
    }

    /** Number of ports held. */
    public long portCount() {
        return PortRanges.count(ports);
    }

    /** Whether there is nothing at all. */
    @JsonIgnore
    public boolean isEmpty() {
        return scalars.isEmpty() && ports.isEmpty();
    }

    /** These resources without the ports; what cluster-wide totals should add up. */
    public Resources scalarsOnly() {
        return ports.isEmpty() ? this : new Resources(scalars, List.of());
    }

    /**
     * Sum. Scalars add exactly; ports are united and must be disjoint, since one port counted twice
     * on one agent means an accounting error (for example a task recovered twice).
     *
     * @throws InvalidResourcesException if ports overlap or a scalar would exceed the maximum
     */
    public Resources plus(Resources other) {
        if (other.isEmpty()) {
            return this;
        }
        Map<String, Long> sum = new TreeMap<>(scalars);
        other.scalars.forEach((name, milli) -> sum.merge(name, milli, Math::addExact));
        return new Resources(sum, PortRanges.union(ports, other.ports));
    }

    /**
     * Difference; never produces a negative amount.
     *
     * @throws IllegalArgumentException naming the resource when {@code other} is not contained in this
     */
    public Resources minus(Resources other) {
        if (other.isEmpty()) {
            return this;
        }
        Map<String, Long> rest = new TreeMap<>(scalars);
        for (Map.Entry<String, Long> e : other.scalars.entrySet()) {
            long have = scalar(e.getKey());
            if (have < e.getValue()) {
                throw new IllegalArgumentException(e.getKey() + ": cannot subtract " + Quantities.format(e.getValue())
                        + " from " + Quantities.format(have) + " (would be negative)");
            }
            if (have == e.getValue()) {
                rest.remove(e.getKey());
            } else {
                rest.put(e.getKey(), have - e.getValue());
            }
        }
        return new Resources(rest, PortRanges.subtract(ports, other.ports));
    }

    /** Whether {@code other} fits in these resources: every scalar at most ours, every port ours. */
    public boolean contains(Resources other) {
        for (Map.Entry<String, Long> e : other.scalars.entrySet()) {
            if (scalar(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return PortRanges.contains(ports, other.ports);
    }

    /**
     * The lowest {@code n} ports held, as resources to put into a launch.
     *
     * @throws IllegalArgumentException if fewer than {@code n} ports are held
     */
    public Resources takePorts(long n) {
        return new Resources(Map.of(), PortRanges.takeFirst(ports, n));
    }

    /**
     * Checks these resources as a task's request: at least one of cpus or mem; cpus, if given, at
     * least 0.01 ({@link #MIN_TASK_CPUS_MILLI}); mem, if given, at least 1 MB ({@link #MIN_TASK_MEM_MILLI}).
     * Negative and zero amounts cannot exist in a {@code Resources} at all (B04).
     *
     * @return this, for chaining
     * @throws InvalidResourcesException listing every problem
     */
    public Resources validateForTask() {
        InvalidResourcesException.throwIfAny(taskViolations());
        return this;
    }

    /** The problems {@link #validateForTask()} would report; empty when the request is acceptable. */
    public List<Violation> taskViolations() {
        List<Violation> violations = new ArrayList<>();
        long cpus = scalar(CPUS);
        long mem = scalar(MEM);
        if (cpus == 0 && mem == 0) {
            violations.add(new Violation("cpus/mem", "a task must ask for cpus or mem"));
        }
        if (cpus > 0 && cpus < MIN_TASK_CPUS_MILLI) {
            violations.add(new Violation(CPUS, "a task needs at least " + Quantities.format(MIN_TASK_CPUS_MILLI)
                    + ", got " + Quantities.format(cpus)));
        }
        if (mem > 0 && mem < MIN_TASK_MEM_MILLI) {
            violations.add(new Violation(MEM, "a task needs at least " + Quantities.format(MIN_TASK_MEM_MILLI)
                    + " MB, got " + Quantities.format(mem)));
        }
        return violations;
    }

    /** Mesos text form, e.g. {@code cpus:0.5;mem:128;ports:[31000-31005]}; empty resources give {@code ""}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        appendTo(out, "");
        return out.toString();
    }

    /** Appends entries as {@code name<suffix>:value;...}; {@code suffix} is {@code "(role)"} for reservations. */
    void appendTo(StringBuilder out, String suffix) {
        scalars.forEach((name, milli) -> separate(out).append(name).append(suffix).append(':')
                .append(Quantities.format(milli)));
        if (!ports.isEmpty()) {
            separate(out).append(PORTS).append(suffix).append(':').append(PortRanges.format(ports));
        }
    }

    /** Why {@code name} is not a valid scalar or range resource name, or {@code null} if it is. */
    static String nameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return "resource name must not be empty";
        }
        if (!NAME.matcher(name).matches()) {
            return "resource name must match [A-Za-z][A-Za-z0-9_.-]{0,63}";
        }
        return null;
    }

    private static void checkScalar(String name, Long milli, Map<String, Long> into, List<Violation> violations) {
        String problem = nameProblem(name);
        String field = Texts.printable(name);
        if (problem != null) {
            violations.add(new Violation(field, problem));
        } else if (PORTS.equals(name)) {
            violations.add(new Violation(field, "ports are ranges, not a scalar"));
        } else if (milli == null) {
            violations.add(new Violation(field, "value must not be null"));
        } else if (milli < 0) {
            violations.add(new Violation(field, "must not be negative, got " + milli + " milli"));
        } else if (milli == 0) {
            violations.add(new Violation(field, "must be positive (leave a resource out rather than giving it 0)"));
        } else if (milli > Quantities.MAX_MILLI) {
            violations.add(new Violation(field, "is too large, the maximum is " + Quantities.format(Quantities.MAX_MILLI)
                    + ", got " + Quantities.format(milli)));
        } else {
            into.put(name, milli);
        }
    }

    private static StringBuilder separate(StringBuilder out) {
        return out.isEmpty() ? out : out.append(';');
    }
}
