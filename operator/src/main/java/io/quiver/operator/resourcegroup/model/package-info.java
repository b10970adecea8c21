/** Desired state of a ResourceGroup as pure functions; no Kubernetes client, no JOSDK. */
package io.quiver.operator.resourcegroup.model;
