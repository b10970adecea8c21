package io.quiver.crd.v1alpha1.tenant;

/**
 * How a tenant is served.
 */
public enum Tier {
  /** Databases on a shared cluster. */
  Shared,
  /** A cluster that serves this tenant only. */
  Dedicated;
}
