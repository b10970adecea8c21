package io.quiver.crd.v1alpha1.vectorcluster;

/**
 * Image pull policy.
 */
public enum PullPolicy {
  /** Pull on every start. */
  Always,
  /** Pull when the node lacks the image. */
  IfNotPresent,
  /** Never pull. */
  Never;
}
