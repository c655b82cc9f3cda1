/**
 * The Mesos resource provider: the master as a framework of the Mesos v1 scheduler HTTP API (protobuf over
 * RecordIO), turning offers into leases and task status updates into worker statuses. With the scheduler package,
 * the only place that imports {@code org.apache.mesos}.
 */
package io.mantis.master.resources.mesos;
