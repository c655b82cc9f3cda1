package io.mantis.master.scheduler;

import com.netflix.fenzo.AssignmentFailure;
import com.netflix.fenzo.TaskAssignmentResult;
import com.netflix.fenzo.VMResource;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns Fenzo's per-agent verdicts on a worker into one sentence a user can act on. Stateless. */
final class WaitReasons {

    private WaitReasons() {
    }

    static String notTriedYet(String pool) {
        return "no " + pool + " agent has offered resources yet";
    }

    /**
     * Summarises why {@code worker} fitted no agent: "no perpetual agent has 2.0 cpus free (largest free: 1.0;
     * 3 perpetual agents, 2 agents of other pools)".
     */
    static String describe(WorkerTask worker, List<TaskAssignmentResult> results) {
        String pool = worker.pool();
        int otherPools = 0;
        int inPool = 0;
        Map<VMResource, Integer> shortOf = new EnumMap<>(VMResource.class);
        Map<VMResource, Double> largestFree = new EnumMap<>(VMResource.class);
        for (TaskAssignmentResult r : results) {
            if (r.getHostname() == null || r.getHostname().isEmpty()) {
                continue; // Fenzo's placeholder for failures not tied to an agent (resource allocation limits)
            }
            if (r.getConstraintFailure() != null) {
                otherPools++;
                continue;
            }
            inPool++;
            if (r.getFailures() == null) {
                continue;
            }
            for (AssignmentFailure f : r.getFailures()) {
                shortOf.merge(f.getResource(), 1, Integer::sum);
                largestFree.merge(f.getResource(), Math.max(0, f.getAvailable() - f.getUsed()), Math::max);
            }
        }
        String others = otherPools == 0 ? "" : otherPools + (otherPools == 1 ? " agent" : " agents") + " of other pools";
        if (inPool == 0) {
            return "no " + pool + " agent offers resources" + (others.isEmpty() ? "" : " (" + others + ")");
        }
        VMResource worst = null;
        for (Map.Entry<VMResource, Integer> e : shortOf.entrySet()) {
            if (worst == null || e.getValue() > shortOf.get(worst)) {
                worst = e.getKey();
            }
        }
        String counts = inPool + " " + pool + (inPool == 1 ? " agent" : " agents") + (others.isEmpty() ? "" : ", "
                + others);
        if (worst == null) {
            return "no " + pool + " agent fits it (" + counts + ")";
        }
        return "no " + pool + " agent has " + amount(asking(worker, worst), worst) + " free (largest free: "
                + number(largestFree.get(worst)) + "; " + counts + ")";
    }

    private static double asking(WorkerTask w, VMResource resource) {
        return switch (resource) {
            case CPU -> w.getCPUs();
            case Memory -> w.getMemory();
            case Network -> w.getNetworkMbps();
            case Disk -> w.getDisk();
            case Ports -> w.getPorts();
            default -> 0;
        };
    }

    private static String amount(double value, VMResource resource) {
        String unit = switch (resource) {
            case CPU -> "cpus";
            case Memory -> "MB memory";
            case Network -> "Mbps network";
            case Disk -> "MB disk";
            case Ports -> "ports";
            default -> resource.name();
        };
        return number(value) + " " + unit;
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
