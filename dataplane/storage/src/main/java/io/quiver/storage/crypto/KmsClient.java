package io.quiver.storage.crypto;

import java.io.IOException;
import javax.crypto.AEADBadTagException;

/**
 * An external key management service (AWS KMS, Google Cloud KMS, Azure Key Vault, Vault
 * transit) as {@link KmsKeyProvider} uses it: the key never leaves the KMS; data keys are sent
 * to it to be encrypted and decrypted. Implementations live with the KMS's SDK, outside this
 * module.
 *
 * <p>Errors: {@link KmsAccessDeniedException} when the KMS refuses the key (disabled, deleted,
 * permission withdrawn): the key is revoked. Any other {@link IOException} is transient
 * (network, throttling): retryable.
 *
 * <p>Thread safety: implementations must be thread-safe.
 */
public interface KmsClient {

  /** The provider name used in {@code kms:<name>/<keyId>} references, e.g. {@code aws}. */
  String name();

  /** Whether the key is enabled, and its primary version (a positive number the KMS moves on rotation). */
  KeyStatus status(String keyId) throws IOException;

  /**
   * Encrypts {@code plaintext} (a data key) under the key's primary version, binding {@code
   * aad} (an "encryption context" / "additional authenticated data"); the result identifies the
   * version itself.
   */
  byte[] encrypt(String keyId, byte[] plaintext, byte[] aad) throws IOException;

  /**
   * Decrypts what {@link #encrypt} returned, given the same AAD.
   *
   * @return the data key; the caller wipes it
   * @throws AEADBadTagException if the ciphertext or AAD was changed
   */
  byte[] decrypt(String keyId, byte[] ciphertext, byte[] aad) throws IOException, AEADBadTagException;

  /**
   * @param enabled false once the key is disabled, scheduled for deletion or otherwise refused
   * @param primaryVersion the version new encryptions use, at least 1
   */
  record KeyStatus(boolean enabled, int primaryVersion) {}
}
