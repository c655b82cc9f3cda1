package io.mantis.master.resources.mesos;

import java.time.Duration;
import java.util.Objects;

/**
 * How the master talks to Mesos.
 *
 * @param master             {@code http://host:5050[,http://host2:5050...]} (scheme optional), or
 *                           {@code zk://host:2181[,host2:2181]/mesos} to follow the leading Mesos master
 * @param user               the Unix user tasks run as on the agents
 * @param role               the framework's role; {@code *} for unreserved resources
 * @param failoverTimeout    how long Mesos keeps our tasks running while no scheduler is subscribed
 * @param refuseSeconds      filter on declined and partly used offers; short, so idle agents come back soon
 * @param reconcileInterval  period of implicit reconciliation after the explicit one that follows each SUBSCRIBED
 * @param missedHeartbeats   a subscription silent for this many heartbeat intervals is dropped and renewed
 * @param minBackoff         first delay before re-subscribing or retrying a call that got 503
 * @param maxBackoff         the delay doubles up to this
 * @param callTimeout        a call without an answer by then has failed
 */
public record MesosConfig(String master, String user, String role, Duration failoverTimeout, double refuseSeconds,
                          Duration reconcileInterval, int missedHeartbeats, Duration minBackoff, Duration maxBackoff,
                          Duration callTimeout) {

    public static final String FRAMEWORK_NAME = "mantis";

    public MesosConfig {
        if (master == null || master.isBlank()) {
            throw new IllegalArgumentException("the Mesos master is missing: give http://host:5050 or "
                    + "zk://host:2181/mesos");
        }
        requireText(user, "user");
        requireText(role, "role");
        requirePositive(failoverTimeout, "failoverTimeout");
        requirePositive(reconcileInterval, "reconcileInterval");
        requirePositive(minBackoff, "minBackoff");
        requirePositive(maxBackoff, "maxBackoff");
        requirePositive(callTimeout, "callTimeout");
        if (!(refuseSeconds >= 0)) {
            throw new IllegalArgumentException("refuseSeconds is " + refuseSeconds + ": give 0 or more seconds");
        }
        if (missedHeartbeats < 1) {
            throw new IllegalArgumentException("missedHeartbeats is " + missedHeartbeats + ": give 1 or more");
        }
        if (maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff " + maxBackoff + " is below minBackoff " + minBackoff);
        }
    }

    /** One-week failover timeout, role {@code *}, the JVM's user, 5 s decline filters, reconciliation every 10 min. */
    public static MesosConfig defaults(String master) {
        return new MesosConfig(master, System.getProperty("user.name", "root"), "*", Duration.ofDays(7), 5,
                Duration.ofMinutes(10), 5, Duration.ofMillis(500), Duration.ofSeconds(15), Duration.ofSeconds(10));
    }

    public MesosConfig withUser(String newUser) {
        return new MesosConfig(master, newUser, role, failoverTimeout, refuseSeconds, reconcileInterval,
                missedHeartbeats, minBackoff, maxBackoff, callTimeout);
    }

    public MesosConfig withRole(String newRole) {
        return new MesosConfig(master, user, newRole, failoverTimeout, refuseSeconds, reconcileInterval,
                missedHeartbeats, minBackoff, maxBackoff, callTimeout);
    }

    public MesosConfig withReconcileInterval(Duration interval) {
        return new MesosConfig(master, user, role, failoverTimeout, refuseSeconds, interval, missedHeartbeats,
                minBackoff, maxBackoff, callTimeout);
    }

    public MesosConfig withBackoff(Duration min, Duration max) {
        return new MesosConfig(master, user, role, failoverTimeout, refuseSeconds, reconcileInterval,
                missedHeartbeats, min, max, callTimeout);
    }

    public MesosConfig withMissedHeartbeats(int missed) {
        return new MesosConfig(master, user, role, failoverTimeout, refuseSeconds, reconcileInterval, missed,
                minBackoff, maxBackoff, callTimeout);
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is missing: give a non-blank " + field);
        }
    }

    private static void requirePositive(Duration value, String field) {
        Objects.requireNonNull(value, field + " is null");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + " is " + value + ": give a positive duration");
        }
    }
}
