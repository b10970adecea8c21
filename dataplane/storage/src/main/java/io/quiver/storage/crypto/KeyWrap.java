package io.quiver.storage.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Wraps data keys under KEK material held locally ({@link MaterialKeyProvider}).
 *
 * <pre>
 * wrapped key, {@value #WRAPPED_BYTES} bytes for a 32-byte data key
 *    0  1   format, {@value #FORMAT}
 *    1  32  salt, random
 *   33  12  nonce, random
 *   45  48  AES-256-GCM(wrapping key, nonce, data key, AAD), 16-byte tag last
 * wrapping key = HKDF-SHA256(salt, KEK, info "quiver kek wrap v1"), 32 bytes
 * </pre>
 *
 * <p>Nonce safety: a long-lived KEK wraps many data keys, so instead of counting on random
 * 96-bit nonces under one key (the 2^32-invocation limit of NIST SP 800-38D), every wrap uses a
 * key of its own, derived from the KEK and a fresh 256-bit salt. A (key, nonce) pair repeats
 * only if two wraps draw the same salt and the same nonce: probability below q^2 / 2^353 for q
 * wraps, i.e. never. The AAD binds the wrapped key to its object (see {@link EnvelopeHeader}).
 */
final class KeyWrap {

  static final int FORMAT = 1;
  static final int SALT_BYTES = 32;
  static final int NONCE_BYTES = 12;
  static final int TAG_BYTES = 16;
  static final int WRAPPED_BYTES = 1 + SALT_BYTES + NONCE_BYTES + KeyMaterial.AES_256_BYTES + TAG_BYTES;

  private static final byte[] INFO = "quiver kek wrap v1".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER = 1 + SALT_BYTES + NONCE_BYTES;

  private KeyWrap() {}

  static byte[] wrap(KeyMaterial kek, byte[] dataKey, byte[] aad, SecureRandom random) {
    if (dataKey.length != KeyMaterial.AES_256_BYTES) {
      throw new IllegalArgumentException("data keys are 32 bytes, got " + dataKey.length);
    }
    byte[] out = new byte[WRAPPED_BYTES];
    out[0] = FORMAT;
    byte[] salt = new byte[SALT_BYTES];
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(salt);
    random.nextBytes(nonce);
    System.arraycopy(salt, 0, out, 1, SALT_BYTES);
    System.arraycopy(nonce, 0, out, 1 + SALT_BYTES, NONCE_BYTES);
    try (KeyMaterial key = derive(kek, salt)) {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
      cipher.updateAAD(aad);
      cipher.doFinal(dataKey, 0, dataKey.length, out, HEADER);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable in this JDK", e);
    }
  }

  /** @return the data key; the caller closes it */
  static KeyMaterial unwrap(KeyMaterial kek, byte[] wrapped, byte[] aad) throws AEADBadTagException {
    if (wrapped.length != WRAPPED_BYTES || wrapped[0] != FORMAT) {
      throw new AEADBadTagException("wrapped key has an unknown format or length");
    }
    byte[] salt = Arrays.copyOfRange(wrapped, 1, 1 + SALT_BYTES);
    try (KeyMaterial key = derive(kek, salt)) {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, wrapped, 1 + SALT_BYTES, NONCE_BYTES));
      cipher.updateAAD(aad);
      return KeyMaterial.adopt(cipher.doFinal(wrapped, HEADER, wrapped.length - HEADER));
    } catch (AEADBadTagException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable in this JDK", e);
    }
  }

  /** HKDF-SHA256 (RFC 5869) with one 32-byte output block. */
  static KeyMaterial derive(KeyMaterial ikm, byte[] salt) {
    byte[] secret = ikm.getEncoded();
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(salt, "HmacSHA256"));
      try (KeyMaterial prk = KeyMaterial.adopt(mac.doFinal(secret), "HmacSHA256")) {
        mac.init(prk);
        mac.update(INFO);
        mac.update((byte) 1);
        return KeyMaterial.adopt(mac.doFinal());
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable in this JDK", e);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }
}
