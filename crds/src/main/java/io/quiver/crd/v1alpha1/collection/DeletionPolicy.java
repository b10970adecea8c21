package io.quiver.crd.v1alpha1.collection;

/**
 * What happens to the data-plane collection when the resource is deleted.
 */
public enum DeletionPolicy {
  /** Keep the collection and its data (default). */
  Retain,
  /** Drop the collection and its data. */
  Delete;
}
