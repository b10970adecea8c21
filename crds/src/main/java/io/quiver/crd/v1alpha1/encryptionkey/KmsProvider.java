package io.quiver.crd.v1alpha1.encryptionkey;

/**
 * External key management service.
 */
public enum KmsProvider {
  /** AWS KMS. */
  AwsKms,
  /** Google Cloud KMS. */
  GcpKms,
  /** Azure Key Vault. */
  AzureKeyVault,
  /** HashiCorp Vault transit. */
  Vault;
}
