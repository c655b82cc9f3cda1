/**
 * The master's REST API (docs/control-plane.md): {@link io.mantis.master.api.ApiServer} serves it over Netty and
 * answers each route through {@link io.mantis.master.api.MasterOperations}; {@link io.mantis.master.api.Views}
 * are its JSON documents. Everything else in the package (routing, body handling, JSON errors, the token check)
 * is package-private.
 */
package io.mantis.master.api;
