package io.quiver.operator.dataplane;

import com.google.gson.JsonParser;
import io.grpc.StatusRuntimeException;
import io.milvus.common.clientenum.FunctionType;
import io.milvus.common.resourcegroup.ResourceGroupConfig;
import io.milvus.common.resourcegroup.ResourceGroupLimit;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.client.RetryConfig;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.exception.MilvusClientException;
import io.milvus.v2.service.collection.request.AddCollectionFieldReq;
import io.milvus.v2.service.collection.request.AlterCollectionPropertiesReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.collection.request.DescribeReplicasReq;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import io.milvus.v2.service.collection.request.GetCollectionStatsReq;
import io.milvus.v2.service.collection.request.GetLoadStateReq;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.collection.request.ReleaseCollectionReq;
import io.milvus.v2.service.collection.response.DescribeCollectionResp;
import io.milvus.v2.service.database.request.CreateDatabaseReq;
import io.milvus.v2.service.index.request.CreateIndexReq;
import io.milvus.v2.service.index.request.DescribeIndexReq;
import io.milvus.v2.service.index.request.DropIndexReq;
import io.milvus.v2.service.index.request.ListIndexesReq;
import io.milvus.v2.service.index.response.DescribeIndexResp;
import io.milvus.v2.service.partition.request.CreatePartitionReq;
import io.milvus.v2.service.partition.request.ListPartitionsReq;
import io.milvus.v2.service.resourcegroup.request.CreateResourceGroupReq;
import io.milvus.v2.service.resourcegroup.request.DescribeResourceGroupReq;
import io.milvus.v2.service.resourcegroup.request.DropResourceGroupReq;
import io.milvus.v2.service.resourcegroup.request.UpdateResourceGroupsReq;
import io.milvus.v2.service.resourcegroup.response.DescribeResourceGroupResp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@link DataPlaneClient} over the Milvus Java SDK ({@link MilvusClientV2}): the data plane's own
 * public API, the same one applications use. One instance per cluster endpoint and credentials; it uses
 * no default database (every request names its database), so one connection serves all databases.
 *
 * <p>Bounded: every RPC has a deadline of {@code timeout}, and the SDK's retry loop (by default 75
 * attempts over about 3.5 minutes) is cut to three attempts within {@code timeout}, so a failing call
 * returns in seconds and the reconciler retries on its own schedule. Failures become
 * {@link DataPlaneException}s by {@link #translate}. Thread-safe (the SDK client is).
 */
public final class MilvusDataPlaneClient implements DataPlaneClient {

  /** Milvus {@code Status.code} values the translation relies on (milvus: pkg/util/merr). */
  static final int COLLECTION_NOT_FOUND = 100;
  static final int RESOURCE_GROUP_NOT_FOUND = 300;
  static final int INDEX_NOT_FOUND = 700;
  static final int DATABASE_NOT_FOUND = 800;
  static final int INVALID_PARAMETER = 1100;
  /** Milvus's "service unimplemented": the data plane does not support the call. */
  static final int UNIMPLEMENTED = 10;

  /** Codes of answers that say "try again later": service not ready/unavailable/over limits (1-9), collection
   * not fully loaded or recovering (103, 106), replica not available (401). */
  private static final Set<Integer> RETRYABLE_CODES = Set.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 103, 106, 401);

  private final MilvusClientV2 client;
  private final String endpoint;

  private MilvusDataPlaneClient(MilvusClientV2 client, String endpoint) {
    this.client = client;
    this.endpoint = endpoint;
  }

  /**
   * Connects to {@code address} (the SDK's Connect call) with the given per-call timeout.
   *
   * @throws DataPlaneException if the endpoint does not answer or refuses the connection
   */
  public static MilvusDataPlaneClient connect(ClusterAddress address, Duration timeout) {
    var config = ConnectConfig.builder()
        .uri("http://" + address.endpoint())
        .connectTimeoutMs(timeout.toMillis())
        .rpcDeadlineMs(timeout.toMillis());
    if (address.credentials() != null) {
      config.username(address.credentials().user()).password(address.credentials().password());
    }
    MilvusClientV2 client;
    try {
      client = new MilvusClientV2(config.build());
    } catch (RuntimeException e) {
      throw translate("connect to " + address.endpoint() + " (cluster " + address.cluster() + ")", e);
    }
    client.retryConfig(RetryConfig.builder()
        .maxRetryTimes(3)
        .initialBackOffMs(200)
        .backOffMultiplier(2)
        .maxBackOffMs(1000)
        .maxRetryTimeoutMs(timeout.toMillis())
        .build());
    return new MilvusDataPlaneClient(client, address.endpoint());
  }

  // ------------------------------------------------------------------ error translation

  /**
   * The {@link DataPlaneException} for a failed SDK call: answers with a "try again" code, network
   * errors and timeouts are UNAVAILABLE; "not supported" answers (code 1100 with a reason saying so, or
   * gRPC UNIMPLEMENTED) are UNSUPPORTED; every other answer is REJECTED. The message names the action
   * and carries the data plane's reason and code.
   */
  static DataPlaneException translate(String action, RuntimeException e) {
    if (e instanceof DataPlaneException dpe) {
      return dpe;
    }
    if (e instanceof MilvusClientException mce) {
      int code = mce.getServerErrCode();
      String reason = mce.getMessage() == null ? mce.getErrorCode().name() : mce.getMessage();
      return switch (mce.getErrorCode()) {
        case SERVER_ERROR -> {
          DataPlaneException.Kind kind = RETRYABLE_CODES.contains(code) ? DataPlaneException.Kind.UNAVAILABLE
              : code == UNIMPLEMENTED || code == INVALID_PARAMETER && isUnsupported(reason) ? DataPlaneException.Kind.UNSUPPORTED
              : DataPlaneException.Kind.REJECTED;
          yield new DataPlaneException(kind, code, action + " failed: " + reason + " (code " + code + ")", e);
        }
        case RPC_ERROR, TIMEOUT -> grpcFailure(action, mce, reason);
        default -> new DataPlaneException(DataPlaneException.Kind.REJECTED, 0, action + " failed: " + reason, e);
      };
    }
    StatusRuntimeException grpc = grpcCause(e);
    if (grpc != null) {
      return grpcFailure(action, e, grpc.getStatus().getCode() + ": " + grpc.getStatus().getDescription());
    }
    return new DataPlaneException(DataPlaneException.Kind.UNAVAILABLE, 0, action + " failed: " + e.getMessage(), e);
  }

  private static DataPlaneException grpcFailure(String action, RuntimeException e, String reason) {
    StatusRuntimeException grpc = grpcCause(e);
    io.grpc.Status.Code code = grpc != null ? grpc.getStatus().getCode() : null;
    String text = reason == null ? "" : reason;
    DataPlaneException.Kind kind;
    if (code == io.grpc.Status.Code.UNIMPLEMENTED || text.contains("UNIMPLEMENTED")) {
      kind = DataPlaneException.Kind.UNSUPPORTED;
    } else if (code == io.grpc.Status.Code.UNAUTHENTICATED || code == io.grpc.Status.Code.PERMISSION_DENIED
        || text.contains("UNAUTHENTICATED") || text.contains("PERMISSION_DENIED")) {
      kind = DataPlaneException.Kind.REJECTED;
    } else {
      kind = DataPlaneException.Kind.UNAVAILABLE;
    }
    return new DataPlaneException(kind, 0, action + " failed: " + text, e);
  }

  private static StatusRuntimeException grpcCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException s) {
        return s;
      }
    }
    return null;
  }

  private static boolean isUnsupported(String reason) {
    String lower = reason.toLowerCase(Locale.ROOT);
    return lower.contains("not supported") || lower.contains("unsupported") || lower.contains("not implemented");
  }

  private static boolean hasCode(RuntimeException e, int... codes) {
    if (e instanceof MilvusClientException mce && mce.getErrorCode() == io.milvus.v2.exception.ErrorCode.SERVER_ERROR) {
      for (int c : codes) {
        if (mce.getServerErrCode() == c) {
          return true;
        }
      }
    }
    return false;
  }

  private <T> T call(String action, Supplier<T> body) {
    try {
      return body.get();
    } catch (RuntimeException e) {
      throw translate(action + " on " + endpoint, e);
    }
  }

  private void run(String action, Runnable body) {
    call(action, () -> {
      body.run();
      return null;
    });
  }

  // ------------------------------------------------------------------ databases

  @Override
  public List<String> listDatabases() {
    return call("ListDatabases", () -> List.copyOf(client.listDatabases().getDatabaseNames()));
  }

  @Override
  public void createDatabase(String database) {
    run("CreateDatabase " + database, () -> client.createDatabase(CreateDatabaseReq.builder().databaseName(database).build()));
  }

  // ------------------------------------------------------------------ collections

  @Override
  public Optional<CollectionState> describeCollection(String database, String collection) {
    String what = "DescribeCollection " + database + "." + collection;
    try {
      DescribeCollectionResp d = client.describeCollection(
          DescribeCollectionReq.builder().databaseName(database).collectionName(collection).build());
      List<CollectionState.IndexState> indexes = describeIndexes(database, collection);
      boolean loaded = client.getLoadState(GetLoadStateReq.builder().databaseName(database).collectionName(collection).build());
      List<CollectionState.ReplicaState> replicas = new ArrayList<>();
      if (loaded) {
        client.describeReplicas(DescribeReplicasReq.builder().databaseName(database).collectionName(collection).build())
            .getReplicas().forEach(r -> replicas.add(new CollectionState.ReplicaState(r.getReplicaID(),
                r.getResourceGroupName(), r.getNodeIDs().stream().map(String::valueOf).toList())));
        replicas.sort(Comparator.comparingLong(CollectionState.ReplicaState::id));
      }
      long rows = client.getCollectionStats(GetCollectionStatsReq.builder().databaseName(database)
          .collectionName(collection).build()).getNumOfEntities();
      List<String> partitions = client.listPartitions(ListPartitionsReq.builder().databaseName(database)
          .collectionName(collection).build());
      CreateCollectionReq.CollectionSchema schema = d.getCollectionSchema();
      List<FieldDefinition> fields = schema.getFieldSchemaList().stream().map(MilvusDataPlaneClient::field).toList();
      List<FunctionDefinition> functions = schema.getFunctionList().stream()
          .map(f -> new FunctionDefinition(f.getName(), functionType(f.getFunctionType()), List.copyOf(f.getInputFieldNames()),
              List.copyOf(f.getOutputFieldNames()), new TreeMap<>(f.getParams())))
          .toList();
      return Optional.of(new CollectionState(database, collection, d.getCollectionID(),
          d.getDescription() == null ? "" : d.getDescription(), fields, functions, Boolean.TRUE.equals(d.getEnableDynamicField()),
          d.getShardsNum() == null ? 0 : d.getShardsNum(), d.getNumOfPartitions() == null ? 0 : d.getNumOfPartitions().intValue(),
          List.copyOf(partitions), d.getConsistencyLevel() == null ? null : d.getConsistencyLevel().getName(),
          new TreeMap<>(d.getProperties()), indexes, loaded, List.copyOf(replicas), rows));
    } catch (RuntimeException e) {
      if (hasCode(e, COLLECTION_NOT_FOUND, DATABASE_NOT_FOUND)) {
        return Optional.empty();
      }
      throw translate(what + " on " + endpoint, e);
    }
  }

  private List<CollectionState.IndexState> describeIndexes(String database, String collection) {
    List<CollectionState.IndexState> out = new ArrayList<>();
    for (String name : client.listIndexes(ListIndexesReq.builder().databaseName(database).collectionName(collection).build())) {
      DescribeIndexResp.IndexDesc desc;
      try {
        desc = client.describeIndex(DescribeIndexReq.builder().databaseName(database).collectionName(collection)
            .indexName(name).build()).getIndexDescByIndexName(name);
      } catch (RuntimeException e) {
        if (hasCode(e, INDEX_NOT_FOUND)) {
          continue; // dropped between the two calls
        }
        throw e;
      }
      if (desc == null) {
        continue;
      }
      Map<String, String> params = new TreeMap<>(desc.getExtraParams());
      params.remove("mmap.enabled");
      String metric = desc.getMetricType() == null || desc.getMetricType() == IndexParam.MetricType.INVALID ? null
          : desc.getMetricType().name();
      out.add(new CollectionState.IndexState(new IndexDefinition(desc.getFieldName(), desc.getIndexName(),
          desc.getIndexType().getName().toUpperCase(Locale.ROOT), metric, params), desc.getIndexedRows(),
          desc.getTotalRows(), stateName(desc.getIndexState())));
    }
    out.sort(Comparator.comparing(i -> i.definition().indexName()));
    return List.copyOf(out);
  }

  private static String stateName(io.milvus.v2.common.IndexBuildState state) {
    return switch (state) {
      case Finished -> "Finished";
      case InProgress, Unissued, Retry -> "InProgress";
      case Failed -> "Failed";
      default -> "None";
    };
  }

  private static FieldDefinition field(CreateCollectionReq.FieldSchema f) {
    Map<String, String> params = f.getTypeParams() == null ? Map.of() : f.getTypeParams();
    String type = f.getDataType().name();
    String element = f.getDataType() == DataType.Array && f.getElementType() != null && f.getElementType() != DataType.None
        ? f.getElementType().name() : null;
    return new FieldDefinition(f.getName(), f.getDescription() == null ? "" : f.getDescription(), type,
        Boolean.TRUE.equals(f.getIsPrimaryKey()), Boolean.TRUE.equals(f.getAutoID()), Boolean.TRUE.equals(f.getIsNullable()),
        Boolean.TRUE.equals(f.getIsPartitionKey()), intParam(params, "dim"), intParam(params, "max_length"),
        intParam(params, "max_capacity"), element,
        f.getDefaultValue() == null ? null : DefaultValues.fromObject(type, f.getDefaultValue()));
  }

  private static Integer intParam(Map<String, String> params, String key) {
    String v = params.get(key);
    try {
      return v == null ? null : Integer.valueOf(v.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public void createCollection(String database, CollectionDefinition d) {
    CreateCollectionReq.CollectionSchema schema = CreateCollectionReq.CollectionSchema.builder()
        .enableDynamicField(d.enableDynamicField())
        .fieldSchemaList(new ArrayList<>(d.fields().stream().map(MilvusDataPlaneClient::fieldSchema).toList()))
        .functionList(new ArrayList<>(d.functions().stream().map(MilvusDataPlaneClient::function).toList()))
        .build();
    var req = CreateCollectionReq.builder()
        .databaseName(database)
        .collectionName(d.name())
        .description(d.description())
        .collectionSchema(schema)
        .numShards(d.shards())
        .consistencyLevel(consistency(d.consistencyLevel()));
    if (d.numPartitions() > 0) {
      req.numPartitions(d.numPartitions());
    }
    d.properties().forEach(req::property);
    run("CreateCollection " + database + "." + d.name(), () -> client.createCollection(req.build()));
    for (String partition : d.partitions()) {
      createPartition(database, d.name(), partition);
    }
  }

  private static CreateCollectionReq.FieldSchema fieldSchema(FieldDefinition f) {
    var b = CreateCollectionReq.FieldSchema.builder()
        .name(f.name())
        .description(f.description())
        .dataType(DataType.valueOf(f.dataType()))
        .isPrimaryKey(f.primaryKey())
        .autoID(f.autoId())
        .isNullable(f.nullable())
        .isPartitionKey(f.partitionKey())
        .typeParams(new HashMap<>());
    if (f.dim() != null) {
      b.dimension(f.dim());
    }
    if (f.maxLength() != null) {
      b.maxLength(f.maxLength());
    }
    if (f.maxCapacity() != null) {
      b.maxCapacity(f.maxCapacity());
    }
    if (f.elementType() != null) {
      b.elementType(DataType.valueOf(f.elementType()));
    }
    if (f.defaultValue() != null) {
      b.defaultValue(sdkValue(f.dataType(), f.defaultValue()));
    }
    return b.build();
  }

  /** The Java object the SDK sends as a default of a field of {@code dataType}, from its normal form. */
  private static Object sdkValue(String dataType, String normal) {
    return switch (dataType) {
      case "Bool" -> Boolean.valueOf(normal);
      case "Int8", "Int16" -> Short.valueOf(normal);
      case "Int32" -> Integer.valueOf(normal);
      case "Int64" -> Long.valueOf(normal);
      case "Float" -> Float.valueOf(normal);
      case "Double" -> Double.valueOf(normal);
      case "JSON" -> JsonParser.parseString(normal).getAsJsonObject();
      default -> normal;
    };
  }

  private static CreateCollectionReq.Function function(FunctionDefinition f) {
    return CreateCollectionReq.Function.builder()
        .name(f.name())
        .functionType(switch (f.type()) {
          case "BM25" -> FunctionType.BM25;
          case "TextEmbedding" -> FunctionType.TEXTEMBEDDING;
          default -> FunctionType.UNKNOWN;
        })
        .inputFieldNames(new ArrayList<>(f.inputFields()))
        .outputFieldNames(new ArrayList<>(f.outputFields()))
        .params(new HashMap<>(f.params()))
        .build();
  }

  private static String functionType(FunctionType type) {
    return type == FunctionType.TEXTEMBEDDING ? "TextEmbedding" : type.name();
  }

  private static ConsistencyLevel consistency(String name) {
    ConsistencyLevel level = name == null ? null : ConsistencyLevel.fromName(name);
    return level == null ? ConsistencyLevel.BOUNDED : level;
  }

  @Override
  public void addField(String database, String collection, FieldDefinition f) {
    var b = AddCollectionFieldReq.builder()
        .databaseName(database)
        .collectionName(collection)
        .fieldName(f.name())
        .description(f.description())
        .dataType(DataType.valueOf(f.dataType()))
        .isNullable(f.nullable())
        .typeParams(new HashMap<>());
    if (f.maxLength() != null) {
      b.maxLength(f.maxLength());
    }
    if (f.maxCapacity() != null) {
      b.maxCapacity(f.maxCapacity());
    }
    if (f.elementType() != null) {
      b.elementType(DataType.valueOf(f.elementType()));
    }
    if (f.defaultValue() != null) {
      b.defaultValue(sdkValue(f.dataType(), f.defaultValue()));
    }
    run("AddCollectionField " + database + "." + collection + "." + f.name(), () -> client.addCollectionField(b.build()));
  }

  @Override
  public void createPartition(String database, String collection, String partition) {
    run("CreatePartition " + database + "." + collection + "/" + partition, () -> client.createPartition(
        CreatePartitionReq.builder().databaseName(database).collectionName(collection).partitionName(partition).build()));
  }

  @Override
  public void alterProperties(String database, String collection, Map<String, String> properties) {
    var b = AlterCollectionPropertiesReq.builder()
        .databaseName(database).collectionName(collection);
    properties.forEach(b::property);
    run("AlterCollection " + database + "." + collection + " " + new TreeMap<>(properties),
        () -> client.alterCollectionProperties(b.build()));
  }

  @Override
  public void createIndex(String database, String collection, IndexDefinition index) {
    var param = IndexParam.builder()
        .fieldName(index.fieldName())
        .indexName(index.indexName())
        .indexType(indexType(index.indexType()))
        .extraParams(new LinkedHashMap<>(index.params()));
    if (index.metricType() != null) {
      param.metricType(IndexParam.MetricType.valueOf(index.metricType()));
    }
    run("CreateIndex " + database + "." + collection + "." + index.indexName(), () -> client.createIndex(
        CreateIndexReq.builder().databaseName(database).collectionName(collection)
            .indexParams(List.of(param.build())).sync(false).build()));
  }

  private static IndexParam.IndexType indexType(String name) {
    for (IndexParam.IndexType t : IndexParam.IndexType.values()) {
      if (t.getName().equalsIgnoreCase(name)) {
        return t;
      }
    }
    throw new DataPlaneException(DataPlaneException.Kind.UNSUPPORTED, "index type " + name + " is not known to the Milvus SDK");
  }

  @Override
  public void dropIndex(String database, String collection, String fieldName, String indexName) {
    try {
      client.dropIndex(DropIndexReq.builder().databaseName(database).collectionName(collection).fieldName(fieldName)
          .indexName(indexName).build());
    } catch (RuntimeException e) {
      if (!hasCode(e, INDEX_NOT_FOUND)) {
        throw translate("DropIndex " + database + "." + collection + "." + indexName + " on " + endpoint, e);
      }
    }
  }

  @Override
  public void load(String database, String collection, int replicas, List<String> resourceGroups) {
    run("LoadCollection " + database + "." + collection + " (" + replicas + " replicas in " + resourceGroups + ")",
        () -> client.loadCollection(LoadCollectionReq.builder().databaseName(database).collectionName(collection)
            .numReplicas(replicas).resourceGroups(new ArrayList<>(resourceGroups)).sync(false).build()));
  }

  @Override
  public void release(String database, String collection) {
    run("ReleaseCollection " + database + "." + collection, () -> client.releaseCollection(
        ReleaseCollectionReq.builder().databaseName(database).collectionName(collection).build()));
  }

  @Override
  public void dropCollection(String database, String collection) {
    try {
      client.dropCollection(DropCollectionReq.builder().databaseName(database).collectionName(collection).build());
    } catch (RuntimeException e) {
      if (!hasCode(e, COLLECTION_NOT_FOUND, DATABASE_NOT_FOUND)) {
        throw translate("DropCollection " + database + "." + collection + " on " + endpoint, e);
      }
    }
  }

  // ------------------------------------------------------------------ resource groups

  @Override
  public Optional<ResourceGroupState> describeResourceGroup(String name) {
    try {
      DescribeResourceGroupResp rg = client.describeResourceGroup(DescribeResourceGroupReq.builder().groupName(name).build());
      // the configured request when there is one (Milvus 2.4+), else the capacity (older servers, standalone)
      Integer requested = rg.getConfig() == null || rg.getConfig().getRequests() == null ? null
          : rg.getConfig().getRequests().getNodeNum();
      int capacity = requested != null && requested > 0 ? requested : rg.getCapacity() == null ? 0 : rg.getCapacity();
      return Optional.of(new ResourceGroupState(rg.getGroupName(), capacity,
          rg.getNodes().stream().map(n -> n.getHostname() == null || n.getHostname().isEmpty()
              ? String.valueOf(n.getNodeId()) : n.getHostname()).sorted().toList()));
    } catch (RuntimeException e) {
      // Milvus (and Quiver) answer 300 for an unknown group
      if (hasCode(e, RESOURCE_GROUP_NOT_FOUND)) {
        return Optional.empty();
      }
      throw translate("DescribeResourceGroup " + name + " on " + endpoint, e);
    }
  }

  @Override
  public void createResourceGroup(String name, int nodes) {
    run("CreateResourceGroup " + name, () -> client.createResourceGroup(CreateResourceGroupReq.builder()
        .groupName(name).config(groupConfig(nodes)).build()));
  }

  @Override
  public void updateResourceGroup(String name, int nodes) {
    run("UpdateResourceGroups " + name, () -> client.updateResourceGroups(UpdateResourceGroupsReq.builder()
        .resourceGroups(new HashMap<>(Map.of(name, groupConfig(nodes)))).build()));
  }

  private static ResourceGroupConfig groupConfig(int nodes) {
    return ResourceGroupConfig.newBuilder()
        .withRequests(new ResourceGroupLimit(nodes))
        .withLimits(new ResourceGroupLimit(nodes))
        .build();
  }

  @Override
  public void dropResourceGroup(String name) {
    try {
      client.dropResourceGroup(DropResourceGroupReq.builder().groupName(name).build());
    } catch (RuntimeException e) {
      if (!hasCode(e, RESOURCE_GROUP_NOT_FOUND)) {
        throw translate("DropResourceGroup " + name + " on " + endpoint, e);
      }
    }
  }

  // ------------------------------------------------------------------ encryption keys

  /**
   * The Milvus API has no key calls, and the data plane's storage encryption (BYOK) does not take keys
   * from outside yet: every key call fails as UNSUPPORTED. When the data plane gains its key RPCs,
   * these four methods are the only code to change.
   */
  private DataPlaneException keysUnsupported(String action, KeyScopeRef scope) {
    return new DataPlaneException(DataPlaneException.Kind.UNSUPPORTED, action + " for " + scope.describe() + " on "
        + endpoint + ": the data plane does not support customer encryption keys (BYOK) yet");
  }

  @Override
  public Optional<KeyState> describeKey(KeyScopeRef scope) {
    throw keysUnsupported("DescribeKey", scope);
  }

  @Override
  public int installKeyVersion(KeyScopeRef scope, KeyMaterial material) {
    throw keysUnsupported("InstallKeyVersion", scope);
  }

  @Override
  public void revokeKey(KeyScopeRef scope) {
    throw keysUnsupported("RevokeKey", scope);
  }

  @Override
  public void restoreKey(KeyScopeRef scope, KeyMaterial material) {
    throw keysUnsupported("RestoreKey", scope);
  }

  @Override
  public void close() {
    client.close();
  }
}
