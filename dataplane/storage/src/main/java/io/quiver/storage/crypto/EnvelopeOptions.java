package io.quiver.storage.crypto;

/**
 * Settings of an {@link EnvelopeCipher}, checked when constructed: a bad value throws {@link
 * IllegalArgumentException} naming the setting, the allowed range and the value given.
 *
 * @param chunkSize plaintext bytes per chunk of new objects: the unit of random access (a ranged
 *     read decrypts whole chunks) and of buffering (a stream holds two chunks). Default {@value
 *     #DEFAULT_CHUNK_SIZE} (1 MiB); from {@value EnvelopeHeader#MIN_CHUNK_SIZE} to {@value
 *     EnvelopeHeader#MAX_CHUNK_SIZE} (64 MiB). Objects keep the chunk size they were written
 *     with
 * @param cachedDataKeys how many unwrapped data keys to keep (least recently used go first), so
 *     that repeated reads of an object do not unwrap again (a KMS call, for KMS keys). Default
 *     {@value #DEFAULT_CACHED_DATA_KEYS}; from 0 to {@value #MAX_CACHED_DATA_KEYS}
 */
public record EnvelopeOptions(int chunkSize, int cachedDataKeys) {

  public static final int DEFAULT_CHUNK_SIZE = 1 << 20;
  public static final int DEFAULT_CACHED_DATA_KEYS = 4096;
  public static final int MAX_CACHED_DATA_KEYS = 1 << 20;

  public EnvelopeOptions {
    if (chunkSize < EnvelopeHeader.MIN_CHUNK_SIZE || chunkSize > EnvelopeHeader.MAX_CHUNK_SIZE) {
      throw new IllegalArgumentException(
          "envelope setting chunkSize must be between " + EnvelopeHeader.MIN_CHUNK_SIZE + " and "
              + EnvelopeHeader.MAX_CHUNK_SIZE + " bytes, got " + chunkSize);
    }
    if (cachedDataKeys < 0 || cachedDataKeys > MAX_CACHED_DATA_KEYS) {
      throw new IllegalArgumentException(
          "envelope setting cachedDataKeys must be between 0 and " + MAX_CACHED_DATA_KEYS + ", got " + cachedDataKeys);
    }
  }

  /** 1 MiB chunks, 4096 cached data keys. */
  public static EnvelopeOptions defaults() {
    return new EnvelopeOptions(DEFAULT_CHUNK_SIZE, DEFAULT_CACHED_DATA_KEYS);
  }

  public EnvelopeOptions withChunkSize(int value) {
    return new EnvelopeOptions(value, cachedDataKeys);
  }

  public EnvelopeOptions withCachedDataKeys(int value) {
    return new EnvelopeOptions(chunkSize, value);
  }
}
