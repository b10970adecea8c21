package io.quiver.crd.v1alpha1.vectorcluster;

/**
 * Kubernetes Service type of the client Service.
 */
public enum ServiceType {
  /** Reachable inside the Kubernetes cluster only. */
  ClusterIP,
  /** Also on a port of every node. */
  NodePort,
  /** Also through a cloud load balancer. */
  LoadBalancer;
}
