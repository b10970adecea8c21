package io.quiver.storage.object;

import java.time.Instant;
import java.util.Objects;

/**
 * What a store knows about one object.
 *
 * @param key the key, relative to the store (or view) that returned it
 * @param size length in bytes
 * @param lastModified when the object was last written, as the backend records it (S3: second
 *     precision; local: the file's modification time)
 * @param etag an opaque version tag without quotes: it changes whenever the object is written
 *     again with different content, and may change when it is rewritten with the same content.
 *     S3: the ETag (the MD5 of the content for single-part uploads, {@code "<md5>-<parts>"} for
 *     multipart ones); local: derived from size and modification time
 */
public record ObjectInfo(String key, long size, Instant lastModified, String etag) {

  public ObjectInfo {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(lastModified, "lastModified");
    Objects.requireNonNull(etag, "etag");
    if (size < 0) {
      throw new IllegalArgumentException("object size must not be negative: " + size);
    }
  }
}
