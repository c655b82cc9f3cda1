/**
 * The Mantis custom executor for Apache Mesos: a client of the agent's v1 executor HTTP API
 * ({@code POST /api/v1/executor}, protobuf bodies, a RecordIO event stream) that runs one worker per task.
 *
 * <p>{@link io.mantis.executor.mesos.MesosExecutorMain} reads the agent's {@code MESOS_*} environment;
 * {@code AgentSession} keeps the subscription (re-subscribing with backoff within the recovery timeout);
 * {@code MesosExecutor} turns LAUNCH, KILL, ACKNOWLEDGED and SHUTDOWN into worker processes and status updates,
 * each kept until acknowledged. Workers are started like the embedded agent's
 * ({@link io.mantis.executor.agent.WorkerProcess}, {@link io.mantis.executor.agent.WorkerCommands}) but without a
 * cgroup of their own: the agent's isolators already contain the executor's container.
 */
package io.mantis.executor.mesos;
