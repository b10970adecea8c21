package io.quiver.operator.it;

import io.quiver.operator.dataplane.ClusterAddress;
import io.quiver.operator.dataplane.CollectionDefinition;
import io.quiver.operator.dataplane.CollectionState;
import io.quiver.operator.dataplane.DataPlaneClient;
import io.quiver.operator.dataplane.DataPlaneConnector;
import io.quiver.operator.dataplane.DataPlaneException;
import io.quiver.operator.dataplane.FieldDefinition;
import io.quiver.operator.dataplane.IndexDefinition;
import io.quiver.operator.dataplane.KeyMaterial;
import io.quiver.operator.dataplane.KeyScopeRef;
import io.quiver.operator.dataplane.KeyState;
import io.quiver.operator.dataplane.ResourceGroupState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stand-in data plane for the Kubernetes-side scenarios of {@link MockClusterIT}: it keeps resource
 * groups in memory (which a real standalone server refuses; {@link DataPlaneIT} covers that against the
 * real one) and answers every other call as unsupported. One group table per cluster. Thread-safe.
 */
final class InMemoryGroups implements DataPlaneConnector {

  private final Map<String, Map<String, ResourceGroupState>> byCluster = new ConcurrentHashMap<>();

  /** The groups of cluster namespace/name, by name. */
  Map<String, ResourceGroupState> groups(String cluster) {
    return byCluster.computeIfAbsent(cluster, c -> new ConcurrentHashMap<>(Map.of("__default_resource_group",
        new ResourceGroupState("__default_resource_group", 1, List.of("node-0")))));
  }

  @Override
  public DataPlaneClient connect(ClusterAddress address) {
    Map<String, ResourceGroupState> groups = groups(address.cluster());
    return new DataPlaneClient() {
      @Override
      public Optional<ResourceGroupState> describeResourceGroup(String name) {
        return Optional.ofNullable(groups.get(name));
      }

      @Override
      public void createResourceGroup(String name, int nodes) {
        if (groups.putIfAbsent(name, new ResourceGroupState(name, nodes, List.of())) != null) {
          throw new DataPlaneException(DataPlaneException.Kind.REJECTED, "resource group " + name + " already exists");
        }
      }

      @Override
      public void updateResourceGroup(String name, int nodes) {
        groups.computeIfPresent(name, (n, g) -> new ResourceGroupState(n, nodes, g.nodes()));
      }

      @Override
      public void dropResourceGroup(String name) {
        groups.remove(name);
      }

      private DataPlaneException unsupported() {
        return new DataPlaneException(DataPlaneException.Kind.UNSUPPORTED, "the in-memory stand-in keeps groups only");
      }

      @Override
      public List<String> listDatabases() {
        throw unsupported();
      }

      @Override
      public void createDatabase(String database) {
        throw unsupported();
      }

      @Override
      public Optional<CollectionState> describeCollection(String database, String collection) {
        throw unsupported();
      }

      @Override
      public void createCollection(String database, CollectionDefinition definition) {
        throw unsupported();
      }

      @Override
      public void addField(String database, String collection, FieldDefinition field) {
        throw unsupported();
      }

      @Override
      public void createPartition(String database, String collection, String partition) {
        throw unsupported();
      }

      @Override
      public void alterProperties(String database, String collection, Map<String, String> properties) {
        throw unsupported();
      }

      @Override
      public void createIndex(String database, String collection, IndexDefinition index) {
        throw unsupported();
      }

      @Override
      public void dropIndex(String database, String collection, String fieldName, String indexName) {
        throw unsupported();
      }

      @Override
      public void load(String database, String collection, int replicas, List<String> resourceGroups) {
        throw unsupported();
      }

      @Override
      public void release(String database, String collection) {
        throw unsupported();
      }

      @Override
      public void dropCollection(String database, String collection) {
        throw unsupported();
      }

      @Override
      public Optional<KeyState> describeKey(KeyScopeRef scope) {
        throw unsupported();
      }

      @Override
      public int installKeyVersion(KeyScopeRef scope, KeyMaterial material) {
        throw unsupported();
      }

      @Override
      public void revokeKey(KeyScopeRef scope) {
        throw unsupported();
      }

      @Override
      public void restoreKey(KeyScopeRef scope, KeyMaterial material) {
        throw unsupported();
      }

      @Override
      public void close() {}
    };
  }
}
