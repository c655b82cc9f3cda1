package io.mantis.cli.mesos;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Value;

/**
 * An immutable bag of Mesos resources: scalars summed by name (repeated {@code cpus} entries add up, as Mesos adds
 * reserved and unreserved ones), ranges kept as sets of values so they can be added and taken away exactly.
 * Set-typed resources are not supported (the fake agents offer none).
 */
record ResourceSet(Map<String, Double> scalars, Map<String, TreeSet<Long>> ranges) {

    /** Below this a scalar counts as zero: Mesos compares scalars with three decimal places. */
    private static final double EPSILON = 1e-3;

    static final double AGENT_DISK_MB = 100_000;

    static final ResourceSet EMPTY = new ResourceSet(Map.of(), Map.of());

    static ResourceSet of(AgentSpec agent) {
        TreeSet<Long> ports = new TreeSet<>();
        for (long p = agent.portsBegin(); p <= agent.portsEnd(); p++) {
            ports.add(p);
        }
        // Like a real agent, which offers its disk by default (and our workers ask for some).
        return new ResourceSet(Map.of("cpus", agent.cpus(), "mem", agent.memMb(), "network", agent.network(),
                "disk", AGENT_DISK_MB), Map.of("ports", ports));
    }

    /** Sums a list of v1 resources; a resource of another type is a caller error. */
    static ResourceSet of(Collection<Resource> resources) {
        Map<String, Double> scalars = new TreeMap<>();
        Map<String, TreeSet<Long>> ranges = new TreeMap<>();
        for (Resource r : resources) {
            switch (r.getType()) {
                case SCALAR -> scalars.merge(r.getName(), r.getScalar().getValue(), Double::sum);
                case RANGES -> {
                    TreeSet<Long> values = ranges.computeIfAbsent(r.getName(), n -> new TreeSet<>());
                    for (Value.Range range : r.getRanges().getRangeList()) {
                        for (long v = range.getBegin(); v <= range.getEnd(); v++) {
                            values.add(v);
                        }
                    }
                }
                default -> throw new IllegalArgumentException("resource '" + r.getName() + "' has type "
                        + r.getType() + "; only SCALAR and RANGES are supported");
            }
        }
        return new ResourceSet(scalars, ranges);
    }

    ResourceSet plus(ResourceSet other) {
        Map<String, Double> s = new TreeMap<>(scalars);
        other.scalars.forEach((name, v) -> s.merge(name, v, Double::sum));
        Map<String, TreeSet<Long>> r = copyRanges();
        other.ranges.forEach((name, v) -> r.computeIfAbsent(name, n -> new TreeSet<>()).addAll(v));
        return new ResourceSet(s, r);
    }

    /** This minus {@code other}; the caller checks {@link #contains} first. */
    ResourceSet minus(ResourceSet other) {
        Map<String, Double> s = new TreeMap<>(scalars);
        other.scalars.forEach((name, v) -> s.merge(name, -v, Double::sum));
        s.replaceAll((name, v) -> Math.abs(v) < EPSILON ? 0.0 : v);
        Map<String, TreeSet<Long>> r = copyRanges();
        other.ranges.forEach((name, v) -> {
            if (r.containsKey(name)) {
                r.get(name).removeAll(v);
            }
        });
        return new ResourceSet(s, r);
    }

    boolean contains(ResourceSet other) {
        for (Map.Entry<String, Double> e : other.scalars.entrySet()) {
            if (e.getValue() > scalars.getOrDefault(e.getKey(), 0.0) + EPSILON) {
                return false;
            }
        }
        for (Map.Entry<String, TreeSet<Long>> e : other.ranges.entrySet()) {
            if (!e.getValue().isEmpty() && !ranges.getOrDefault(e.getKey(), new TreeSet<>()).containsAll(e.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** Worth offering: Mesos offers nothing smaller than 0.01 cpus or 32 MB of memory. */
    boolean offerable() {
        return scalars.getOrDefault("cpus", 0.0) >= 0.01 || scalars.getOrDefault("mem", 0.0) >= 32;
    }

    double scalar(String name) {
        return scalars.getOrDefault(name, 0.0);
    }

    /** As v1 resources allocated to {@code role}, ranges compressed into runs. */
    List<Resource> toProto(String role) {
        List<Resource> out = new ArrayList<>();
        scalars.forEach((name, v) -> {
            if (v >= EPSILON) {
                out.add(Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
                        .setScalar(Value.Scalar.newBuilder().setValue(v))
                        .setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole(role)).build());
            }
        });
        ranges.forEach((name, values) -> {
            if (!values.isEmpty()) {
                out.add(Resource.newBuilder().setName(name).setType(Value.Type.RANGES)
                        .setRanges(runs(values))
                        .setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole(role)).build());
            }
        });
        return out;
    }

    private static Value.Ranges runs(TreeSet<Long> values) {
        Value.Ranges.Builder ranges = Value.Ranges.newBuilder();
        long begin = -1;
        long end = -1;
        for (long v : values) {
            if (begin >= 0 && v == end + 1) {
                end = v;
                continue;
            }
            if (begin >= 0) {
                ranges.addRange(Value.Range.newBuilder().setBegin(begin).setEnd(end));
            }
            begin = v;
            end = v;
        }
        if (begin >= 0) {
            ranges.addRange(Value.Range.newBuilder().setBegin(begin).setEnd(end));
        }
        return ranges.build();
    }

    private Map<String, TreeSet<Long>> copyRanges() {
        Map<String, TreeSet<Long>> r = new TreeMap<>();
        ranges.forEach((name, v) -> r.put(name, new TreeSet<>(v)));
        return r;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        scalars.forEach((name, v) -> s.append(name).append(':').append(v).append(';'));
        ranges.forEach((name, v) -> s.append(name).append(":[").append(v.isEmpty() ? "" : v.first() + "-" + v.last())
                .append(" x").append(v.size()).append("];"));
        return s.toString();
    }
}
