package io.mantis.master.leader;

/**
 * Learns when this master gains or loses leadership.
 *
 * <p>Calls come from one dedicated thread per {@link LeaderElection}, never concurrently, and strictly alternate:
 * acquired, lost, acquired, ... starting with acquired. A slow callback delays the next one but never ZooKeeper's
 * event thread. An exception thrown by a callback is logged and does not stop later callbacks.
 */
public interface LeadershipListener {

    /** This member is now the leader: resume from the store and start acting. */
    void onLeadershipAcquired();

    /**
     * This member is no longer the leader (another took over, the ZooKeeper connection was suspended or lost, or the
     * election was closed): stop acting at once, since another master may already lead.
     */
    void onLeadershipLost();
}
