package io.mantis.master.resources.mesos;

import io.mantis.master.resources.Lease;
import io.mantis.master.resources.Lease.PortRange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.Attribute;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Value;

/**
 * Turns a v1 {@link Offer} into a {@link Lease}. A resource name may repeat (the role's reserved cpus beside the
 * unreserved ones): scalars are summed and port ranges collected, so the lease shows everything the offer holds.
 * Only TEXT attributes are kept, as Fenzo reads no other kind ({@code pool:perpetual}). Stateless and thread-safe.
 */
final class OfferConverter {

    static final String CPUS = "cpus";
    static final String MEM = "mem";
    static final String NETWORK = "network";
    static final String DISK = "disk";
    static final String PORTS = "ports";

    private OfferConverter() {
    }

    /** @param offeredAtMillis when the offer arrived; the lease id is the offer id */
    static Lease toLease(Offer offer, long offeredAtMillis) {
        List<PortRange> ports = new ArrayList<>();
        for (Resource r : offer.getResourcesList()) {
            if (PORTS.equals(r.getName()) && r.getType() == Value.Type.RANGES) {
                for (Value.Range range : r.getRanges().getRangeList()) {
                    ports.add(new PortRange((int) range.getBegin(), (int) range.getEnd()));
                }
            }
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Attribute a : offer.getAttributesList()) {
            if (a.getType() == Value.Type.TEXT) {
                attributes.put(a.getName(), a.getText().getValue());
            }
        }
        return new Lease(offer.getId().getValue(), offer.getAgentId().getValue(), offer.getHostname(),
                scalar(offer, CPUS), scalar(offer, MEM), scalar(offer, NETWORK), scalar(offer, DISK), ports,
                attributes, offeredAtMillis);
    }

    /** Sum of every SCALAR resource named {@code name} in the offer; 0 when there is none. */
    static double scalar(Offer offer, String name) {
        double sum = 0;
        for (Resource r : offer.getResourcesList()) {
            if (name.equals(r.getName()) && r.getType() == Value.Type.SCALAR) {
                sum += r.getScalar().getValue();
            }
        }
        return sum;
    }
}
