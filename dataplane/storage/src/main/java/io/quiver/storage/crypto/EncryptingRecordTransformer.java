package io.quiver.storage.crypto;

import io.quiver.storage.wal.RecordTransformer;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts each write-ahead log record (one client write batch) with AES-256-GCM, for one log of
 * one database: plug it into {@code FileWriteAheadLog.open(dir, options, transformer)}.
 *
 * <p>Records are self-describing, because the transformer API has no per-file state and replay
 * may start at any record after a checkpoint: every record carries its data key wrapped by the
 * database's KEK. Layout, big-endian, {@code str} = unsigned 16-bit length and the bytes:
 *
 * <pre>
 *  0   1  record format, 1
 *  1  16  data key id, random
 * 17   4  KEK version that wrapped the data key
 * 21  str key reference
 *     str wrapped data key: {@link KeyProvider#wrap} with AAD = "QWAL" (4 bytes), the log's
 *         database, collection and object name (str each), then bytes 0.. of this header up to
 *         this field
 *     12  nonce: 4 zero bytes, then the data key's record counter (8 bytes)
 *     n+16  AES-256-GCM ciphertext of the record and tag; AAD = "QWAL", the log's database,
 *         collection and object name, then every byte before the nonce
 * </pre>
 *
 * Overhead: about 150 bytes per record plus the key reference. Any changed byte, or a record
 * moved to another database's or collection's log, fails authentication.
 *
 * <p><b>Data keys and nonces</b>: appends share a data key, drawn at random when the first record
 * is encoded and replaced after {@code recordsPerKey} records, when the database's KEK or its
 * current version changes, and on revocation. The nonce of a record is the key's counter value,
 * taken atomically, so the records under one key have distinct nonces by construction. A data key
 * lives only in this process's memory, unwrapped, and is never loaded back for encryption: a
 * restart draws a new one, so a counter restarting at 0 never meets an old key (keys repeat only
 * if two 256-bit random draws collide). Replay unwraps keys for decryption only, caching them by
 * their record header bytes.
 *
 * <p>Revocation: each encode and decode first asks the provider for the key's state, so appends
 * and replay fail with {@link KeyRevokedException} (non-retryable) from the poll that sees the
 * key revoked; the encoding key and the cached replay keys are dropped then. Retire a KEK version
 * only after the log was truncated past the records written before the rotation (records cannot
 * be re-wrapped in place).
 *
 * <p>Errors: {@link KeyRevokedException}, {@link KeyUnavailableException} (retryable), {@link
 * EncryptedObjectException} (malformed or failing authentication); all unchecked.
 *
 * <p>Thread safety: thread-safe, as {@link RecordTransformer} requires.
 */
public final class EncryptingRecordTransformer implements RecordTransformer, AutoCloseable {

  /** The id recorded in the header of each log file this transformer encodes; "QWE1". */
  public static final int ID = 0x51574531;
  public static final int RECORD_FORMAT = 1;
  /** Default number of records encrypted under one data key: 2^20. */
  public static final long DEFAULT_RECORDS_PER_KEY = 1L << 20;
  /** The most records under one data key: 2^32. */
  public static final long MAX_RECORDS_PER_KEY = 1L << 32;

  private static final int MAGIC = 0x5157414C; // "QWAL"
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BYTES = 16;
  private static final int DEFAULT_CACHED_KEYS = 256;

  /** The data key that encrypts new records, with its header and counter. */
  private record WalKey(KeyRef ref, int version, KeyMaterial key, byte[] prefix, AtomicLong counter) {}

  private final KeyProvider keys;
  private final KeySelector selector;
  private final ObjectContext log;
  private final long recordsPerKey;
  private final byte[] contextAad;
  private final SecureRandom random = new SecureRandom();
  private final AtomicReference<WalKey> current = new AtomicReference<>();
  private final DataKeyCache cache = new DataKeyCache(DEFAULT_CACHED_KEYS);
  private final Object rotateLock = new Object();
  private final KeyProvider.Subscription subscription;

  private EncryptingRecordTransformer(KeyProvider keys, KeySelector selector, ObjectContext log, long recordsPerKey) {
    this.keys = keys;
    this.selector = selector;
    this.log = log;
    this.recordsPerKey = recordsPerKey;
    Bin.Writer aad = new Bin.Writer(128).i32(MAGIC);
    log.writeTo(aad);
    this.contextAad = aad.toByteArray();
    this.subscription = keys.subscribe(this::keyChanged);
  }

  /** A transformer with {@link #DEFAULT_RECORDS_PER_KEY}. */
  public static EncryptingRecordTransformer create(KeyProvider keys, KeySelector selector, ObjectContext log) {
    return create(keys, selector, log, DEFAULT_RECORDS_PER_KEY);
  }

  /**
   * @param keys the KEKs (not closed by {@link #close()})
   * @param selector picks the database's KEK
   * @param log the log's identity, bound into every record: its database and collection, and a
   *     name such as {@code wal/<shard>}
   * @param recordsPerKey records encrypted under one data key before a new one is drawn; 1 to
   *     2^32
   */
  public static EncryptingRecordTransformer create(
      KeyProvider keys, KeySelector selector, ObjectContext log, long recordsPerKey) {
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(selector, "selector");
    Objects.requireNonNull(log, "log");
    if (recordsPerKey < 1 || recordsPerKey > MAX_RECORDS_PER_KEY) {
      throw new IllegalArgumentException(
          "WAL encryption setting recordsPerKey must be between 1 and " + MAX_RECORDS_PER_KEY + ", got " + recordsPerKey);
    }
    return new EncryptingRecordTransformer(keys, selector, log, recordsPerKey);
  }

  @Override
  public int id() {
    return ID;
  }

  @Override
  public ByteBuffer encode(byte[] record) {
    WalKey key = currentKey();
    while (true) {
      long n = key.counter.getAndIncrement();
      if (n >= recordsPerKey) {
        key = replace(key);
        continue;
      }
      KeyMaterial copy;
      try {
        copy = key.key.copy();
      } catch (IllegalStateException wipedByRotation) {
        key = replace(key);
        continue;
      }
      try (copy) {
        return seal(key, copy, n, record);
      }
    }
  }

  private ByteBuffer seal(WalKey key, KeyMaterial copy, long counter, byte[] record) {
    byte[] nonce = new byte[NONCE_BYTES];
    for (int i = 0; i < 8; i++) {
      nonce[NONCE_BYTES - 1 - i] = (byte) (counter >>> (8 * i));
    }
    ByteBuffer out = ByteBuffer.allocate(key.prefix.length + NONCE_BYTES + record.length + TAG_BYTES);
    out.put(key.prefix).put(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, copy, new GCMParameterSpec(TAG_BYTES * 8, nonce));
      cipher.updateAAD(contextAad);
      cipher.updateAAD(key.prefix);
      cipher.doFinal(ByteBuffer.wrap(record), out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
    return out.flip();
  }

  /** The encoding key for the database's current KEK and version, after a revocation check. */
  private WalKey currentKey() {
    KeyRef ref = selector.keyRef(log.database());
    int version = currentVersion(ref);
    WalKey key = current.get();
    if (key != null && key.ref.equals(ref) && key.version == version) {
      return key;
    }
    synchronized (rotateLock) {
      key = current.get();
      if (key != null && key.ref.equals(ref) && key.version == version) {
        return key;
      }
      return install(key, newKey(ref, version));
    }
  }

  /** A new encoding key in place of {@code stale} (exhausted or wiped), unless one replaced it already. */
  private WalKey replace(WalKey stale) {
    synchronized (rotateLock) {
      WalKey key = current.get();
      if (key != null && key != stale) {
        return key;
      }
    }
    return currentKeyAfter(stale);
  }

  private WalKey currentKeyAfter(WalKey stale) {
    KeyRef ref = selector.keyRef(log.database());
    int version = currentVersion(ref);
    synchronized (rotateLock) {
      WalKey key = current.get();
      if (key != null && key != stale && key.ref.equals(ref) && key.version == version) {
        return key;
      }
      return install(key, newKey(ref, version));
    }
  }

  private WalKey install(WalKey old, WalKey fresh) {
    current.set(fresh);
    if (old != null) {
      old.key.destroy();
    }
    return fresh;
  }

  private WalKey newKey(KeyRef ref, int version) {
    byte[] raw = new byte[KeyMaterial.AES_256_BYTES];
    random.nextBytes(raw);
    KeyMaterial key = KeyMaterial.adopt(raw.clone());
    try {
      byte[] id = new byte[EnvelopeHeader.DATA_KEY_ID_BYTES];
      random.nextBytes(id);
      Bin.Writer header = new Bin.Writer(256).u8(RECORD_FORMAT).raw(id).i32(version).string(ref.toString());
      byte[] wrapAad = wrapAad(header.toByteArray());
      byte[] wrapped;
      try {
        wrapped = keys.wrap(ref, version, raw, wrapAad);
      } catch (KeyAccessException e) {
        throw e.forDatabase(log.database());
      }
      header.bytes(wrapped);
      return new WalKey(ref, version, key, header.toByteArray(), new AtomicLong());
    } catch (RuntimeException e) {
      key.destroy();
      throw e;
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  private byte[] wrapAad(byte[] headerBeforeWrappedKey) {
    byte[] aad = Arrays.copyOf(contextAad, contextAad.length + headerBeforeWrappedKey.length);
    System.arraycopy(headerBeforeWrappedKey, 0, aad, contextAad.length, headerBeforeWrappedKey.length);
    return aad;
  }

  @Override
  public ByteBuffer decode(ByteBuffer stored) {
    ByteBuffer record = stored.slice();
    byte[] prefix;
    KeyRef ref;
    int version;
    byte[] wrapped;
    int wrappedFieldAt;
    try {
      Bin.Reader in = new Bin.Reader(record);
      int format = in.u8();
      if (format != RECORD_FORMAT) {
        throw malformed("unknown record format " + format);
      }
      in.raw(EnvelopeHeader.DATA_KEY_ID_BYTES);
      version = in.i32();
      ref = KeyRef.parse(in.string());
      wrappedFieldAt = in.offset();
      wrapped = in.bytes();
      int prefixLength = in.offset();
      if (in.remaining() < NONCE_BYTES + TAG_BYTES) {
        throw malformed("record too short");
      }
      prefix = new byte[prefixLength];
      record.get(0, prefix);
    } catch (Bin.Malformed e) {
      throw malformed(e.getMessage());
    } catch (EncryptedObjectException e) {
      throw e;
    } catch (RuntimeException e) {
      throw malformed(e.getMessage());
    }
    if (!selector.accepts(log.database(), ref)) {
      throw new EncryptedObjectException("a write-ahead log record of " + describe() + " is encrypted under key '"
          + ref + "', which is not the database's key");
    }
    long epoch = cache.epoch();
    currentVersion(ref);
    try (KeyMaterial key = dataKey(epoch, ref, version, prefix, wrapped, wrappedFieldAt)) {
      byte[] nonce = new byte[NONCE_BYTES];
      record.get(prefix.length, nonce);
      ByteBuffer ciphertext = record.slice(prefix.length + NONCE_BYTES, record.remaining() - prefix.length - NONCE_BYTES);
      ByteBuffer out = ByteBuffer.allocate(ciphertext.remaining() - TAG_BYTES);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
      cipher.updateAAD(contextAad);
      cipher.updateAAD(prefix);
      cipher.doFinal(ciphertext, out);
      return out.flip();
    } catch (AEADBadTagException e) {
      throw authenticationFailed();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM decryption failed", e);
    }
  }

  private KeyMaterial dataKey(long epoch, KeyRef ref, int version, byte[] prefix, byte[] wrapped, int wrappedFieldAt) {
    KeyMaterial cached = cache.copyOf(prefix);
    if (cached != null) {
      return cached;
    }
    KeyMaterial key;
    try {
      key = keys.unwrap(ref, version, wrapped, wrapAad(Arrays.copyOf(prefix, wrappedFieldAt)));
    } catch (AEADBadTagException e) {
      throw authenticationFailed();
    } catch (KeyAccessException e) {
      throw e.forDatabase(log.database());
    }
    cache.put(epoch, ref, prefix, key.copy());
    return key;
  }

  private int currentVersion(KeyRef ref) {
    try {
      return keys.currentVersion(ref);
    } catch (KeyAccessException e) {
      throw e.forDatabase(log.database());
    }
  }

  private void keyChanged(KeyRef ref, boolean accessible) {
    if (accessible) {
      return;
    }
    cache.invalidate(ref);
    // Lock-free: this runs under the provider's lock, while a rotation holds rotateLock and may
    // call the provider.
    WalKey key = current.get();
    if (key != null && key.ref.equals(ref) && current.compareAndSet(key, null)) {
      key.key.destroy();
    }
  }

  private String describe() {
    return "log '" + log.objectName() + "' of collection '" + log.collection() + "' of database '" + log.database() + "'";
  }

  private EncryptedObjectException malformed(String reason) {
    return new EncryptedObjectException("a write-ahead log record of " + describe() + " is not a valid encrypted record: " + reason);
  }

  private EncryptedObjectException authenticationFailed() {
    return new EncryptedObjectException("a write-ahead log record of " + describe()
        + " failed authentication: it was modified, or belongs to another log");
  }

  /** Unsubscribes from the provider and wipes the keys held; the provider stays open. */
  @Override
  public void close() {
    subscription.close();
    cache.close();
    synchronized (rotateLock) {
      install(current.get(), null);
    }
  }

  @Override
  public String toString() {
    return "aes-256-gcm(" + log + ")";
  }
}
