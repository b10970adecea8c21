package io.quiver.operator.dataplane;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The operator's client of one VectorCluster's data plane, through the data plane's own Milvus API.
 * It is what the Collection, ResourceGroup, EncryptionKey and Tenant reconcilers need to manage objects
 * outside Kubernetes; the implementation (a Milvus SDK client) is not part of this module yet.
 *
 * <p>Contract: every call is idempotent where the data plane allows it (creating what exists with the
 * same definition succeeds, dropping what is gone succeeds); calls block until the data plane answered;
 * a failure is a {@link DataPlaneException} whose {@link DataPlaneException#retryable()} says whether
 * the reconciler should retry. Implementations are thread-safe; {@link #close()} releases the
 * connection.
 */
public interface DataPlaneClient extends AutoCloseable {

  // ---- databases (Tenant, Collection)

  /** Names of the databases. */
  Set<String> listDatabases();

  /** Creates a database; succeeds if it exists. */
  void createDatabase(String database);

  // ---- collections (Collection)

  /** The collection as the data plane has it, or empty if it does not exist. */
  Optional<CollectionState> describeCollection(String database, String collection);

  /**
   * Creates a collection with its schema, shards, partitions, properties and consistency level
   * (CreateCollection, then CreatePartition for named partitions); no indexes, not loaded.
   */
  void createCollection(String database, CollectionDefinition definition);

  /** Adds a field (AddCollectionField); the field must be nullable or have a default value. */
  void addField(String database, String collection, FieldDefinition field);

  /** Creates a named partition; succeeds if it exists. */
  void createPartition(String database, String collection, String partition);

  /** Sets collection properties (AlterCollection), e.g. {@code collection.ttl.seconds}, {@code mmap.enabled}. */
  void alterProperties(String database, String collection, Map<String, String> properties);

  /** Creates an index (CreateIndex). */
  void createIndex(String database, String collection, IndexDefinition index);

  /** Drops an index (DropIndex); succeeds if it is gone. */
  void dropIndex(String database, String collection, String indexName);

  /** Loads the collection with {@code replicas} in-memory replicas placed in {@code resourceGroups} (empty: the default group). */
  void load(String database, String collection, int replicas, List<String> resourceGroups);

  /** Releases a loaded collection. */
  void release(String database, String collection);

  /** Drops a collection and its data; succeeds if it is gone. */
  void dropCollection(String database, String collection);

  // ---- resource groups (ResourceGroup)

  /** The resource group as the data plane has it, or empty. */
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
