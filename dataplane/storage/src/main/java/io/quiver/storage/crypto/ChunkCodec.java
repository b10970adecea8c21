package io.quiver.storage.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts and decrypts the chunks of one object, as {@link EnvelopeHeader} documents: the nonce
 * and AAD of chunk i are derived from the header, the object's context, i and the last-chunk
 * flag. Owns the data key and wipes it on {@link #close()}.
 *
 * <p>Thread safety: not thread-safe (one {@code Cipher}); one codec per stream or call.
 */
final class ChunkCodec implements AutoCloseable {

  static final int TAG_BYTES = EnvelopeHeader.TAG_BYTES;

  private final KeyMaterial key;
  private final byte[] nonceBase;
  private final byte[] aadPrefix;
  private final byte[] aadSuffix = new byte[9];
  private final int chunkSize;
  private final Cipher cipher;

  ChunkCodec(EnvelopeHeader header, ObjectContext context, KeyMaterial ownedKey) {
    this.key = ownedKey;
    this.nonceBase = header.nonceBase();
    this.chunkSize = header.chunkSize();
    Bin.Writer aad = new Bin.Writer(128);
    aad.i32(EnvelopeHeader.MAGIC)
        .u16(EnvelopeHeader.FORMAT_VERSION)
        .u16(EnvelopeHeader.ALGORITHM_AES_256_GCM)
        .i32(chunkSize)
        .raw(header.dataKeyId());
    context.writeTo(aad);
    this.aadPrefix = aad.toByteArray();
    try {
      this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      ownedKey.destroy();
      throw new IllegalStateException("AES-GCM is unavailable in this JDK", e);
    }
  }

  int chunkSize() {
    return chunkSize;
  }

  /**
   * The nonce of chunk {@code index}: the base with its last 8 bytes XORed with the index, so
   * distinct indexes give distinct nonces.
   */
  static byte[] nonce(byte[] base, long index) {
    byte[] nonce = base.clone();
    for (int i = 0; i < 8; i++) {
      nonce[nonce.length - 1 - i] ^= (byte) (index >>> (8 * i));
    }
    return nonce;
  }

  private void init(int mode, long index, boolean last) {
    for (int i = 0; i < 8; i++) {
      aadSuffix[7 - i] = (byte) (index >>> (8 * i));
    }
    aadSuffix[8] = (byte) (last ? 1 : 0);
    try {
      cipher.init(mode, key, new GCMParameterSpec(TAG_BYTES * 8, nonce(nonceBase, index)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM rejected a 256-bit key and 96-bit nonce", e);
    }
    cipher.updateAAD(aadPrefix);
    cipher.updateAAD(aadSuffix);
  }

  /** Encrypts {@code length} (at most the chunk size) bytes; returns the bytes written: length + 16. */
  int encrypt(long index, boolean last, byte[] in, int offset, int length, byte[] out, int outOffset) {
    init(Cipher.ENCRYPT_MODE, index, last);
    try {
      return cipher.doFinal(in, offset, length, out, outOffset);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  /**
   * Decrypts a chunk of {@code length} ciphertext bytes (tag included); returns the plaintext
   * bytes written: length - 16.
   *
   * @throws AEADBadTagException if the chunk, its position or its last flag do not authenticate
   */
  int decrypt(long index, boolean last, byte[] in, int offset, int length, byte[] out, int outOffset)
      throws AEADBadTagException {
    init(Cipher.DECRYPT_MODE, index, last);
    try {
      return cipher.doFinal(in, offset, length, out, outOffset);
    } catch (AEADBadTagException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new AEADBadTagException("chunk " + index + " cannot be decrypted: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    key.destroy();
  }
}
