package io.mantis.master.resources.mesos;

import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.Attribute;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Value;

/** Offers as a Mesos master sends them: reserved beside unreserved cpus, two port ranges, TEXT and SCALAR attributes. */
final class MesosFixtures {

    private MesosFixtures() {
    }

    static Offer offer(String offerId, String agentId, String hostname) {
        return Offer.newBuilder()
                .setId(OfferID.newBuilder().setValue(offerId))
                .setFrameworkId(FrameworkID.newBuilder().setValue("fw-1"))
                .setAgentId(AgentID.newBuilder().setValue(agentId))
                .setHostname(hostname)
                .addResources(scalar("cpus", 2).toBuilder().setRole("mantis")
                        .addReservations(Resource.ReservationInfo.newBuilder()
                                .setType(Resource.ReservationInfo.Type.STATIC).setRole("mantis")))
                .addResources(scalar("cpus", 6))
                .addResources(scalar("mem", 16384))
                .addResources(scalar("network", 1000))
                .addResources(scalar("disk", 20000))
                .addResources(Resource.newBuilder().setName("ports").setType(Value.Type.RANGES)
                        .setRanges(Value.Ranges.newBuilder()
                                .addRange(Value.Range.newBuilder().setBegin(31000).setEnd(31009))
                                .addRange(Value.Range.newBuilder().setBegin(32000).setEnd(32000))))
                .addAttributes(Attribute.newBuilder().setName("pool").setType(Value.Type.TEXT)
                        .setText(Value.Text.newBuilder().setValue("perpetual")))
                .addAttributes(Attribute.newBuilder().setName("rack").setType(Value.Type.SCALAR)
                        .setScalar(Value.Scalar.newBuilder().setValue(2)))
                .build();
    }

    static Resource scalar(String name, double value) {
        return Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
                .setScalar(Value.Scalar.newBuilder().setValue(value)).build();
    }
}
