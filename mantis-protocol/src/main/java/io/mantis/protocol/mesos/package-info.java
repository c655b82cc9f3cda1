/**
 * Mesos's RecordIO framing, read by both sides that speak the Mesos v1 HTTP APIs: the master's scheduler client and
 * the custom executor. Plain bytes in, records out; no Mesos classes, so this module stays free of them.
 */
package io.mantis.protocol.mesos;
