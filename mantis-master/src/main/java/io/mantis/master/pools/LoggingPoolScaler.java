package io.mantis.master.pools;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scaler of a master that was given none: it only logs what it would do. Released agents stay disabled in the
 * scheduler (nothing new goes there) until their provider forgets them. Stateless and thread-safe.
 */
public final class LoggingPoolScaler implements PoolScaler {

    private static final Logger LOG = LoggerFactory.getLogger(LoggingPoolScaler.class);

    @Override
    public void scaleUp(String pool, int count) {
        LOG.info("pool {}: would start {} more agent(s), but no pool scaler is configured", pool, count);
    }

    @Override
    public void release(String pool, List<String> agentIds) {
        LOG.info("pool {}: would release agent(s) {}, but no pool scaler is configured; they take no new workers",
                pool, agentIds);
    }
}
