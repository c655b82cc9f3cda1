/**
 * The messages the master, the embedded agents and the workers exchange as JSON over HTTP. Records only: no
 * behaviour beyond validation and the worker-id format, so every side can depend on this module.
 */
package io.mantis.protocol;
