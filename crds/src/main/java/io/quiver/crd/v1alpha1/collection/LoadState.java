package io.quiver.crd.v1alpha1.collection;

/**
 * Load state of a collection, as the data plane reports it.
 */
public enum LoadState {
  /** The collection does not exist in the data plane. */
  NotExist,
  /** Released: not searchable. */
  NotLoad,
  /** Being loaded. */
  Loading,
  /** Loaded with the declared replicas. */
  Loaded;
}
