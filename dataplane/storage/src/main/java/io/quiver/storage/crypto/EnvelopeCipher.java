package io.quiver.storage.crypto;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;
import javax.crypto.AEADBadTagException;

/**
 * Envelope encryption of the objects a database stores (segment, delete-log and index files):
 * each object gets its own random data key, encrypts with AES-256-GCM in chunks, and carries the
 * data key wrapped by the database's key-encryption key (KEK) in a detached {@link
 * EnvelopeHeader}. The AAD binds database, collection and object name, so an object copied under
 * another database, collection or name does not decrypt.
 *
 * <p>Keys: {@link KeySelector} says which KEK ({@link KeyRef}) protects a database; {@link
 * KeyProvider} has its versions. New objects are wrapped under the current version.
 *
 * <p>Rotation: {@link #rewrap(EnvelopeHeader)} wraps an object's data key again under the
 * current KEK version (or the database's new key) and returns a new header; the ciphertext does
 * not change (its AAD does not include the KEK). Once every header of a database is re-wrapped, old
 * versions can be retired. Readers may use old and new headers at the same time.
 *
 * <p>Revocation: every operation first asks the provider for the key's state, so from the poll
 * that sees the key revoked (at most the provider's poll interval, at most 60 s) every call
 * throws {@link KeyRevokedException} (non-retryable, naming the database and key); the data keys
 * cached under it are dropped then. Streams check again before each chunk. Once the key is granted
 * again, calls work again.
 *
 * <p><b>Nonce safety</b>: no (key, nonce) pair is ever used twice.
 *
 * <ul>
 *   <li>Every call that encrypts an object draws a fresh 256-bit data key from {@link
 *       SecureRandom}; the key exists unwrapped only in memory, and no API encrypts with an
 *       existing data key (re-wrapping changes the wrapping, never the data). Two objects share a
 *       data key only if two 256-bit draws collide, so nonces of different objects can never be
 *       paired with the same key.
 *   <li>Within an object, chunk i uses the nonce base XORed with i in its last 8 bytes: an
 *       injective function of i, so the chunks of one object have distinct nonces. The base is
 *       random too (a second line of defence should a data key ever repeat: then two objects'
 *       nonces would still collide only with probability about chunks^2 / 2^96).
 *   <li>Wrapping under the long-lived KEK uses a key derived per wrap from a random 256-bit salt
 *       ({@link KeyWrap}), so its nonces never meet the 2^32-messages limit of random nonces
 *       either. KMS keys wrap in the KMS.
 * </ul>
 *
 * <p>Errors: {@link KeyRevokedException} (non-retryable), {@link KeyUnavailableException}
 * (retryable), {@link EncryptedObjectException} (wrong database, collection or name; failed
 * authentication; truncated); none of their messages contain key material.
 *
 * <p>Thread safety: thread-safe; each call or stream has its own cipher state.
 */
public final class EnvelopeCipher implements AutoCloseable {

  private static final int MAX_RANGE_READ = 64 << 20;

  private final KeyProvider keys;
  private final KeySelector selector;
  private final EnvelopeOptions options;
  private final DataKeyCache cache;
  private final SecureRandom random;
  private final Supplier<byte[]> dataKeys;
  private final KeyProvider.Subscription subscription;

  private EnvelopeCipher(
      KeyProvider keys, KeySelector selector, EnvelopeOptions options, SecureRandom random,
      Supplier<byte[]> dataKeys, DataKeyCache cache, KeyProvider.Subscription subscription) {
    this.keys = keys;
    this.selector = selector;
    this.options = options;
    this.random = random;
    this.dataKeys = dataKeys;
    this.cache = cache;
    this.subscription = subscription;
  }

  /** A cipher with {@link EnvelopeOptions#defaults()}. */
  public static EnvelopeCipher create(KeyProvider keys, KeySelector selector) {
    return create(keys, selector, EnvelopeOptions.defaults());
  }

  /**
   * A cipher using {@code keys} (not closed by {@link #close()}) for the databases' keys, which
   * {@code selector} picks.
   */
  public static EnvelopeCipher create(KeyProvider keys, KeySelector selector, EnvelopeOptions options) {
    SecureRandom random = new SecureRandom();
    return create(keys, selector, options, random, () -> {
      byte[] key = new byte[KeyMaterial.AES_256_BYTES];
      random.nextBytes(key);
      return key;
    });
  }

  /** With the data key source replaced: tests only. */
  static EnvelopeCipher create(
      KeyProvider keys, KeySelector selector, EnvelopeOptions options, SecureRandom random, Supplier<byte[]> dataKeys) {
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(selector, "selector");
    Objects.requireNonNull(options, "options");
    DataKeyCache cache = new DataKeyCache(options.cachedDataKeys());
    KeyProvider.Subscription subscription = keys.subscribe(cache::keyChanged);
    return new EnvelopeCipher(keys, selector, options, random, dataKeys, cache, subscription);
  }

  public EnvelopeOptions options() {
    return options;
  }

  // ---- encryption

  /**
   * A stream that encrypts what is written to it into {@code ciphertext} as a new object of
   * {@code context}; its header is {@link EncryptingOutputStream#header()}. Closing it finishes
   * the ciphertext and closes {@code ciphertext}.
   */
  public EncryptingOutputStream encryptingStream(ObjectContext context, OutputStream ciphertext) {
    Objects.requireNonNull(ciphertext, "ciphertext");
    KeyRef ref = selector.keyRef(context.database());
    int version = currentVersion(ref, context.database());
    KeyMaterial dataKey = KeyMaterial.adopt(dataKeys.get());
    try {
      byte[] id = randomBytes(EnvelopeHeader.DATA_KEY_ID_BYTES);
      byte[] nonceBase = randomBytes(EnvelopeHeader.NONCE_BYTES);
      long epoch = cache.epoch();
      EnvelopeHeader header = EnvelopeHeader.create(
          context, options.chunkSize(), id, nonceBase, ref, version, aad -> wrap(ref, version, dataKey, aad, context));
      cache.put(epoch, ref, header.encoded(), dataKey.copy());
      return new EncryptingOutputStream(
          header, new ChunkCodec(header, context, dataKey), ciphertext, () -> currentVersion(ref, context.database()));
    } catch (RuntimeException e) {
      dataKey.destroy();
      throw e;
    }
  }

  /** Encrypts {@code plaintext} to the end into {@code ciphertext} (left open); returns the header. */
  public EnvelopeHeader encrypt(ObjectContext context, InputStream plaintext, OutputStream ciphertext)
      throws IOException {
    EncryptingOutputStream out = encryptingStream(context, ciphertext);
    try {
      plaintext.transferTo(out);
      out.finish();
      return out.header();
    } finally {
      out.abandon();
    }
  }

  /** The ciphertext of an object and its header. */
  public record Sealed(EnvelopeHeader header, byte[] ciphertext) {}

  /** Encrypts {@code plaintext} as an object of {@code context}. */
  public Sealed encrypt(ObjectContext context, byte[] plaintext) {
    long capacity = plaintext.length + 16L * (1 + plaintext.length / options.chunkSize());
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 64, capacity));
    try (EncryptingOutputStream stream = encryptingStream(context, out)) {
      stream.write(plaintext);
      stream.finish();
      return new Sealed(stream.header(), out.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e);
    }
  }

  /** Encrypts the file {@code plaintext} into the file {@code ciphertext} (replaced); returns the header. */
  public EnvelopeHeader encrypt(ObjectContext context, Path plaintext, Path ciphertext) throws IOException {
    try (InputStream in = Files.newInputStream(plaintext);
        OutputStream out = Files.newOutputStream(ciphertext)) {
      return encrypt(context, in, out);
    }
  }

  // ---- decryption

  /**
   * A stream of the plaintext of {@code ciphertext}, an object of {@code context} with header
   * {@code header}; see {@link DecryptingInputStream} for when its bytes may be trusted. Closing
   * it closes {@code ciphertext}.
   */
  public InputStream decryptingStream(ObjectContext context, EnvelopeHeader header, InputStream ciphertext) {
    ChunkCodec codec = open(context, header);
    return new DecryptingInputStream(
        ciphertext, codec, () -> currentVersion(header.keyRef(), context.database()), context);
  }

  /** Decrypts {@code ciphertext} to its end into {@code plaintext} (left open). */
  public void decrypt(ObjectContext context, EnvelopeHeader header, InputStream ciphertext, OutputStream plaintext)
      throws IOException {
    try (InputStream in = decryptingStream(context, header, nonClosing(ciphertext))) {
      in.transferTo(plaintext);
    }
  }

  /** The plaintext of {@code ciphertext}. */
  public byte[] decrypt(ObjectContext context, EnvelopeHeader header, byte[] ciphertext) {
    long size = header.plaintextSize(ciphertext.length);
    try {
      return decryptRange(context, header, RandomAccessSource.of(ciphertext), 0, Math.toIntExact(size));
    } catch (IOException e) {
      throw new UncheckedIOException("reading from memory failed", e);
    }
  }

  /**
   * Decrypts the file {@code ciphertext} into the file {@code plaintext} (replaced). On failure
   * {@code plaintext} is deleted, so no unauthenticated prefix is left behind.
   */
  public void decrypt(ObjectContext context, EnvelopeHeader header, Path ciphertext, Path plaintext)
      throws IOException {
    boolean ok = false;
    try (InputStream in = Files.newInputStream(ciphertext);
        OutputStream out = Files.newOutputStream(plaintext)) {
      decrypt(context, header, in, out);
      ok = true;
    } finally {
      if (!ok) {
        Files.deleteIfExists(plaintext);
      }
    }
  }

  /**
   * Decrypts plaintext bytes [offset, offset + length) of an object, reading only the chunks
   * that hold them (whole chunks: at most one chunk more than asked for on each side).
   *
   * @throws IndexOutOfBoundsException if the range is not within the plaintext
   */
  public byte[] decryptRange(
      ObjectContext context, EnvelopeHeader header, RandomAccessSource ciphertext, long offset, int length)
      throws IOException {
    long ciphertextSize = ciphertext.size();
    long plaintextSize = header.plaintextSize(ciphertextSize);
    if (offset < 0 || length < 0 || offset > plaintextSize - length) {
      throw new IndexOutOfBoundsException(
          "range [" + offset + ", " + offset + " + " + length + ") is not within the " + plaintextSize
              + " bytes of object '" + context.objectName() + "'");
    }
    byte[] result = new byte[length];
    try (ChunkCodec codec = open(context, header)) {
      if (length == 0) {
        return result;
      }
      int chunk = header.chunkSize();
      long full = chunk + (long) ChunkCodec.TAG_BYTES;
      long chunks = header.chunkCount(ciphertextSize);
      long first = offset / chunk;
      long lastWanted = (offset + length - 1) / chunk;
      int perRead = (int) Math.max(1, MAX_RANGE_READ / full);
      byte[] plain = new byte[chunk];
      int written = 0;
      for (long batch = first; batch <= lastWanted; batch += perRead) {
        long batchEnd = Math.min(lastWanted + 1, batch + perRead);
        long start = batch * full;
        int span = (int) (Math.min(ciphertextSize, batchEnd * full) - start);
        byte[] sealed = new byte[span];
        ciphertext.readFully(start, sealed, 0, span);
        for (long i = batch; i < batchEnd; i++) {
          int at = (int) ((i - batch) * full);
          int n = (int) Math.min(full, span - at);
          int plainLen;
          try {
            plainLen = codec.decrypt(i, i == chunks - 1, sealed, at, n, plain, 0);
          } catch (AEADBadTagException e) {
            throw authenticationFailed(context, i);
          }
          long chunkStart = i * chunk;
          int from = (int) Math.max(0, offset - chunkStart);
          int to = (int) Math.min(plainLen, offset + length - chunkStart);
          System.arraycopy(plain, from, result, written, to - from);
          written += to - from;
        }
      }
      Arrays.fill(plain, (byte) 0);
      return result;
    }
  }

  /** {@link #decryptRange} over a local file. */
  public byte[] decryptRange(ObjectContext context, EnvelopeHeader header, Path ciphertext, long offset, int length)
      throws IOException {
    try (FileChannel channel = FileChannel.open(ciphertext)) {
      return decryptRange(context, header, RandomAccessSource.of(channel), offset, length);
    }
  }

  // ---- rotation

  /**
   * The header with the data key wrapped again under version {@code kekVersion} of the same
   * key; the ciphertext stays valid as it is. Needs the header's current version to unwrap.
   */
  public EnvelopeHeader rewrap(EnvelopeHeader header, int kekVersion) {
    return rewrap(header, header.keyRef(), kekVersion);
  }

  /**
   * The header with the data key wrapped again under the current version of the database's
   * current key (which may be another key, after the database's key property changed); the
   * header itself if it is already. The header's own key must still unwrap the data key; it
   * need not be one the selector accepts any more, so a database can move to a new key and
   * re-wrap its objects afterwards.
   */
  public EnvelopeHeader rewrap(EnvelopeHeader header) {
    String database = header.context().database();
    KeyRef target = selector.keyRef(database);
    int version = currentVersion(target, database);
    if (header.keyRef().equals(target) && header.kekVersion() == version) {
      return header;
    }
    return rewrap(header, target, version);
  }

  /**
   * Checks that the database's key can be used now (for a read or write of its data).
   *
   * @throws KeyRevokedException if the key is revoked (not retryable)
   * @throws KeyUnavailableException if its source cannot be read (retryable)
   * @throws io.quiver.engine.error.QuiverException if the database has no key
   */
  public void checkAccess(String database) {
    currentVersion(selector.keyRef(database), database);
  }

  /** Whether the header is wrapped under the database's current key and version. */
  public boolean isCurrent(EnvelopeHeader header) {
    String database = header.context().database();
    KeyRef target = selector.keyRef(database);
    return header.keyRef().equals(target) && header.kekVersion() == currentVersion(target, database);
  }

  private EnvelopeHeader rewrap(EnvelopeHeader header, KeyRef target, int version) {
    ObjectContext context = header.context();
    try (KeyMaterial dataKey = dataKey(context, header, false)) {
      return header.rewrapped(target, version, aad -> wrap(target, version, dataKey, aad, context));
    }
  }

  // ---- internals

  /** The header's data key after every check; the caller closes it. Tests use it directly. */
  KeyMaterial dataKey(ObjectContext context, EnvelopeHeader header) {
    return dataKey(context, header, true);
  }

  /**
   * @param requireAccepted whether the header's key must be one the selector accepts for the
   *     database: always for reading; not for re-wrapping, which moves an object from whatever
   *     key it names (and that key's provider still unwraps) to the database's current key
   */
  private KeyMaterial dataKey(ObjectContext context, EnvelopeHeader header, boolean requireAccepted) {
    checkBelongs(context, header);
    KeyRef ref = header.keyRef();
    if (requireAccepted && !selector.accepts(context.database(), ref)) {
      throw new EncryptedObjectException("object '" + context.objectName() + "' of database '" + context.database()
          + "' is encrypted under key '" + ref + "', which is not the database's key");
    }
    long epoch = cache.epoch();
    currentVersion(ref, context.database());
    KeyMaterial cached = cache.copyOf(header.encoded());
    if (cached != null) {
      return cached;
    }
    KeyMaterial key;
    try {
      key = keys.unwrap(ref, header.kekVersion(), header.wrappedKey(), header.wrapAad());
    } catch (AEADBadTagException e) {
      throw new EncryptedObjectException("the data key of object '" + context.objectName() + "' of database '"
          + context.database() + "' failed authentication: its envelope header was modified, or version "
          + header.kekVersion() + " of key '" + ref + "' is not the key that wrapped it");
    } catch (KeyAccessException e) {
      throw e.forDatabase(context.database());
    }
    cache.put(epoch, ref, header.encoded(), key.copy());
    return key;
  }

  private ChunkCodec open(ObjectContext context, EnvelopeHeader header) {
    return new ChunkCodec(header, context, dataKey(context, header));
  }

  private static void checkBelongs(ObjectContext context, EnvelopeHeader header) {
    ObjectContext written = header.context();
    if (!written.database().equals(context.database())) {
      throw new EncryptedObjectException(
          "object '" + context.objectName() + "' does not belong to database '" + context.database() + "'");
    }
    if (!written.collection().equals(context.collection())) {
      throw new EncryptedObjectException("object '" + context.objectName() + "' does not belong to collection '"
          + context.collection() + "' of database '" + context.database() + "'");
    }
    if (!written.objectName().equals(context.objectName())) {
      throw new EncryptedObjectException("object '" + context.objectName() + "' of database '" + context.database()
          + "' holds another object's data (its envelope header names a different object)");
    }
  }

  static EncryptedObjectException authenticationFailed(ObjectContext context, long chunk) {
    return new EncryptedObjectException("object '" + context.objectName() + "' of database '" + context.database()
        + "' failed authentication at chunk " + chunk + ": it was modified, truncated or reordered, or does not match its header");
  }

  private int currentVersion(KeyRef ref, String database) {
    try {
      return keys.currentVersion(ref);
    } catch (KeyAccessException e) {
      throw e.forDatabase(database);
    }
  }

  private byte[] wrap(KeyRef ref, int version, KeyMaterial dataKey, byte[] aad, ObjectContext context) {
    byte[] raw = dataKey.getEncoded();
    try {
      return keys.wrap(ref, version, raw, aad);
    } catch (KeyAccessException e) {
      throw e.forDatabase(context.database());
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static InputStream nonClosing(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public void close() {}
    };
  }

  /** Unsubscribes from the provider and wipes the cached data keys; the provider stays open. */
  @Override
  public void close() {
    subscription.close();
    cache.close();
  }

  int cachedDataKeys() {
    return cache.size();
  }
}
