package io.quiver.crd.v1alpha1.encryptionkey;

/**
 * Lifecycle phase of a customer key.
 */
public enum KeyPhase {
  /** The key is usable and active. */
  Reachable,
  /** Data keys are being re-wrapped with a new version. */
  Rotating,
  /** The key is revoked: the data it protects is unreadable. */
  Revoked;
}
