package io.quiver.storage.crypto;

import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.SecretKey;

/**
 * Secret key bytes (a version of a key-encryption key, or a data key) that are wiped when
 * closed.
 *
 * <p>It is a {@link SecretKey} so it can be handed to JCE ciphers directly: a {@code
 * SecretKeySpec} copy cannot be wiped ({@code destroy()} is unsupported), while the providers
 * wipe the copy {@link #getEncoded()} hands them once they have expanded the key. What remains
 * outside this object's control is the expanded key schedule inside a {@code Cipher} until it is
 * garbage collected.
 *
 * <p>Never revealed: {@link #toString()} prints only the length, {@code equals} is identity, and
 * serialization is refused.
 *
 * <p>Thread safety: all methods may be called concurrently. Once {@link #close()} has run, every
 * method that would read the bytes throws {@link IllegalStateException}; a reader racing with
 * {@code close()} either gets the intact bytes or that exception, never wiped bytes.
 */
public final class KeyMaterial implements SecretKey, AutoCloseable {

  /** The length of every key Quiver generates or accepts: 256 bits. */
  public static final int AES_256_BYTES = 32;

  private final byte[] bytes;
  private final String algorithm;
  private boolean destroyed;

  private KeyMaterial(byte[] owned, String algorithm) {
    this.bytes = owned;
    this.algorithm = algorithm;
  }

  /** An AES key holding a copy of {@code bytes}; the caller still owns (and should wipe) its array. */
  public static KeyMaterial copyOf(byte[] bytes) {
    return new KeyMaterial(bytes.clone(), "AES");
  }

  /** Takes ownership of {@code bytes} without copying: the caller must not use the array again. */
  static KeyMaterial adopt(byte[] bytes, String algorithm) {
    return new KeyMaterial(Objects.requireNonNull(bytes, "bytes"), algorithm);
  }

  static KeyMaterial adopt(byte[] bytes) {
    return adopt(bytes, "AES");
  }

  public synchronized int length() {
    checkLive();
    return bytes.length;
  }

  /** A copy of the key bytes; the caller wipes it when done. */
  @Override
  public synchronized byte[] getEncoded() {
    checkLive();
    return bytes.clone();
  }

  /** An independent copy, with its own lifetime. */
  public synchronized KeyMaterial copy() {
    checkLive();
    return new KeyMaterial(bytes.clone(), algorithm);
  }

  /** Whether both hold the same bytes (constant time in the length). */
  boolean sameBytes(KeyMaterial other) {
    byte[] mine = getEncoded();
    byte[] theirs = other.getEncoded();
    try {
      return MessageDigest.isEqual(mine, theirs);
    } finally {
      Arrays.fill(mine, (byte) 0);
      Arrays.fill(theirs, (byte) 0);
    }
  }

  @Override
  public String getAlgorithm() {
    return algorithm;
  }

  @Override
  public String getFormat() {
    return "RAW";
  }

  /** Wipes the bytes; idempotent. */
  @Override
  public synchronized void destroy() {
    Arrays.fill(bytes, (byte) 0);
    destroyed = true;
  }

  @Override
  public synchronized boolean isDestroyed() {
    return destroyed;
  }

  /** Same as {@link #destroy()}. */
  @Override
  public void close() {
    destroy();
  }

  private void checkLive() {
    if (destroyed) {
      throw new IllegalStateException("key material was wiped");
    }
  }

  @Override
  public synchronized String toString() {
    return destroyed ? "KeyMaterial[wiped]" : "KeyMaterial[" + bytes.length + " bytes]";
  }

  @Override
  public boolean equals(Object o) {
    return this == o;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }

  private void writeObject(ObjectOutputStream out) throws NotSerializableException {
    throw new NotSerializableException("key material is never serialized");
  }
}
