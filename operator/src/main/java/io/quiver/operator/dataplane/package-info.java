/**
 * The operator's client of the data plane: the {@link io.quiver.operator.dataplane.DataPlaneClient}
 * interface and its value types, its Milvus SDK implementation
 * ({@link io.quiver.operator.dataplane.MilvusDataPlaneClient}) and connector, how a VectorCluster is
 * reached ({@link io.quiver.operator.dataplane.DataPlaneAccess}), and the base of every dependent
 * resource that lives in the data plane
 * ({@link io.quiver.operator.dataplane.DataPlaneDependentResource}).
 */
package io.quiver.operator.dataplane;
