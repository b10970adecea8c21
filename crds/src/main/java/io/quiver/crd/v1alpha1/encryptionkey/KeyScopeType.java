package io.quiver.crd.v1alpha1.encryptionkey;

/**
 * What an EncryptionKey protects.
 */
public enum KeyScopeType {
  /** Every database of a tenant. */
  Tenant,
  /** One database. */
  Database;
}
