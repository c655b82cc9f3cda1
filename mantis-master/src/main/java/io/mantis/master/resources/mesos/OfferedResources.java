package io.mantis.master.resources.mesos;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Value;

/**
 * What is left of the offers of one ACCEPT while its tasks are built. Each task takes its resources from the
 * offered {@link Resource}s themselves (copied with their role, reservations and allocation info, only the amount
 * changed), since Mesos accepts a task only when every resource it names is contained in the offers. Reserved
 * resources are taken before unreserved ones.
 *
 * <p>Not thread-safe; used by one launch.
 */
final class OfferedResources {

    /** Mesos keeps scalars with three decimals; smaller remainders are rounding noise. */
    private static final double EPSILON = 0.0005;

    private List<Resource> remaining;

    OfferedResources(List<Resource> offered) {
        List<Resource> sorted = new ArrayList<>(offered);
        sorted.sort(Comparator.comparing(r -> r.getReservationsCount() == 0 && !r.hasReservation()));
        this.remaining = sorted;
    }

    /** One task's share. Either everything asked is taken, or nothing is (and the failure names what is short). */
    final class Take {
        private final List<Resource> left = new ArrayList<>(remaining);
        private final List<Resource> taken = new ArrayList<>();

        /** @throws IllegalArgumentException when the offers hold less than {@code amount} of {@code name} */
        Take scalar(String name, double amount) {
            double needed = round(amount);
            for (int i = 0; i < left.size() && needed > EPSILON; i++) {
                Resource r = left.get(i);
                if (!name.equals(r.getName()) || r.getType() != Value.Type.SCALAR) {
                    continue;
                }
                double have = r.getScalar().getValue();
                double use = Math.min(have, needed);
                if (use <= EPSILON) {
                    continue;
                }
                taken.add(withScalar(r, use));
                left.set(i, withScalar(r, have - use));
                needed = round(needed - use);
            }
            if (needed > EPSILON) {
                throw new IllegalArgumentException("the offers lack " + needed + " " + name + " of the " + amount
                        + " needed");
            }
            return this;
        }

        /** @throws IllegalArgumentException naming the port when no offered range holds it */
        Take ports(List<Integer> ports) {
            for (int port : ports) {
                boolean found = false;
                for (int i = 0; i < left.size() && !found; i++) {
                    Resource r = left.get(i);
                    if (OfferConverter.PORTS.equals(r.getName()) && r.getType() == Value.Type.RANGES
                            && holds(r, port)) {
                        taken.add(r.toBuilder().setRanges(Value.Ranges.newBuilder()
                                .addRange(Value.Range.newBuilder().setBegin(port).setEnd(port))).build());
                        left.set(i, without(r, port));
                        found = true;
                    }
                }
                if (!found) {
                    throw new IllegalArgumentException("port " + port + " is not in the offered port ranges");
                }
            }
            return this;
        }

        /** How many resource entries are taken so far. */
        int size() {
            return taken.size();
        }

        /** Makes the take final and returns the task's resources. */
        List<Resource> commit() {
            remaining = left;
            return List.copyOf(taken);
        }
    }

    Take take() {
        return new Take();
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static Resource withScalar(Resource r, double value) {
        return r.toBuilder().setScalar(Value.Scalar.newBuilder().setValue(round(value))).build();
    }

    private static boolean holds(Resource r, int port) {
        return r.getRanges().getRangeList().stream().anyMatch(x -> x.getBegin() <= port && port <= x.getEnd());
    }

    private static Resource without(Resource r, int port) {
        Value.Ranges.Builder ranges = Value.Ranges.newBuilder();
        for (Value.Range x : r.getRanges().getRangeList()) {
            if (x.getBegin() <= port && port <= x.getEnd()) {
                if (x.getBegin() < port) {
                    ranges.addRange(Value.Range.newBuilder().setBegin(x.getBegin()).setEnd(port - 1L));
                }
                if (port < x.getEnd()) {
                    ranges.addRange(Value.Range.newBuilder().setBegin(port + 1L).setEnd(x.getEnd()));
                }
            } else {
                ranges.addRange(x);
            }
        }
        return r.toBuilder().setRanges(ranges).build();
    }
}
