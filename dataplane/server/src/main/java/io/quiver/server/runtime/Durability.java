package io.quiver.server.runtime;

import io.quiver.engine.collection.CollectionInfo;
import java.io.IOException;
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

  /** The log of {@code shard} of collection {@code collectionId}, created on first use. */
  WriteLog log(long collectionId, int shard) throws IOException;

  @Override
  void close() throws IOException;
}
