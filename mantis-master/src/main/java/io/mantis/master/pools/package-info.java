/**
 * Agent pools that grow and shrink with Fenzo's autoscaler: the {@link io.mantis.master.pools.PoolRule} of each pool,
 * the {@link io.mantis.master.pools.PoolScaler} that adds and releases agents, and the
 * {@link io.mantis.master.pools.PoolManager} that drains agents before releasing them and keeps each pool within its
 * size.
 */
package io.mantis.master.pools;
