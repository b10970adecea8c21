package io.quiver.storage.crypto;

import io.quiver.engine.error.QuiverException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The header of an encrypted object: everything needed, with the database's key, to decrypt it.
 * Immutable; not secret (the data key in it is wrapped).
 *
 * <p><b>Where it lives: detached.</b> The header is not part of the ciphertext object. Store it
 * next to it as a small sidecar object, {@code <object name>}{@value #SIDECAR_SUFFIX} (or in the
 * object's catalog entry). Rotation then rewrites only this small header ({@link
 * EnvelopeCipher#rewrap}), never the data, which matters on object stores where objects cannot
 * be changed in place: a header prefix would force a copy of the whole object. The ciphertext
 * object holds nothing but chunks, so plaintext offsets map to ciphertext offsets by arithmetic
 * ({@link #plaintextSize}, ranged reads).
 *
 * <p>Layout, format version {@value #FORMAT_VERSION}, big-endian; {@code str} is an unsigned
 * 16-bit length followed by that many bytes (UTF-8 for text):
 *
 * <pre>
 *  0   4  magic 0x51454E56 ("QENV")
 *  4   2  format version, 1
 *  6   2  algorithm, 1 = AES-256-GCM chunks with 16-byte tags
 *  8   4  chunk size C: plaintext bytes per chunk, {@value #MIN_CHUNK_SIZE} to {@value #MAX_CHUNK_SIZE}
 * 12  16  data key id, random; names the data key (caches, logs) and is bound into every AAD
 * 28  12  nonce base, random
 * 40  str database
 *     str collection
 *     str object name
 *     str key reference (the database's KEK, {@link KeyRef})
 *      4  KEK version that wrapped the data key, at least 1
 *     str wrapped data key: {@link KeyProvider#wrap} of the 32-byte data key, with AAD = every
 *         header byte before this field
 * </pre>
 *
 * <p>Integrity: the wrapped key's AAD covers every other byte of the header, so changing any of
 * them (or the wrapped key) fails the unwrap; the magic and version fail parsing first.
 *
 * <p>Ciphertext object: chunks, back to back. Chunk i encrypts plaintext bytes [i*C, (i+1)*C),
 * the last chunk what remains (1 to C bytes; an empty plaintext is one empty chunk), as
 * AES-256-GCM ciphertext followed by its 16-byte tag. So ciphertext size = plaintext size +
 * 16 * chunks, and chunk i starts at i * (C + 16). Chunk i uses
 *
 * <ul>
 *   <li>nonce = nonce base with its last 8 bytes XORed with i (big-endian), and
 *   <li>AAD = magic, format version, algorithm, C, data key id, database, collection, object
 *       name (as above), then i as 8 bytes and 1 if the chunk is the last one, else 0.
 * </ul>
 *
 * The index and last flag in the AAD make reordering, dropping or appending chunks, and
 * truncating the object at a chunk boundary, fail authentication; the names make an object copied
 * to another database, collection or name fail.
 *
 * <p>Nonce safety: see {@link EnvelopeCipher}.
 */
public final class EnvelopeHeader {

  public static final int MAGIC = 0x51454E56;
  public static final int FORMAT_VERSION = 1;
  public static final int ALGORITHM_AES_256_GCM = 1;
  public static final int DATA_KEY_ID_BYTES = 16;
  public static final int NONCE_BYTES = 12;
  public static final int TAG_BYTES = 16;
  public static final int MIN_CHUNK_SIZE = 1024;
  public static final int MAX_CHUNK_SIZE = 64 << 20;
  /** The largest header: four names of at most 4 KiB each and a wrapped key. */
  public static final int MAX_BYTES = 32 << 10;
  /** The suggested name suffix of the sidecar object holding an object's header. */
  public static final String SIDECAR_SUFFIX = ".qenv";

  private final byte[] encoded;
  private final int chunkSize;
  private final byte[] dataKeyId;
  private final byte[] nonceBase;
  private final ObjectContext context;
  private final KeyRef keyRef;
  private final int kekVersion;
  private final int wrapAadLength;
  private final byte[] wrappedKey;

  private EnvelopeHeader(
      byte[] encoded, int chunkSize, byte[] dataKeyId, byte[] nonceBase, ObjectContext context,
      KeyRef keyRef, int kekVersion, int wrapAadLength, byte[] wrappedKey) {
    this.encoded = encoded;
    this.chunkSize = chunkSize;
    this.dataKeyId = dataKeyId;
    this.nonceBase = nonceBase;
    this.context = context;
    this.keyRef = keyRef;
    this.kekVersion = kekVersion;
    this.wrapAadLength = wrapAadLength;
    this.wrappedKey = wrappedKey;
  }

  static void checkChunkSize(int chunkSize) {
    if (chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) {
      throw new IllegalArgumentException(
          "chunk size must be between " + MIN_CHUNK_SIZE + " and " + MAX_CHUNK_SIZE + " bytes, got " + chunkSize);
    }
  }

  /**
   * A new header; {@code wrap} receives the wrap AAD (the header bytes before the wrapped key)
   * and returns the wrapped data key.
   */
  static EnvelopeHeader create(
      ObjectContext context, int chunkSize, byte[] dataKeyId, byte[] nonceBase, KeyRef keyRef,
      int kekVersion, UnaryOperator<byte[]> wrap) {
    checkChunkSize(chunkSize);
    if (dataKeyId.length != DATA_KEY_ID_BYTES || nonceBase.length != NONCE_BYTES || kekVersion < 1) {
      throw new IllegalArgumentException("bad data key id, nonce base or KEK version");
    }
    Bin.Writer out = new Bin.Writer(256);
    out.i32(MAGIC).u16(FORMAT_VERSION).u16(ALGORITHM_AES_256_GCM).i32(chunkSize).raw(dataKeyId).raw(nonceBase);
    context.writeTo(out);
    out.string(keyRef.toString()).i32(kekVersion);
    byte[] aad = out.toByteArray();
    out.bytes(Objects.requireNonNull(wrap.apply(aad), "wrapped key"));
    return parse(out.toByteArray());
  }

  /** This header with the data key wrapped again, under {@code ref} version {@code version}. */
  EnvelopeHeader rewrapped(KeyRef ref, int version, UnaryOperator<byte[]> wrap) {
    return create(context, chunkSize, dataKeyId, nonceBase, ref, version, wrap);
  }

  /**
   * Reads a header written by {@link #toBytes()}.
   *
   * @throws EncryptedObjectException if the bytes are not a valid header of a supported version
   */
  public static EnvelopeHeader parse(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length > MAX_BYTES) {
      throw new EncryptedObjectException("envelope header of " + bytes.length + " bytes exceeds " + MAX_BYTES);
    }
    byte[] encoded = bytes.clone();
    try {
      Bin.Reader in = new Bin.Reader(encoded);
      if (encoded.length < 4 || in.i32() != MAGIC) {
        throw new EncryptedObjectException("not an envelope header (wrong magic number)");
      }
      int version = in.u16();
      if (version != FORMAT_VERSION) {
        throw new EncryptedObjectException("envelope header format version " + version + " is not supported (this build reads "
            + FORMAT_VERSION + ")");
      }
      int algorithm = in.u16();
      if (algorithm != ALGORITHM_AES_256_GCM) {
        throw new EncryptedObjectException("envelope header names unknown algorithm " + algorithm);
      }
      int chunkSize = in.i32();
      if (chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) {
        throw new EncryptedObjectException("envelope header has an invalid chunk size " + chunkSize);
      }
      byte[] id = in.raw(DATA_KEY_ID_BYTES);
      byte[] nonce = in.raw(NONCE_BYTES);
      ObjectContext context = new ObjectContext(in.string(), in.string(), in.string());
      KeyRef ref = KeyRef.parse(in.string());
      int kekVersion = in.i32();
      if (kekVersion < 1) {
        throw new EncryptedObjectException("envelope header has an invalid KEK version " + kekVersion);
      }
      int aadLength = in.offset();
      byte[] wrapped = in.bytes();
      in.expectEnd();
      return new EnvelopeHeader(encoded, chunkSize, id, nonce, context, ref, kekVersion, aadLength, wrapped);
    } catch (Bin.Malformed e) {
      throw new EncryptedObjectException("malformed envelope header: " + e.getMessage());
    } catch (EncryptedObjectException e) {
      throw e;
    } catch (QuiverException e) {
      throw new EncryptedObjectException("malformed envelope header: " + e.getMessage());
    }
  }

  /** The encoded header, to store. */
  public byte[] toBytes() {
    return encoded.clone();
  }

  byte[] encoded() {
    return encoded;
  }

  /** The database, collection and object name the object was encrypted for. */
  public ObjectContext context() {
    return context;
  }

  public KeyRef keyRef() {
    return keyRef;
  }

  public int kekVersion() {
    return kekVersion;
  }

  public int chunkSize() {
    return chunkSize;
  }

  public byte[] dataKeyId() {
    return dataKeyId.clone();
  }

  /** The data key id as hex: safe to log, the same for every re-wrap of the object's key. */
  public String dataKeyIdHex() {
    return HexFormat.of().formatHex(dataKeyId);
  }

  byte[] nonceBase() {
    return nonceBase;
  }

  byte[] wrappedKey() {
    return wrappedKey;
  }

  /** The AAD of the wrapped key: every header byte before it. */
  byte[] wrapAad() {
    return Arrays.copyOf(encoded, wrapAadLength);
  }

  /** The size of the ciphertext of {@code plaintextSize} bytes. */
  public long ciphertextSize(long plaintextSize) {
    if (plaintextSize < 0) {
      throw new IllegalArgumentException("negative size " + plaintextSize);
    }
    long chunks = plaintextSize == 0 ? 1 : (plaintextSize + chunkSize - 1) / chunkSize;
    return plaintextSize + chunks * TAG_BYTES;
  }

  /** The number of chunks in a ciphertext of {@code ciphertextSize} bytes. */
  long chunkCount(long ciphertextSize) {
    plaintextSize(ciphertextSize);
    long full = chunkSize + (long) TAG_BYTES;
    return (ciphertextSize + full - 1) / full;
  }

  /**
   * The size of the plaintext in a ciphertext of {@code ciphertextSize} bytes.
   *
   * @throws EncryptedObjectException if no ciphertext has that size (truncated)
   */
  public long plaintextSize(long ciphertextSize) {
    long full = chunkSize + (long) TAG_BYTES;
    if (ciphertextSize < TAG_BYTES) {
      throw new EncryptedObjectException("encrypted object '" + context.objectName() + "' of database '"
          + context.database() + "' is truncated: " + ciphertextSize + " bytes is shorter than one chunk");
    }
    long chunks = (ciphertextSize + full - 1) / full;
    long last = ciphertextSize - (chunks - 1) * full;
    if (last < TAG_BYTES || (chunks > 1 && last == TAG_BYTES)) {
      throw new EncryptedObjectException("encrypted object '" + context.objectName() + "' of database '"
          + context.database() + "' is truncated: " + ciphertextSize + " bytes do not end with a whole chunk");
    }
    return ciphertextSize - chunks * TAG_BYTES;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EnvelopeHeader h && Arrays.equals(encoded, h.encoded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return "EnvelopeHeader[" + context + ", key " + keyRef + " v" + kekVersion + ", data key " + dataKeyIdHex()
        + ", chunk " + chunkSize + "]";
  }
}
