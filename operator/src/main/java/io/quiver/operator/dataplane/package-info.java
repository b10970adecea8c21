/**
 * The operator's client of the data plane: the {@link io.quiver.operator.dataplane.DataPlaneClient}
 * interface the Collection, ResourceGroup, EncryptionKey and Tenant reconcilers manage data-plane
 * objects through, its value types, and the connector that opens clients per cluster.
 */
package io.quiver.operator.dataplane;
