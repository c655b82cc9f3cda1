package io.mantis.master.scheduler;

import com.netflix.fenzo.VirtualMachineLease;
import io.mantis.master.resources.Lease;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.mesos.Protos;

/**
 * A {@link Lease} as Fenzo sees it. Immutable. {@link #getOffer()} is never null: Fenzo only expires and rejects
 * leases that carry an offer, so one is built from the lease's values whatever the lease came from.
 */
final class FenzoLease implements VirtualMachineLease {

    /** Fenzo never sends the offer anywhere; the framework id only has to be present. */
    private static final String FRAMEWORK_ID = "mantis-master";

    private final Lease lease;
    private final String pool;
    private final List<Range> portRanges;
    private final Map<String, Protos.Attribute> attributes;
    private final Protos.Offer offer;

    private FenzoLease(Lease lease) {
        this.lease = lease;
        this.pool = lease.attributes().get(SchedulerConfig.POOL_ATTRIBUTE);
        List<Range> ranges = new ArrayList<>();
        for (Lease.PortRange r : lease.ports()) {
            ranges.add(new Range(r.begin(), r.end()));
        }
        this.portRanges = Collections.unmodifiableList(ranges);
        Map<String, Protos.Attribute> attrs = new HashMap<>();
        lease.attributes().forEach((name, value) -> attrs.put(name, textAttribute(name, value)));
        this.attributes = Collections.unmodifiableMap(attrs);
        this.offer = buildOffer(lease, attrs.values());
    }

    /**
     * Checks a lease and wraps it.
     *
     * @throws IllegalArgumentException naming the field when an id is blank, a resource is negative or not a number,
     *                                  or a port range is empty or outside 1..65535
     */
    static FenzoLease of(Lease lease) {
        String where = "lease " + lease.leaseId() + " from agent " + lease.agentId();
        requireText(lease.leaseId(), "leaseId", where);
        requireText(lease.agentId(), "agentId", where);
        requireText(lease.hostname(), "hostname", where);
        requireAmount(lease.cpus(), "cpus", where);
        requireAmount(lease.memoryMB(), "memoryMB", where);
        requireAmount(lease.networkMbps(), "networkMbps", where);
        requireAmount(lease.diskMB(), "diskMB", where);
        for (Lease.PortRange r : lease.ports()) {
            if (r.begin() < 1 || r.end() > 65535 || r.begin() > r.end()) {
                throw new IllegalArgumentException(where + ": port range [" + r.begin() + ", " + r.end()
                        + "] must satisfy 1 <= begin <= end <= 65535");
            }
        }
        return new FenzoLease(lease);
    }

    private static void requireText(String value, String field, String where) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(where + ": " + field + " must not be blank");
        }
    }

    private static void requireAmount(double value, String field, String where) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(where + ": " + field + " must be a finite number >= 0, got " + value);
        }
    }

    private static Protos.Attribute textAttribute(String name, String value) {
        return Protos.Attribute.newBuilder().setName(name).setType(Protos.Value.Type.TEXT)
                .setText(Protos.Value.Text.newBuilder().setValue(value)).build();
    }

    private static Protos.Offer buildOffer(Lease lease, Iterable<Protos.Attribute> attributes) {
        Protos.Offer.Builder b = Protos.Offer.newBuilder()
                .setId(Protos.OfferID.newBuilder().setValue(lease.leaseId()))
                .setFrameworkId(Protos.FrameworkID.newBuilder().setValue(FRAMEWORK_ID))
                .setSlaveId(Protos.SlaveID.newBuilder().setValue(lease.agentId()))
                .setHostname(lease.hostname())
                .addResources(scalar("cpus", lease.cpus()))
                .addResources(scalar("mem", lease.memoryMB()))
                .addResources(scalar("network", lease.networkMbps()))
                .addResources(scalar("disk", lease.diskMB()))
                .addAllAttributes(attributes);
        if (!lease.ports().isEmpty()) {
            Protos.Value.Ranges.Builder ranges = Protos.Value.Ranges.newBuilder();
            for (Lease.PortRange r : lease.ports()) {
                ranges.addRange(Protos.Value.Range.newBuilder().setBegin(r.begin()).setEnd(r.end()));
            }
            b.addResources(Protos.Resource.newBuilder().setName("ports").setType(Protos.Value.Type.RANGES)
                    .setRanges(ranges));
        }
        return b.build();
    }

    private static Protos.Resource scalar(String name, double value) {
        return Protos.Resource.newBuilder().setName(name).setType(Protos.Value.Type.SCALAR)
                .setScalar(Protos.Value.Scalar.newBuilder().setValue(value)).build();
    }

    /** The pool attribute's value, or null when the agent has none (then no worker fits it). */
    String pool() {
        return pool;
    }

    String agentId() {
        return lease.agentId();
    }

    @Override
    public String getId() {
        return lease.leaseId();
    }

    @Override
    public long getOfferedTime() {
        return lease.offeredAtMillis();
    }

    /**
     * Fenzo's key for the machine: the agent id, not the host name, because several embedded agents share one host
     * and Fenzo would merge their leases into one machine.
     */
    @Override
    public String hostname() {
        return lease.agentId();
    }

    /** Where the agent's workers are reached. */
    String address() {
        return lease.hostname();
    }

    @Override
    public String getVMID() {
        return lease.agentId();
    }

    @Override
    public double cpuCores() {
        return lease.cpus();
    }

    @Override
    public double memoryMB() {
        return lease.memoryMB();
    }

    @Override
    public double networkMbps() {
        return lease.networkMbps();
    }

    @Override
    public double diskMB() {
        return lease.diskMB();
    }

    @Override
    public List<Range> portRanges() {
        return portRanges;
    }

    @Override
    public Protos.Offer getOffer() {
        return offer;
    }

    @Override
    public Map<String, Protos.Attribute> getAttributeMap() {
        return attributes;
    }

    @Override
    public Double getScalarValue(String name) {
        return null;
    }

    @Override
    public Map<String, Double> getScalarValues() {
        return Map.of();
    }

    @Override
    public String toString() {
        return "lease " + lease.leaseId() + " on " + lease.hostname() + " (" + lease.cpus() + " cpus, "
                + lease.memoryMB() + " MB, pool " + pool + ")";
    }
}
