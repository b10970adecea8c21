package io.quiver.operator.dataplane;

import java.util.Arrays;

/** The key-encryption key handed to the data plane: raw bytes from a Secret, or a KMS reference. Never printed. */
public sealed interface KeyMaterial {

  /**
   * A 256-bit key from a Secret.
   *
   * @param key the key bytes; {@link #toString()} does not reveal them
   */
  record Raw(byte[] key) implements KeyMaterial {
    @Override
    public String toString() {
      return "Raw[" + key.length + " bytes]";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Raw r && Arrays.equals(key, r.key);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(key);
    }
  }

  /**
   * A key held by a KMS.
   *
   * @param provider AwsKms, GcpKms, AzureKeyVault or Vault
   * @param keyId key id, ARN or resource name
   * @param endpoint endpoint, or null for the provider's default
   */
  record Kms(String provider, String keyId, String endpoint) implements KeyMaterial {}
}
