package io.quiver.storage.object;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A flat store of byte objects under string keys: the local directory of a standalone server
 * ({@link LocalObjectStore}) or an S3 bucket ({@link S3ObjectStore}). Segment files, index files
 * and write-ahead-log batches live here; the catalog says which objects are current.
 *
 * <p><b>Keys</b> follow {@link ObjectKeys} (segments joined by {@code '/'}, no {@code ".."}, no
 * empty segments) and are relative to the store's root; a bad key throws {@link
 * IllegalArgumentException} naming it. {@link #scoped} gives a view under a sub-prefix, so
 * callers never join prefixes by hand. A key must not also be a prefix of other keys followed by
 * {@code '/'} ({@code "a"} and {@code "a/b"}): the local store keeps objects as files in
 * directories, where that cannot be.
 *
 * <p><b>Writes</b> are atomic and durable: when a put returns, the whole new object is visible to
 * every reader of the store (S3 is strongly read-after-write consistent) and survives a crash;
 * when it throws, readers see the previous object (or none), never part of the new one. Puts of
 * the same key race: one of them wins. Objects are never modified in place.
 *
 * <p><b>Failures</b> are {@link ObjectStoreException}s, {@link ObjectStoreException#retryable()
 * retryable} or not, naming the operation and the object; a missing object on a read is an {@link
 * ObjectNotFoundException}. Stores that talk to a network service retry transient failures
 * themselves, with backoff, within a <em>deadline</em>: the longest one request to the service,
 * with all its retries, may take before the call fails with a retryable exception ({@link
 * #withDeadline}). Calls made of many requests (a multipart upload, a listing of many pages, a
 * batch delete) apply it to each request, so they run as long as every request succeeds in
 * time; during an outage they fail within about one deadline. The deadline includes sending a
 * request's body (up to one part of a multipart upload), so it must be longer than that takes.
 *
 * <p><b>Thread safety:</b> implementations are safe for use by any number of threads at once.
 * Views ({@link #scoped}, {@link #withDeadline}) share the resources of the store they came from:
 * closing a view does nothing; closing the store they came from ends them all.
 */
public interface ObjectStore extends AutoCloseable {

  /** Stores {@code data} under {@code key}, replacing any object there. */
  void put(String key, byte[] data) throws ObjectStoreException;

  /**
   * Stores the content of {@code file} under {@code key}, replacing any object there. S3 uploads
   * files larger than one part ({@link S3Config#partSizeBytes()}) in parts and aborts the upload
   * when it fails. The file must not change while it is uploaded.
   */
  void put(String key, Path file) throws ObjectStoreException;

  /**
   * Stores exactly {@code length} bytes read from {@code in} under {@code key}, replacing any
   * object there. A stream that ends early or throws fails the put, and nothing is stored. Bytes
   * after the first {@code length} are not read. The stream is not closed.
   */
  void put(String key, InputStream in, long length) throws ObjectStoreException;

  /**
   * The whole content of the object.
   *
   * @throws ObjectNotFoundException if there is no object under {@code key}
   * @throws ObjectStoreException also if the object is larger than a byte array can hold
   */
  byte[] get(String key) throws ObjectStoreException;

  /**
   * A stream over the object's content, which the caller must close. S3 holds a connection while
   * it is open. A failure while reading it throws an {@link ObjectStoreException} from the
   * stream's read; nothing is retried once the stream is returned (use {@link #download} for
   * large objects).
   *
   * @throws ObjectNotFoundException if there is no object under {@code key}
   */
  InputStream open(String key) throws ObjectStoreException;

  /**
   * Exactly {@code length} bytes of the object starting at byte {@code offset} (S3: one ranged
   * GET).
   *
   * @throws IllegalArgumentException if {@code offset} or {@code length} is negative
   * @throws ObjectNotFoundException if there is no object under {@code key}
   * @throws ObjectStoreException (not retryable) if the range reaches past the end of the object,
   *     naming the range and the object's size
   */
  byte[] getRange(String key, long offset, int length) throws ObjectStoreException;

  /**
   * Copies the object into {@code target}, replacing that file atomically: the content goes to a
   * temporary file in the target's directory, is checked against the object's size, forced to
   * disk and renamed over {@code target}. On failure {@code target} is unchanged.
   *
   * @throws ObjectNotFoundException if there is no object under {@code key}
   */
  void download(String key, Path target) throws ObjectStoreException;

  /** Size, modification time and ETag of the object, or empty if there is none. */
  Optional<ObjectInfo> stat(String key) throws ObjectStoreException;

  /**
   * Every object whose key starts with {@code prefix} (see {@link ObjectKeys}; {@code ""} for
   * all), sorted by {@link ObjectKeys#ORDER}, fetching as many pages as it takes. Keys are
   * relative to this store. For very long listings, page with {@link #listPage}.
   */
  List<ObjectInfo> list(String prefix) throws ObjectStoreException;

  /**
   * One page of the listing of {@code prefix}: at most {@code maxKeys} objects with keys after
   * {@code startAfter} ({@code null} or {@code ""} to start at the beginning), sorted.
   *
   * @param maxKeys from 1 to 1000
   */
  ObjectListing listPage(String prefix, String startAfter, int maxKeys) throws ObjectStoreException;

  /**
   * Deletes the object if it exists.
   *
   * @return whether there was an object (on S3 decided by a HEAD just before the DELETE, so two
   *     concurrent deletes of one object may both return true)
   */
  boolean delete(String key) throws ObjectStoreException;

  /**
   * Deletes every object of {@code keys} that exists (S3: batch deletes of up to 1000 keys per
   * request). When it throws, some of the objects may already be gone.
   */
  void deleteAll(Collection<String> keys) throws ObjectStoreException;

  /**
   * A view of the objects under {@code subPrefix + "/"}: its key {@code k} is this store's key
   * {@code subPrefix + "/" + k}. Views nest.
   *
   * @param subPrefix a valid key (one or more segments, no leading or trailing {@code '/'})
   */
  ObjectStore scoped(String subPrefix);

  /**
   * A view of this store whose calls use {@code deadline} (see above) instead of this store's.
   * Stores without network calls return themselves.
   *
   * @param deadline positive
   */
  ObjectStore withDeadline(Duration deadline);

  /**
   * Removes what interrupted writes left behind under this store and started more than {@code
   * olderThan} ago: the local store's temporary files, S3's incomplete multipart uploads (which
   * the bucket otherwise keeps, and bills, until a lifecycle rule aborts them). Writes in progress
   * younger than that are not touched.
   *
   * @return how many were removed
   */
  int purgeIncompleteWrites(Duration olderThan) throws ObjectStoreException;

  /** Where the objects of this store live, for messages: {@code file:/dir} or {@code s3://bucket/prefix}. */
  String location();

  /** Releases the store's resources (connections, threads); a view's close does nothing. */
  @Override
  void close();
}
