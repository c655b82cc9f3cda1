package io.mantis.protocol;

/**
 * What an agent offers in total: the same scalars a Mesos agent's {@code --resources} carries.
 *
 * @param portsBegin first port of the range workers' ports are taken from (inclusive)
 * @param portsEnd   last port of that range (inclusive)
 */
public record AgentResources(double cpus, double memoryMB, double networkMbps, double diskMB,
                             int portsBegin, int portsEnd) {
}
