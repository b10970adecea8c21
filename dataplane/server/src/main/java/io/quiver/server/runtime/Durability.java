package io.quiver.server.runtime;

import io.quiver.engine.collection.Collection;
import io.quiver.engine.collection.CollectionInfo;
import io.quiver.engine.index.VectorIndex;
import io.quiver.engine.segment.Segment;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Where the data plane makes its state durable: the catalog (databases, collections, aliases,
 * load state) and one write-ahead log per shard. Implementations: the local directory
 * (standalone) and, later, etcd + object storage.
 *
 * <p>Catalog methods are called by one thread at a time (the data plane serializes DDL) and
 * return after the change is durable.
 */
public interface Durability extends AutoCloseable {

  void saveDatabase(DatabaseInfo database) throws IOException;

  void dropDatabase(DatabaseInfo database) throws IOException;

  /** Records a new or changed collection and whether it is loaded. */
  void saveCollection(CollectionInfo collection, boolean loaded) throws IOException;

  /** Forgets a collection and deletes its data. */
  void dropCollection(CollectionInfo collection) throws IOException;

  /** Replaces the aliases of {@code database} (alias to collection name). */
  void saveAliases(String database, Map<String, String> aliases) throws IOException;

  /**
   * Throws a retryable error when writes must not be acknowledged now (e.g. the cluster catalog
   * cannot confirm this node's lease). Called before every write is logged.
   */
  default void checkWritable() {}

  /**
   * Checks the encryption settings of a database about to be created or altered: a {@code
   * database.encryption.key} property must name a key this server can use now. Default: no key
   * support, so the property is refused.
   */
  default void checkEncryptionKey(String database, Map<String, String> properties) {
    if (properties.containsKey(io.quiver.storage.crypto.KeySelector.PROPERTY)) {
      throw io.quiver.engine.error.QuiverException.invalid("database property %s needs encryption keys, which this "
          + "server does not have (security.encryption.key-dir)", io.quiver.storage.crypto.KeySelector.PROPERTY);
    }
  }

  /**
   * Checks that the data of {@code collection} can be read or written now: its database's key is
   * usable (not revoked, reachable) and its stored data loaded. Called before every read and write.
   */
  default void checkDataAccess(Collection collection) {}

  /** The log of {@code shard} of collection {@code collectionId}, created on first use. */
  WriteLog log(long collectionId, int shard) throws IOException;

  /**
   * Makes everything applied to {@code collection} so far durable outside the logs: seals the
   * growing segments, writes every sealed segment not yet written (and changed deletes), records
   * them with the log positions they cover, and truncates the logs behind. Returns the segments
   * this call sealed.
   */
  List<Segment> checkpoint(Collection collection) throws IOException;

  /**
   * Replaces sealed segments {@code inputs} of {@code shard} (one partition, all already written
   * by a checkpoint) with one compacted segment holding their live, unexpired rows, recording the
   * swap atomically. Returns the new segment, or null when no row survived.
   */
  Segment compact(Collection collection, io.quiver.engine.segment.Shard shard, List<Segment> inputs, long expireBefore)
      throws IOException;

  /**
   * Clustering compaction: replaces {@code inputs} (as for {@link #compact}) with their live rows
   * sorted by {@code key} into segments of at most {@code maxRows} rows with disjoint key ranges,
   * recording the whole swap atomically. Returns the new segments in key order (empty when no
   * row survived).
   */
  List<Segment> compact(Collection collection, io.quiver.engine.segment.Shard shard, List<Segment> inputs,
      long expireBefore, io.quiver.engine.schema.FieldSchema key, int maxRows) throws IOException;

  /**
   * Makes sealed segments built by a bulk import durable (files and one catalog transaction)
   * before they become visible; after this returns a restart loads them.
   */
  void persistImported(Collection collection, List<Segment> segments) throws IOException;

  /** Called when an index finished building on a sealed segment, so it can be stored. */
  void indexBuilt(Collection collection, Segment segment, long fieldId, VectorIndex index);

  /**
   * Brings the written segments of {@code collection} (of {@code partitionIds}; null: every
   * partition) into memory for LoadCollection / LoadPartitions, before they are marked loaded.
   * Default: segments never leave memory, nothing to do.
   */
  default void loadData(Collection collection, java.util.Set<Long> partitionIds) throws IOException {}

  /**
   * Frees the memory (and cached files) of the written segments of {@code collection} (of {@code
   * partitionIds}; null: every partition) after ReleaseCollection / ReleasePartitions. Their
   * primary keys, timestamps and deletes stay, so writes keep working. Default: nothing.
   */
  default void releaseData(Collection collection, java.util.Set<Long> partitionIds) throws IOException {}

  /** Before a read of a loaded collection: brings lazily loaded segments into memory. Default: nothing. */
  default void ensureLoaded(Collection collection) throws IOException {}

  /**
   * Holds a released segment's data in memory until the returned handle is closed (an index build
   * on a released collection); null when the segment is gone. Default: unsupported.
   */
  default AutoCloseable pin(Collection collection, Segment segment) throws IOException {
    throw new IllegalStateException("segment " + segment.id() + " is released and cannot be loaded");
  }

  /** The prefix of the catalog keys holding users, roles, grants and privilege groups. */
  String ACCESS_CONTROL_PREFIX = "rbac/";

  /**
   * Every access-control record (users, roles, grants, privilege groups): the catalog keys under
   * {@link #ACCESS_CONTROL_PREFIX} with their values, which are opaque here (the auth package
   * encodes them).
   */
  default Map<String, byte[]> loadAccessControl() throws IOException {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " does not store access-control records");
  }

  /**
   * Atomically puts and deletes access-control records (every key under
   * {@link #ACCESS_CONTROL_PREFIX}); returns once the change is durable. May be called
   * concurrently with the other catalog methods.
   */
  default void saveAccessControl(Map<String, byte[]> puts, java.util.Collection<String> deletes) throws IOException {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " does not store access-control records");
  }

  @Override
  void close() throws IOException;
}
