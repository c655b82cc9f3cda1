package io.mantis.master.resources.mesos;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The hook of a master given no scaler command or URL: one log line per action it would take. Thread-safe. */
final class LoggingScaleHook implements ScaleHook {

    private static final Logger LOG = LoggerFactory.getLogger(LoggingScaleHook.class);

    @Override
    public void release(String pool, String agentId, String hostname) {
        LOG.info("pool {}: would release Mesos agent {} on {} (drained), but no scaler command or URL is "
                + "configured; the machine keeps running", pool, agentId, hostname);
    }

    @Override
    public void scaleUp(String pool, int count) {
        LOG.info("pool {}: would ask for {} more Mesos agent(s), but no scaler command or URL is configured",
                pool, count);
    }

    @Override
    public String toString() {
        return "no scaler hook (log only)";
    }
}
