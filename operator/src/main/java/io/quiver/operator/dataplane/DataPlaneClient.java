package io.quiver.operator.dataplane;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's client of one VectorCluster's data plane, through the data plane's own Milvus API.
 * It is what the Collection, ResourceGroup and EncryptionKey reconcilers manage objects outside
 * Kubernetes with; {@link MilvusDataPlaneClient} implements it with the Milvus Java SDK.
 *
 * <p>Contract: calls block until the data plane answered or a bounded timeout passed (seconds, never
 * minutes); a failure is a {@link DataPlaneException} whose {@link DataPlaneException#kind()} says
 * whether retrying can help. Creating what exists fails (the caller describes first); dropping what is
 * gone succeeds. Implementations are thread-safe; {@link #close()} releases the connection.
 */
public interface DataPlaneClient extends AutoCloseable {

  // ---- databases (Collection, Tenant)

  /** Names of the databases. */
  List<String> listDatabases();

  /** Creates a database. */
  void createDatabase(String database);

  // ---- collections (Collection)

  /** The collection as the data plane has it, or empty if it (or its database) does not exist. */
  Optional<CollectionState> describeCollection(String database, String collection);

  /**
   * Creates a collection with its schema, shards, partition-key partitions, properties and consistency
   * level (CreateCollection), then its named partitions (CreatePartition); no indexes, not loaded.
   */
  void createCollection(String database, CollectionDefinition definition);

  /** Adds a field (AddCollectionField); the data plane accepts only nullable, non-vector, non-key fields. */
  void addField(String database, String collection, FieldDefinition field);

  /** Creates a named partition (CreatePartition). */
  void createPartition(String database, String collection, String partition);

  /** Sets collection properties (AlterCollection), e.g. {@code collection.ttl.seconds}, {@code mmap.enabled}. */
  void alterProperties(String database, String collection, Map<String, String> properties);

  /** Creates an index (CreateIndex) without waiting for it to be built. */
  void createIndex(String database, String collection, IndexDefinition index);

  /** Drops an index (DropIndex); succeeds if it is gone. A vector index of a loaded collection cannot be dropped. */
  void dropIndex(String database, String collection, String fieldName, String indexName);

  /**
   * Loads the collection (LoadCollection) with {@code replicas} in-memory replicas placed in
   * {@code resourceGroups} (empty: the default group), without waiting for the load to finish.
   */
  void load(String database, String collection, int replicas, List<String> resourceGroups);

  /** Releases a loaded collection (ReleaseCollection). */
  void release(String database, String collection);

  /** Drops a collection and its data (DropCollection); succeeds if it is gone. */
  void dropCollection(String database, String collection);

  // ---- resource groups (ResourceGroup)

  /** The resource group as the data plane has it, or empty if it does not exist. */
  Optional<ResourceGroupState> describeResourceGroup(String name);

  /** Creates a resource group asking for {@code nodes} nodes (CreateResourceGroup). */
  void createResourceGroup(String name, int nodes);

  /** Changes the nodes a group asks for (UpdateResourceGroups). */
  void updateResourceGroup(String name, int nodes);

  /** Drops an empty resource group (DropResourceGroup); succeeds if it is gone. */
  void dropResourceGroup(String name);

  // ---- encryption keys (EncryptionKey)

  /** The key state of a scope, or empty if the data plane has no key for it. */
  Optional<KeyState> describeKey(KeyScopeRef scope);

  /**
   * Hands a new key version to the data plane; it becomes the active version that wraps new data
   * keys, and re-wrapping of existing data keys starts in the background.
   *
   * @return the new version number
   */
  int installKeyVersion(KeyScopeRef scope, KeyMaterial material);

  /** Revokes every version of the scope's key: its data becomes unreadable. */
  void revokeKey(KeyScopeRef scope);

  /** Restores a revoked key with {@code material} (which must unwrap the existing data keys). */
  void restoreKey(KeyScopeRef scope, KeyMaterial material);

  @Override
  void close();
}
