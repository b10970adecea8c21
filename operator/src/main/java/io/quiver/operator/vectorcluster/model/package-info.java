/**
 * Desired Kubernetes objects of a VectorCluster as pure functions of the custom resource: no
 * Kubernetes client, no JOSDK (enforced by ModelPackagesArchitectureTest).
 */
package io.quiver.operator.vectorcluster.model;
