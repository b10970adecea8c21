/** Desired state of a Tenant as pure functions; no Kubernetes client, no JOSDK. */
package io.quiver.operator.tenant.model;
