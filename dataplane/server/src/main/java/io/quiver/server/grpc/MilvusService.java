package io.quiver.server.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.grpc.stub.StreamObserver;
import io.milvus.grpc.*;
import io.quiver.engine.collection.Collection;
import io.quiver.engine.collection.CollectionInfo;
import io.quiver.engine.collection.ConsistencyLevel;
import io.quiver.engine.collection.IndexSpec;
import io.quiver.engine.collection.PartitionInfo;
import io.quiver.engine.error.QuiverException;
import io.quiver.engine.query.HybridRanker;
import io.quiver.engine.query.Hit;
import io.quiver.engine.query.SearchExecutor;
import io.quiver.engine.schema.CollectionSchema;
import io.quiver.engine.schema.FieldSchema;
import io.quiver.engine.segment.Segment;
import io.quiver.engine.segment.Shard;
import io.quiver.engine.segment.TimestampOracle;
import io.quiver.server.auth.AuthContext;
import io.quiver.server.auth.Principal;
import io.quiver.server.auth.Privileges;
import io.quiver.server.auth.RbacStore;
import io.quiver.server.auth.Security;
import io.quiver.server.runtime.DataPlane;
import io.quiver.server.runtime.DataReader;
import io.quiver.server.runtime.DataWriter;
import io.quiver.server.runtime.DatabaseInfo;
import io.quiver.server.runtime.OutputFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Milvus gRPC service over a {@link DataPlane}: converts protobuf requests into runtime calls
 * and results back, and turns every failure into a Milvus {@link Status} (never a gRPC error, which
 * the Java SDK would retry for minutes). RPCs not overridden here are answered by
 * {@link UnsupportedRpcs} with a "not supported yet" status.
 *
 * <p>Calls arrive authenticated and authorized by {@link AuthInterceptor}; the service itself
 * filters what listings show ({@link AuthContext}) and implements the Milvus user, role and
 * privilege RPCs over the {@link Security}'s {@link RbacStore}.
 */
public final class MilvusService implements MilvusServiceGrpc.AsyncService {

  private static final Logger LOG = LoggerFactory.getLogger(MilvusService.class);

  public static final String PROTOCOL_VERSION = "v2.6.6";

  private final DataPlane plane;
  private final String version;
  private final Security security;
  private final RequestMetrics metrics = new RequestMetrics();
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  /** A service with authorization disabled and users kept in memory (tests, embedded use). */
  public MilvusService(DataPlane plane, String quiverVersion) {
    this(plane, quiverVersion, Security.disabled());
  }

  public MilvusService(DataPlane plane, String quiverVersion, Security security) {
    this.plane = plane;
    this.version = quiverVersion;
    this.security = security;
  }

  /** The security this service's calls are checked with. */
  public Security security() {
    return security;
  }

  /** The per-database request counters, installed by {@link GrpcServer} inside authentication. */
  public RequestMetrics requestMetrics() {
    return metrics;
  }

  /** The metric type GetMetrics answers: requests by database and RPC, rows and collections. */
  static final String USAGE_METRICS = "quiver_usage";

  /**
   * GetMetrics with {@code {"metric_type": "quiver_usage"}}: for each database the caller can see,
   * its collections, rows and the requests it received by RPC since the server started (the
   * control plane turns two readings into rates). Other metric types are refused naming the one
   * supported.
   */
  @Override
  public void getMetrics(io.milvus.grpc.GetMetricsRequest request,
      StreamObserver<io.milvus.grpc.GetMetricsResponse> observer) {
    unary(observer, io.milvus.grpc.GetMetricsResponse.getDefaultInstance(), () -> {
      String type;
      try {
        com.fasterxml.jackson.databind.JsonNode body = JSON.readTree(request.getRequest().isBlank() ? "{}" : request.getRequest());
        type = body.path("metric_type").asText("");
      } catch (java.io.IOException e) {
        throw QuiverException.invalid("request: expected a JSON object such as {\"metric_type\": \"%s\"}", USAGE_METRICS);
      }
      if (!USAGE_METRICS.equals(type)) {
        throw QuiverException.invalid("metric_type '%s' is not supported; supported: %s", type, USAGE_METRICS);
      }
      AuthContext.Access access = AuthContext.current();
      com.fasterxml.jackson.databind.node.ObjectNode out = JSON.createObjectNode();
      out.put("started_ms", metrics.startedMillis());
      out.put("now_ms", System.currentTimeMillis());
      // segments skipped by queries and searches because a filter ruled out their key range
      out.put("pruned_segments", io.quiver.engine.query.SearchExecutor.prunedSegments());
      com.fasterxml.jackson.databind.node.ObjectNode dbs = out.putObject("databases");
      for (DatabaseInfo d : plane.listDatabases()) {
        if (!access.databaseVisible(d.name())) {
          continue;
        }
        com.fasterxml.jackson.databind.node.ObjectNode db = dbs.putObject(d.name());
        long collections = 0;
        long rows = 0;
        for (Collection c : plane.allCollections()) {
          if (c.info().database().equals(d.name())) {
            collections++;
            rows += c.rowCount(-1);
          }
        }
        db.put("collections", collections);
        db.put("rows", rows);
        com.fasterxml.jackson.databind.node.ObjectNode requests = db.putObject("requests");
        metrics.counts(d.name()).forEach(requests::put);
      }
      try {
        return io.milvus.grpc.GetMetricsResponse.newBuilder().setStatus(Statuses.SUCCESS)
            .setResponse(JSON.writeValueAsString(out)).setComponentName("quiver-standalone").build();
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  // ------------------------------------------------------------------ plumbing

  /** Runs {@code body} and sends its response, or the prototype carrying the error status. */
  private static <T extends Message> void unary(StreamObserver<T> observer, T prototype, Supplier<T> body) {
    T response;
    try {
      response = body.get();
    } catch (QuiverException e) {
      LOG.debug("request failed: {}", e.getMessage());
      response = UnsupportedRpcs.withStatus(prototype, Statuses.of(e));
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      LOG.error("unexpected failure", e);
      response = UnsupportedRpcs.withStatus(prototype, Statuses.unexpected(e));
    }
    observer.onNext(response);
    observer.onCompleted();
  }

  private static void status(StreamObserver<Status> observer, Runnable body) {
    unary(observer, Status.getDefaultInstance(), () -> {
      body.run();
      return Statuses.SUCCESS;
    });
  }

  private static String db(String fromBody) {
    return RequestContext.database(fromBody);
  }

  private static List<KeyValuePair> kv(Map<String, String> map) {
    List<KeyValuePair> out = new ArrayList<>();
    map.forEach((k, v) -> out.add(KeyValuePair.newBuilder().setKey(k).setValue(v).build()));
    return out;
  }

  // ------------------------------------------------------------------ connection

  @Override
  public void connect(ConnectRequest request, StreamObserver<ConnectResponse> observer) {
    unary(observer, ConnectResponse.getDefaultInstance(), () -> {
      plane.describeDatabase(db(""));
      return ConnectResponse.newBuilder()
          .setStatus(Statuses.SUCCESS)
          .setServerInfo(ServerInfo.newBuilder()
              .setBuildTags(PROTOCOL_VERSION)
              .setBuildTime("")
              .setGitCommit("")
              .setGoVersion("")
              .setDeployMode("STANDALONE")
              .putReserved("server", "quiver")
              .putReserved("quiver_version", version))
          .setIdentifier(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE))
          .build();
    });
  }

  @Override
  public void getVersion(GetVersionRequest request, StreamObserver<GetVersionResponse> observer) {
    unary(observer, GetVersionResponse.getDefaultInstance(), () -> GetVersionResponse.newBuilder()
        .setStatus(Statuses.SUCCESS).setVersion(PROTOCOL_VERSION + "+quiver." + version).build());
  }

  @Override
  public void checkHealth(CheckHealthRequest request, StreamObserver<CheckHealthResponse> observer) {
    unary(observer, CheckHealthResponse.getDefaultInstance(), () -> CheckHealthResponse.newBuilder()
        .setStatus(Statuses.SUCCESS).setIsHealthy(true).build());
  }

  @Override
  public void allocTimestamp(AllocTimestampRequest request, StreamObserver<AllocTimestampResponse> observer) {
    unary(observer, AllocTimestampResponse.getDefaultInstance(), () -> AllocTimestampResponse.newBuilder()
        .setStatus(Statuses.SUCCESS).setTimestamp(plane.tso().next()).build());
  }

  // ------------------------------------------------------------------ databases

  @Override
  public void createDatabase(CreateDatabaseRequest request, StreamObserver<Status> observer) {
    status(observer, () -> plane.createDatabase(request.getDbName(), RequestParams.toMap(request.getPropertiesList())));
  }

  @Override
  public void dropDatabase(DropDatabaseRequest request, StreamObserver<Status> observer) {
    status(observer, () -> plane.dropDatabase(request.getDbName()));
  }

  @Override
  public void listDatabases(ListDatabasesRequest request, StreamObserver<ListDatabasesResponse> observer) {
    unary(observer, ListDatabasesResponse.getDefaultInstance(), () -> {
      ListDatabasesResponse.Builder b = ListDatabasesResponse.newBuilder().setStatus(Statuses.SUCCESS);
      AuthContext.Access access = AuthContext.current();
      for (DatabaseInfo d : plane.listDatabases()) {
        if (!access.databaseVisible(d.name())) {
          continue;
        }
        b.addDbNames(d.name()).addCreatedTimestamp(d.createdTimestamp()).addDbIds(d.id());
      }
      return b.build();
    });
  }

  @Override
  public void describeDatabase(DescribeDatabaseRequest request, StreamObserver<DescribeDatabaseResponse> observer) {
    unary(observer, DescribeDatabaseResponse.getDefaultInstance(), () -> {
      DatabaseInfo d = plane.describeDatabase(db(request.getDbName()));
      return DescribeDatabaseResponse.newBuilder().setStatus(Statuses.SUCCESS).setDbName(d.name()).setDbID(d.id())
          .setCreatedTimestamp(d.createdTimestamp()).addAllProperties(kv(d.properties())).build();
    });
  }

  @Override
  public void alterDatabase(AlterDatabaseRequest request, StreamObserver<Status> observer) {
    status(observer, () -> plane.alterDatabase(db(request.getDbName()), RequestParams.toMap(request.getPropertiesList()),
        request.getDeleteKeysList()));
  }

  // ------------------------------------------------------------------ collections

  @Override
  public void createCollection(CreateCollectionRequest request, StreamObserver<Status> observer) {
    status(observer, () -> {
      io.milvus.grpc.CollectionSchema schema;
      try {
        schema = io.milvus.grpc.CollectionSchema.parseFrom(request.getSchema());
      } catch (InvalidProtocolBufferException e) {
        throw QuiverException.invalid("schema is not a valid CollectionSchema message: %s", e.getMessage());
      }
      if (!schema.getName().isEmpty() && !schema.getName().equals(request.getCollectionName())) {
        throw QuiverException.invalid("schema name %s does not match collection name %s", schema.getName(),
            request.getCollectionName());
      }
      ConsistencyLevel level = ConsistencyLevel.fromCode(request.getConsistencyLevelValue());
      if (level == null) {
        throw QuiverException.invalid("consistency level %d is not supported; use Strong, Session, Bounded or Eventually",
            request.getConsistencyLevelValue());
      }
      plane.createCollection(new DataPlane.CreateCollection(db(request.getDbName()), request.getCollectionName(),
          schema.getDescription(), SchemaCodec.fromProto(schema), schema.getEnableDynamicField(), request.getShardsNum(),
          level, RequestParams.toMap(request.getPropertiesList()), (int) request.getNumPartitions()));
    });
  }

  @Override
  public void dropCollection(DropCollectionRequest request, StreamObserver<Status> observer) {
    status(observer, () -> plane.dropCollection(db(request.getDbName()), request.getCollectionName()));
  }

  @Override
  public void hasCollection(HasCollectionRequest request, StreamObserver<BoolResponse> observer) {
    unary(observer, BoolResponse.getDefaultInstance(), () -> BoolResponse.newBuilder().setStatus(Statuses.SUCCESS)
        .setValue(plane.hasCollection(db(request.getDbName()), request.getCollectionName())).build());
  }

  @Override
  public void describeCollection(DescribeCollectionRequest request, StreamObserver<DescribeCollectionResponse> observer) {
    unary(observer, DescribeCollectionResponse.getDefaultInstance(), () -> {
      String dbName = db(request.getDbName());
      Collection c = plane.collection(dbName, request.getCollectionName());
      return describe(c);
    });
  }

  private DescribeCollectionResponse describe(Collection c) {
    CollectionInfo info = c.info();
    DescribeCollectionResponse.Builder b = DescribeCollectionResponse.newBuilder()
        .setStatus(Statuses.SUCCESS)
        .setSchema(SchemaCodec.toProto(info.name(), info.schema()))
        .setCollectionID(info.id())
        .setCreatedTimestamp(info.createdTimestamp())
        .setCreatedUtcTimestamp(TimestampOracle.physicalMillis(info.createdTimestamp()))
        .setShardsNum(info.shards())
        .addAllAliases(plane.aliasesOf(info.database(), info.name()))
        .setConsistencyLevelValue(info.consistencyLevel().code())
        .setCollectionName(info.name())
        .addAllProperties(kv(info.properties()))
        .setDbName(info.database())
        .setNumPartitions(info.schema().partitionKeyField() != null ? info.partitions().size() : 0)
        .setDbId(plane.describeDatabase(info.database()).id())
        .setRequestTime(plane.tso().current())
        .setUpdateTimestamp(info.schemaTimestamp())
        .setUpdateTimestampStr(Long.toUnsignedString(info.schemaTimestamp()));
    for (int i = 0; i < info.shards(); i++) {
      String channel = "quiver-" + info.id() + "_" + i + "v0";
      b.addVirtualChannelNames(channel).addPhysicalChannelNames("quiver-dml_" + i);
    }
    return b.build();
  }

  @Override
  public void batchDescribeCollection(BatchDescribeCollectionRequest request,
      StreamObserver<BatchDescribeCollectionResponse> observer) {
    unary(observer, BatchDescribeCollectionResponse.getDefaultInstance(), () -> {
      BatchDescribeCollectionResponse.Builder b = BatchDescribeCollectionResponse.newBuilder().setStatus(Statuses.SUCCESS);
      String dbName = db(request.getDbName());
      for (String name : request.getCollectionNameList()) {
        try {
          b.addResponses(describe(plane.collection(dbName, name)));
        } catch (QuiverException e) {
          b.addResponses(DescribeCollectionResponse.newBuilder().setStatus(Statuses.of(e)).setCollectionName(name));
        }
      }
      return b.build();
    });
  }

  @Override
  public void showCollections(ShowCollectionsRequest request, StreamObserver<ShowCollectionsResponse> observer) {
    unary(observer, ShowCollectionsResponse.getDefaultInstance(), () -> {
      ShowCollectionsResponse.Builder b = ShowCollectionsResponse.newBuilder().setStatus(Statuses.SUCCESS);
      boolean inMemory = request.getType() == ShowType.InMemory;
      String dbName = db(request.getDbName());
      AuthContext.Access access = AuthContext.current();
      for (Collection c : plane.listCollections(dbName)) {
        if ((inMemory && !c.isLoaded()) || !access.collectionVisible(dbName, c.info().name())) {
          continue;
        }
        CollectionInfo info = c.info();
        b.addCollectionNames(info.name())
            .addCollectionIds(info.id())
            .addCreatedTimestamps(info.createdTimestamp())
            .addCreatedUtcTimestamps(TimestampOracle.physicalMillis(info.createdTimestamp()))
            .addInMemoryPercentages(c.isLoaded() ? 100 : 0)
            .addQueryServiceAvailable(c.isLoaded())
            .addShardsNum(info.shards());
      }
      return b.build();
    });
  }

  @Override
  public void renameCollection(RenameCollectionRequest request, StreamObserver<Status> observer) {
    status(observer, () -> plane.renameCollection(db(request.getDbName()), request.getOldName(), request.getNewDBName(),
        request.getNewName()));
  }

  @Override
  public void alterCollection(AlterCollectionRequest request, StreamObserver<Status> observer) {
    status(observer, () -> plane.alterCollection(db(request.getDbName()), request.getCollectionName(),
        RequestParams.toMap(request.getPropertiesList()), request.getDeleteKeysList()));
  }

  @Override
  public void alterCollectionField(AlterCollectionFieldRequest request, StreamObserver<Status> observer) {
    status(observer, () -> plane.alterCollectionField(db(request.getDbName()), request.getCollectionName(),
        request.getFieldName(), RequestParams.toMap(request.getPropertiesList()), request.getDeleteKeysList()));
  }

  @Override
  public void addCollectionField(AddCollectionFieldRequest request, StreamObserver<Status> observer) {
    status(observer, () -> {
      io.milvus.grpc.FieldSchema field;
      try {
        field = io.milvus.grpc.FieldSchema.parseFrom(request.getSchema());
      } catch (InvalidProtocolBufferException e) {
        throw QuiverException.invalid("schema is not a valid FieldSchema message: %s", e.getMessage());
      }
      plane.addCollectionField(db(request.getDbName()), request.getCollectionName(), SchemaCodec.fieldFromProto(field));
    });
  }

  @Override
  public void getCollectionStatistics(GetCollectionStatisticsRequest request,
      StreamObserver<GetCollectionStatisticsResponse> observer) {
    unary(observer, GetCollectionStatisticsResponse.getDefaultInstance(), () -> {
      Collection c = plane.collection(db(request.getDbName()), request.getCollectionName());
      return GetCollectionStatisticsResponse.newBuilder().setStatus(Statuses.SUCCESS)
          .addStats(KeyValuePair.newBuilder().setKey("row_count").setValue(Long.toString(c.rowCount(-1)))).build();
    });
  }

  // ------------------------------------------------------------------ partitions

  @Override
  public void createPartition(CreatePartitionRequest request, StreamObserver<Status> observer) {
    status(observer, () -> plane.createPartition(db(request.getDbName()), request.getCollectionName(), request.getPartitionName()));
  }

  @Override
  public void dropPartition(DropPartitionRequest request, StreamObserver<Status> observer) {
    status(observer, () -> plane.dropPartition(db(request.getDbName()), request.getCollectionName(), request.getPartitionName()));
  }

  @Override
  public void hasPartition(HasPartitionRequest request, StreamObserver<BoolResponse> observer) {
    unary(observer, BoolResponse.getDefaultInstance(), () -> {
      Collection c = plane.collection(db(request.getDbName()), request.getCollectionName());
      return BoolResponse.newBuilder().setStatus(Statuses.SUCCESS)
          .setValue(c.info().partition(request.getPartitionName()) != null).build();
    });
  }

  @Override
  public void showPartitions(ShowPartitionsRequest request, StreamObserver<ShowPartitionsResponse> observer) {
    unary(observer, ShowPartitionsResponse.getDefaultInstance(), () -> {
      Collection c = plane.collection(db(request.getDbName()), request.getCollectionName());
      ShowPartitionsResponse.Builder b = ShowPartitionsResponse.newBuilder().setStatus(Statuses.SUCCESS);
      boolean inMemory = request.getType() == ShowType.InMemory;
      for (PartitionInfo p : c.info().partitions()) {
        if (!request.getPartitionNamesList().isEmpty() && !request.getPartitionNamesList().contains(p.name())) {
          continue;
        }
        boolean loaded = c.isPartitionLoaded(p.id());
        if (inMemory && !loaded) {
          continue;
        }
        b.addPartitionNames(p.name()).addPartitionIDs(p.id()).addCreatedTimestamps(p.createdTimestamp())
            .addCreatedUtcTimestamps(TimestampOracle.physicalMillis(p.createdTimestamp())).addInMemoryPercentages(loaded ? 100 : 0);
      }
      return b.build();
    });
  }

  @Override
  public void getPartitionStatistics(GetPartitionStatisticsRequest request,
      StreamObserver<GetPartitionStatisticsResponse> observer) {
    unary(observer, GetPartitionStatisticsResponse.getDefaultInstance(), () -> {
      Collection c = plane.collection(db(request.getDbName()), request.getCollectionName());
      PartitionInfo p = plane.partition(c, request.getPartitionName());
      return GetPartitionStatisticsResponse.newBuilder().setStatus(Statuses.SUCCESS)
          .addStats(KeyValuePair.newBuilder().setKey("row_count").setValue(Long.toString(c.rowCount(p.id())))).build();
    });
  }

  @Override
  public void loadPartitions(LoadPartitionsRequest request, StreamObserver<Status> observer) {
    status(observer, () -> plane.loadPartitions(db(request.getDbName()), request.getCollectionName(),
        request.getPartitionNamesList(), request.getReplicaNumber(), request.getResourceGroupsList()));
  }

  @Override
  public void releasePartitions(ReleasePartitionsRequest request, StreamObserver<Status> observer) {
    status(observer, () -> plane.releasePartitions(db(request.getDbName()), request.getCollectionName(),
        request.getPartitionNamesList()));
  }

  // ------------------------------------------------------------------ aliases

  @Override
  public void createAlias(CreateAliasRequest request, StreamObserver<Status> observer) {
    status(observer, () -> plane.createAlias(db(request.getDbName()), request.getCollectionName(), request.getAlias()));
  }

  @Override
  public void dropAlias(DropAliasRequest request, StreamObserver<Status> observer) {
    status(observer, () -> plane.dropAlias(db(request.getDbName()), request.getAlias()));
  }

  @Override
  public void alterAlias(AlterAliasRequest request, StreamObserver<Status> observer) {
    status(observer, () -> plane.alterAlias(db(request.getDbName()), request.getCollectionName(), request.getAlias()));
  }

  @Override
  public void describeAlias(DescribeAliasRequest request, StreamObserver<DescribeAliasResponse> observer) {
    unary(observer, DescribeAliasResponse.getDefaultInstance(), () -> {
      String dbName = db(request.getDbName());
      return DescribeAliasResponse.newBuilder().setStatus(Statuses.SUCCESS).setDbName(dbName).setAlias(request.getAlias())
          .setCollection(plane.describeAlias(dbName, request.getAlias())).build();
    });
  }

  @Override
  public void listAliases(ListAliasesRequest request, StreamObserver<ListAliasesResponse> observer) {
    unary(observer, ListAliasesResponse.getDefaultInstance(), () -> {
      String dbName = db(request.getDbName());
      return ListAliasesResponse.newBuilder().setStatus(Statuses.SUCCESS).setDbName(dbName)
          .setCollectionName(request.getCollectionName())
          .addAllAliases(plane.listAliases(dbName, request.getCollectionName())).build();
    });
  }

  // ------------------------------------------------------------------ load state

  @Override
  public void loadCollection(LoadCollectionRequest request, StreamObserver<Status> observer) {
    status(observer, () -> plane.loadCollection(db(request.getDbName()), request.getCollectionName(),
        request.getReplicaNumber(), request.getResourceGroupsList()));
  }

  @Override
  public void releaseCollection(ReleaseCollectionRequest request, StreamObserver<Status> observer) {
    status(observer, () -> plane.releaseCollection(db(request.getDbName()), request.getCollectionName()));
  }

  @Override
  public void getLoadState(GetLoadStateRequest request, StreamObserver<GetLoadStateResponse> observer) {
    unary(observer, GetLoadStateResponse.getDefaultInstance(), () -> {
      Collection c = plane.collection(db(request.getDbName()), request.getCollectionName());
      return GetLoadStateResponse.newBuilder().setStatus(Statuses.SUCCESS)
          .setStateValue(loaded(c, request.getPartitionNamesList()) ? LoadState.LoadStateLoaded_VALUE
              : LoadState.LoadStateNotLoad_VALUE)
          .build();
    });
  }

  private boolean loaded(Collection c, List<String> partitionNames) {
    if (partitionNames.isEmpty()) {
      return c.isLoaded();
    }
    for (String p : partitionNames) {
      if (!c.isPartitionLoaded(plane.partition(c, p).id())) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void getLoadingProgress(GetLoadingProgressRequest request, StreamObserver<GetLoadingProgressResponse> observer) {
    unary(observer, GetLoadingProgressResponse.getDefaultInstance(), () -> {
      Collection c = plane.collection(db(request.getDbName()), request.getCollectionName());
      if (!loaded(c, request.getPartitionNamesList())) {
        throw new QuiverException(io.quiver.engine.error.ErrorCode.COLLECTION_NOT_LOADED,
            "collection not loaded[collection=" + c.info().name() + "]");
      }
      return GetLoadingProgressResponse.newBuilder().setStatus(Statuses.SUCCESS).setProgress(100).setRefreshProgress(100).build();
    });
  }

  // ------------------------------------------------------------------ indexes

  @Override
  public void createIndex(CreateIndexRequest request, StreamObserver<Status> observer) {
    status(observer, () -> {
      Map<String, String> params = RequestParams.searchParams(request.getExtraParamsList());
      plane.createIndex(new DataPlane.CreateIndex(db(request.getDbName()), request.getCollectionName(), request.getFieldName(),
          request.getIndexName(), params));
    });
  }

  @Override
  public void describeIndex(DescribeIndexRequest request, StreamObserver<DescribeIndexResponse> observer) {
    unary(observer, DescribeIndexResponse.getDefaultInstance(), () -> {
      String dbName = db(request.getDbName());
      Collection c = plane.collection(dbName, request.getCollectionName());
      DescribeIndexResponse.Builder b = DescribeIndexResponse.newBuilder().setStatus(Statuses.SUCCESS);
      for (IndexSpec spec : plane.describeIndexes(dbName, request.getCollectionName(), request.getFieldName(),
          request.getIndexName())) {
        b.addIndexDescriptions(indexDescription(c, spec));
      }
      return b.build();
    });
  }

  @Override
  public void getIndexStatistics(GetIndexStatisticsRequest request, StreamObserver<GetIndexStatisticsResponse> observer) {
    unary(observer, GetIndexStatisticsResponse.getDefaultInstance(), () -> {
      String dbName = db(request.getDbName());
      Collection c = plane.collection(dbName, request.getCollectionName());
      GetIndexStatisticsResponse.Builder b = GetIndexStatisticsResponse.newBuilder().setStatus(Statuses.SUCCESS);
      for (IndexSpec spec : plane.describeIndexes(dbName, request.getCollectionName(), "", request.getIndexName())) {
        b.addIndexDescriptions(indexDescription(c, spec));
      }
      return b.build();
    });
  }

  private static IndexDescription indexDescription(Collection c, IndexSpec spec) {
    FieldSchema field = c.info().schema().fieldById(spec.fieldId());
    long[] progress = c.indexProgress(spec.fieldId());
    long pending = field.type().isVector() ? c.pendingIndexRows(spec.fieldId()) : 0;
    IndexDescription.Builder b = IndexDescription.newBuilder()
        .setIndexName(spec.name())
        .setIndexID(spec.id())
        .setFieldName(field.name())
        .setTotalRows(progress[1])
        .setIndexedRows(field.type().isVector() ? progress[1] - pending : progress[1])
        .setPendingIndexRows(pending)
        .setStateValue(pending == 0 ? IndexState.Finished_VALUE : IndexState.InProgress_VALUE);
    b.addParams(KeyValuePair.newBuilder().setKey("index_type").setValue(spec.indexType()));
    if (!spec.metricType().isEmpty()) {
      b.addParams(KeyValuePair.newBuilder().setKey("metric_type").setValue(spec.metricType()));
    }
    Map<String, String> params = new java.util.LinkedHashMap<>(spec.params());
    String mmap = params.remove("mmap.enabled");
    if (mmap != null) {
      b.addParams(KeyValuePair.newBuilder().setKey("mmap.enabled").setValue(mmap));
    }
    if (!params.isEmpty()) {
      b.addParams(KeyValuePair.newBuilder().setKey("params").setValue(jsonObject(params)));
    }
    return b.build();
  }

  private static String jsonObject(Map<String, String> params) {
    com.fasterxml.jackson.databind.node.ObjectNode node = SchemaCodec.JSON.createObjectNode();
    params.forEach(node::put);
    return node.toString();
  }

  @Override
  public void getIndexState(GetIndexStateRequest request, StreamObserver<GetIndexStateResponse> observer) {
    unary(observer, GetIndexStateResponse.getDefaultInstance(), () -> {
      String dbName = db(request.getDbName());
      Collection c = plane.collection(dbName, request.getCollectionName());
      boolean finished = true;
      for (IndexSpec spec : plane.describeIndexes(dbName, request.getCollectionName(), request.getFieldName(),
          request.getIndexName())) {
        finished &= c.pendingIndexRows(spec.fieldId()) == 0;
      }
      return GetIndexStateResponse.newBuilder().setStatus(Statuses.SUCCESS)
          .setStateValue(finished ? IndexState.Finished_VALUE : IndexState.InProgress_VALUE).build();
    });
  }

  @Override
  public void getIndexBuildProgress(GetIndexBuildProgressRequest request,
      StreamObserver<GetIndexBuildProgressResponse> observer) {
    unary(observer, GetIndexBuildProgressResponse.getDefaultInstance(), () -> {
      String dbName = db(request.getDbName());
      Collection c = plane.collection(dbName, request.getCollectionName());
      long indexed = 0;
      long total = 0;
      for (IndexSpec spec : plane.describeIndexes(dbName, request.getCollectionName(), request.getFieldName(),
          request.getIndexName())) {
        long[] p = c.indexProgress(spec.fieldId());
        total += p[1];
        indexed += p[1] - c.pendingIndexRows(spec.fieldId());
      }
      return GetIndexBuildProgressResponse.newBuilder().setStatus(Statuses.SUCCESS).setIndexedRows(indexed)
          .setTotalRows(total).build();
    });
  }

  @Override
  public void dropIndex(DropIndexRequest request, StreamObserver<Status> observer) {
    status(observer, () -> plane.dropIndex(db(request.getDbName()), request.getCollectionName(), request.getFieldName(),
        request.getIndexName()));
  }

  @Override
  public void alterIndex(AlterIndexRequest request, StreamObserver<Status> observer) {
    status(observer, () -> plane.alterIndex(db(request.getDbName()), request.getCollectionName(), request.getIndexName(),
        RequestParams.toMap(request.getExtraParamsList()), request.getDeleteKeysList()));
  }

  // ------------------------------------------------------------------ writes

  @Override
  public void insert(InsertRequest request, StreamObserver<MutationResult> observer) {
    unary(observer, MutationResult.getDefaultInstance(), () -> {
      Collection c = plane.collection(db(request.getDbName()), request.getCollectionName());
      CollectionSchema schema = c.info().schema();
      FieldDataDecoder.Decoded decoded = FieldDataDecoder.decode(schema, request.getFieldsDataList(), request.getNumRows());
      DataWriter.WriteResult r = plane.writer().insert(c, request.getPartitionName(), decoded.columns(), decoded.rows(), false,
          request.getSchemaTimestamp());
      return mutation(schema, r).setInsertCnt(r.inserted()).build();
    });
  }

  @Override
  public void upsert(UpsertRequest request, StreamObserver<MutationResult> observer) {
    unary(observer, MutationResult.getDefaultInstance(), () -> {
      if (request.getPartialUpdate()) {
        throw new QuiverException(io.quiver.engine.error.ErrorCode.UNSUPPORTED, "partial update is not supported yet");
      }
      Collection c = plane.collection(db(request.getDbName()), request.getCollectionName());
      CollectionSchema schema = c.info().schema();
      FieldDataDecoder.Decoded decoded = FieldDataDecoder.decode(schema, request.getFieldsDataList(), request.getNumRows());
      DataWriter.WriteResult r = plane.writer().insert(c, request.getPartitionName(), decoded.columns(), decoded.rows(), true,
          request.getSchemaTimestamp());
      return mutation(schema, r).setUpsertCnt(r.inserted()).build();
    });
  }

  @Override
  public void delete(DeleteRequest request, StreamObserver<MutationResult> observer) {
    unary(observer, MutationResult.getDefaultInstance(), () -> {
      Collection c = plane.collection(db(request.getDbName()), request.getCollectionName());
      DataWriter.WriteResult r = plane.writer().delete(c, request.getPartitionName(), request.getExpr(),
          RequestParams.templates(request.getExprTemplateValuesMap()));
      return mutation(c.info().schema(), r).setDeleteCnt(r.deleted()).build();
    });
  }

  private static MutationResult.Builder mutation(CollectionSchema schema, DataWriter.WriteResult r) {
    MutationResult.Builder b = MutationResult.newBuilder().setStatus(Statuses.SUCCESS).setTimestamp(r.timestamp())
        .setAcknowledged(true);
    b.setIDs(ids(schema, r.primaryKeys()));
    for (int i = 0; i < r.inserted(); i++) {
      b.addSuccIndex(i);
    }
    return b;
  }

  private static IDs ids(CollectionSchema schema, List<Object> keys) {
    if (schema.primaryField().type() == io.quiver.engine.schema.DataType.INT64) {
      LongArray.Builder a = LongArray.newBuilder();
      for (Object k : keys) {
        a.addData((Long) k);
      }
      return IDs.newBuilder().setIntId(a).build();
    }
    StringArray.Builder a = StringArray.newBuilder();
    for (Object k : keys) {
      a.addData((String) k);
    }
    return IDs.newBuilder().setStrId(a).build();
  }

  // ------------------------------------------------------------------ reads

  @Override
  public void search(SearchRequest request, StreamObserver<SearchResults> observer) {
    unary(observer, SearchResults.getDefaultInstance(), () -> {
      Collection c = plane.collection(db(request.getDbName()), request.getCollectionName());
      Map<String, String> params = RequestParams.searchParams(request.getSearchParamsList());
      DataReader.SearchInput in = searchInput(c, request, params, request.getPartitionNamesList(), request.getOutputFieldsList());
      DataReader.SearchOutput out = plane.reader().search(c, in);
      int roundDecimal = (int) RequestParams.longParam(params, "round_decimal", -1);
      return searchResults(c, out, in.limit(), roundDecimal);
    });
  }

  private DataReader.SearchInput searchInput(Collection c, SearchRequest request, Map<String, String> params,
      List<String> partitions, List<String> outputFields) {
    List<float[]> vectors;
    String filter = request.getDsl();
    Map<String, Object> templates = RequestParams.templates(request.getExprTemplateValuesMap());
    String annsField = params.getOrDefault("anns_field", "");
    if (request.getSearchByPrimaryKeys()) {
      vectors = vectorsByPrimaryKeys(c, annsField, filter, templates);
      filter = "";
      templates = Map.of();
    } else {
      vectors = RequestParams.floatVectors(request.getPlaceholderGroup());
    }
    if (request.getNq() != 0 && request.getNq() != vectors.size() && !request.getSearchByPrimaryKeys()) {
      throw QuiverException.invalid("nq (%d) does not match the number of query vectors (%d)", request.getNq(), vectors.size());
    }
    long topk = RequestParams.longParam(params, "topk", RequestParams.longParam(params, "limit", 0));
    long offset = RequestParams.longParam(params, "offset", 0);
    if (topk > Integer.MAX_VALUE || offset > Integer.MAX_VALUE || topk < Integer.MIN_VALUE || offset < Integer.MIN_VALUE) {
      throw QuiverException.invalid("topk and offset must be within [0, %d]", plane.config().maxTopK());
    }
    return new DataReader.SearchInput(annsField, params.get("metric_type"), vectors, (int) topk, (int) offset, filter, templates,
        searchOnlyParams(params), RequestParams.floatParam(params, "radius"), RequestParams.floatParam(params, "range_filter"),
        params.get("group_by_field"), (int) RequestParams.longParam(params, "group_size", 1),
        RequestParams.boolParam(params, "strict_group_size", false), partitions, outputFields);
  }

  /** The index search parameters (ef, nprobe, ...) without the request-level keys. */
  private static Map<String, String> searchOnlyParams(Map<String, String> params) {
    Map<String, String> out = new java.util.LinkedHashMap<>(params);
    for (String k : List.of("anns_field", "topk", "limit", "offset", "round_decimal", "metric_type", "ignore_growing",
        "radius", "range_filter", "group_by_field", "group_size", "strict_group_size", "iterator", "search_iter_v2",
        "search_iter_batch_size", "search_iter_id", "search_iter_last_bound", "collection_id", "guarantee_timestamp",
        "hints", "order_by_fields", "cluster_id")) {
      out.remove(k);
    }
    return out;
  }

  /** Search by primary keys: the filter selects the rows whose vectors become the queries. */
  private List<float[]> vectorsByPrimaryKeys(Collection c, String annsField, String filter, Map<String, Object> templates) {
    DataReader.QueryOutput rows = plane.reader().query(c, new DataReader.QueryInput(filter, templates, List.of(),
        List.of(), -1, 0, false));
    CollectionSchema schema = c.info().schema();
    FieldSchema field;
    if (annsField.isEmpty()) {
      List<FieldSchema> vectors = schema.vectorFields();
      if (vectors.size() != 1) {
        throw QuiverException.invalid("multiple anns_fields exist, please specify a anns_field in search_params");
      }
      field = vectors.get(0);
    } else {
      field = schema.field(annsField);
      if (field == null || !field.type().isVector()) {
        throw QuiverException.invalid("anns_field %s is not a vector field of the collection", annsField);
      }
    }
    if (rows.rows().isEmpty()) {
      throw QuiverException.invalid("search by primary keys: no entity matches %s", filter);
    }
    List<float[]> out = new ArrayList<>();
    for (Hit h : rows.rows()) {
      float[] v = new float[field.dim()];
      h.segment().column(field.id()).getFloatVector(h.row(), v, 0);
      out.add(v);
    }
    return out;
  }

  private SearchResults searchResults(Collection c, DataReader.SearchOutput out, int limit, int roundDecimal) {
    CollectionSchema schema = c.info().schema();
    SearchResultData.Builder data = SearchResultData.newBuilder()
        .setNumQueries(out.hits().size())
        .setTopK(limit)
        .setPrimaryFieldName(schema.primaryField().name());
    List<Hit> flat = new ArrayList<>();
    for (List<Hit> q : out.hits()) {
      data.addTopks(q.size());
      for (Hit h : q) {
        flat.add(h);
        data.addScores(round(h.score(), roundDecimal));
      }
    }
    List<Object> keys = new ArrayList<>(flat.size());
    for (Hit h : flat) {
      keys.add(h.primaryKey());
    }
    if (!flat.isEmpty()) {
      data.setIds(ids(schema, keys));
    }
    data.addAllFieldsData(FieldDataEncoder.encode(out.outputs(), flat));
    data.addAllOutputFields(out.outputs().names());
    if (out.groupField() != null) {
      data.setGroupByFieldValue(FieldDataEncoder.column(out.groupField(), flat, null));
    }
    return SearchResults.newBuilder().setStatus(Statuses.SUCCESS).setResults(data).setCollectionName(c.info().name())
        .setSessionTs(sessionTs(c)).build();
  }

  private static float round(float score, int decimals) {
    if (decimals < 0) {
      return score;
    }
    double scale = Math.pow(10, Math.min(decimals, 6));
    return (float) (Math.round(score * scale) / scale);
  }

  private long sessionTs(Collection c) {
    long ts = 0;
    for (Shard s : c.shards()) {
      ts = Math.max(ts, s.appliedTimestamp());
    }
    return ts == 0 ? plane.tso().current() : ts;
  }

  @Override
  public void hybridSearch(HybridSearchRequest request, StreamObserver<SearchResults> observer) {
    unary(observer, SearchResults.getDefaultInstance(), () -> {
      Collection c = plane.collection(db(request.getDbName()), request.getCollectionName());
      Map<String, String> rank = RequestParams.toMap(request.getRankParamsList());
      List<DataReader.SearchInput> subs = new ArrayList<>();
      for (SearchRequest sub : request.getRequestsList()) {
        Map<String, String> params = RequestParams.searchParams(sub.getSearchParamsList());
        List<String> partitions = sub.getPartitionNamesCount() > 0 ? sub.getPartitionNamesList() : request.getPartitionNamesList();
        subs.add(searchInput(c, sub, params, partitions, List.of()));
      }
      HybridRanker ranker = ranker(rank, request);
      long limit = RequestParams.longParam(rank, "limit", RequestParams.longParam(rank, "topk", 0));
      long offset = RequestParams.longParam(rank, "offset", 0);
      if (limit > Integer.MAX_VALUE || offset > Integer.MAX_VALUE) {
        throw QuiverException.invalid("limit and offset must be at most %d", plane.config().maxTopK());
      }
      if (rank.containsKey("group_by_field")) {
        throw new QuiverException(io.quiver.engine.error.ErrorCode.UNSUPPORTED, "grouping in hybrid search is not supported yet");
      }
      DataReader.SearchOutput out = plane.reader().hybridSearch(c, subs, ranker, (int) limit, (int) offset,
          request.getOutputFieldsList());
      return searchResults(c, out, (int) limit, (int) RequestParams.longParam(rank, "round_decimal", -1));
    });
  }

  private static HybridRanker ranker(Map<String, String> rank, HybridSearchRequest request) {
    if (request.hasFunctionScore() && request.getFunctionScore().getFunctionsCount() > 0) {
      FunctionSchema f = request.getFunctionScore().getFunctions(0);
      Map<String, String> p = RequestParams.toMap(f.getParamsList());
      String reranker = p.getOrDefault("reranker", "");
      return switch (reranker.toLowerCase(java.util.Locale.ROOT)) {
        case "rrf" -> new HybridRanker.Rrf(RequestParams.longParam(p, "k", 60));
        case "weighted" -> new HybridRanker.Weighted(weights(p.get("weights")), RequestParams.boolParam(p, "norm_score", true));
        default -> throw new QuiverException(io.quiver.engine.error.ErrorCode.UNSUPPORTED,
            "reranker " + reranker + " is not supported yet; use rrf or weighted");
      };
    }
    String strategy = rank.getOrDefault("strategy", "rrf").toLowerCase(java.util.Locale.ROOT);
    Map<String, String> params = new java.util.LinkedHashMap<>();
    String json = rank.get("params");
    if (json != null && !json.isBlank()) {
      try {
        com.fasterxml.jackson.databind.JsonNode node = SchemaCodec.JSON.readTree(json);
        node.fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText()
            : e.getValue().toString()));
      } catch (java.io.IOException e) {
        throw QuiverException.invalid("rank param params is not valid JSON: %s", json);
      }
    }
    return switch (strategy) {
      case "rrf" -> new HybridRanker.Rrf(params.containsKey("k") ? Double.parseDouble(params.get("k")) : 60);
      case "weighted" -> new HybridRanker.Weighted(weights(params.get("weights")),
          RequestParams.boolParam(params, "norm_score", true));
      default -> throw QuiverException.invalid("rank strategy %s is not supported; use rrf or weighted", strategy);
    };
  }

  private static List<Double> weights(String json) {
    if (json == null || json.isBlank()) {
      throw QuiverException.missing("weighted ranker needs weights");
    }
    try {
      com.fasterxml.jackson.databind.JsonNode node = SchemaCodec.JSON.readTree(json);
      List<Double> out = new ArrayList<>();
      for (com.fasterxml.jackson.databind.JsonNode n : node) {
        if (!n.isNumber()) {
          throw QuiverException.invalid("weights must be numbers, got %s", json);
        }
        out.add(n.asDouble());
      }
      return out;
    } catch (java.io.IOException e) {
      throw QuiverException.invalid("weights is not a JSON array: %s", json);
    }
  }

  @Override
  public void query(QueryRequest request, StreamObserver<QueryResults> observer) {
    unary(observer, QueryResults.getDefaultInstance(), () -> {
      Collection c = plane.collection(db(request.getDbName()), request.getCollectionName());
      Map<String, String> params = RequestParams.toMap(request.getQueryParamsList());
      long limit = params.containsKey("limit") ? RequestParams.longParam(params, "limit", -1) : -1;
      long offset = RequestParams.longParam(params, "offset", 0);
      boolean iterator = RequestParams.boolParam(params, "iterator", false);
      List<String> outputs = request.getOutputFieldsList();
      DataReader.QueryOutput out = plane.reader().query(c, new DataReader.QueryInput(request.getExpr(),
          RequestParams.templates(request.getExprTemplateValuesMap()), outputs, request.getPartitionNamesList(), limit, offset,
          iterator));
      QueryResults.Builder b = QueryResults.newBuilder().setStatus(Statuses.SUCCESS).setCollectionName(c.info().name())
          .setPrimaryFieldName(c.info().schema().primaryField().name()).setSessionTs(sessionTs(c));
      if (out.count() != null) {
        b.addFieldsData(FieldData.newBuilder().setFieldName(OutputFields.COUNT_STAR).setType(DataType.Int64)
            .setScalars(ScalarField.newBuilder().setLongData(LongArray.newBuilder().addData(out.count()))));
        b.addOutputFields(OutputFields.COUNT_STAR);
      } else {
        b.addAllFieldsData(FieldDataEncoder.encode(out.outputs(), out.rows()));
        b.addAllOutputFields(out.outputs().names());
      }
      return b.build();
    });
  }

  // ------------------------------------------------------------------ flush

  @Override
  public void flush(FlushRequest request, StreamObserver<FlushResponse> observer) {
    unary(observer, FlushResponse.getDefaultInstance(), () -> {
      String dbName = db(request.getDbName());
      if (request.getCollectionNamesCount() == 0) {
        throw QuiverException.missing("flush needs at least one collection name");
      }
      FlushResponse.Builder b = FlushResponse.newBuilder().setStatus(Statuses.SUCCESS).setDbName(dbName);
      for (String name : request.getCollectionNamesList()) {
        Collection c = plane.collection(dbName, name);
        LongArray.Builder sealed = LongArray.newBuilder();
        for (Segment s : plane.flush(c)) {
          sealed.addData(s.id());
        }
        long ts = plane.tso().next();
        b.putCollSegIDs(name, sealed.build()).putFlushCollSegIDs(name, sealed.build()).putCollFlushTs(name, ts)
            .putCollSealTimes(name, TimestampOracle.physicalMillis(ts) / 1000);
      }
      return b.build();
    });
  }

  @Override
  public void getFlushState(GetFlushStateRequest request, StreamObserver<GetFlushStateResponse> observer) {
    // Flush is synchronous: every segment it reported is durable when it returns.
    unary(observer, GetFlushStateResponse.getDefaultInstance(), () -> GetFlushStateResponse.newBuilder()
        .setStatus(Statuses.SUCCESS).setFlushed(true).build());
  }

  // ------------------------------------------------------------------ flush all, topology, segments

  /** The node id a standalone server reports for itself. */
  static final long NODE_ID = 1;
  /** The only resource group of a standalone server. */
  public static final String DEFAULT_RESOURCE_GROUP = "__default_resource_group";

  @Override
  public void flushAll(FlushAllRequest request, StreamObserver<FlushAllResponse> observer) {
    unary(observer, FlushAllResponse.getDefaultInstance(), () -> {
      for (Collection c : flushAllTargets(request.getFlushTargetsList(), request.getDbName())) {
        plane.flush(c);
      }
      return FlushAllResponse.newBuilder().setStatus(Statuses.SUCCESS).setFlushAllTs(plane.tso().next()).build();
    });
  }

  private List<Collection> flushAllTargets(List<FlushAllTarget> targets, String dbName) {
    List<Collection> out = new ArrayList<>();
    if (targets.isEmpty()) {
      List<Collection> all = dbName.isEmpty() ? plane.allCollections() : plane.listCollections(dbName);
      AuthContext.Access access = AuthContext.current();
      for (Collection c : all) {
        if (access.allowed("FlushAll", c.info().database(), null)) {
          out.add(c);
        }
      }
      return out;
    }
    for (FlushAllTarget t : targets) {
      String targetDb = t.getDbName().isEmpty() ? DatabaseInfo.DEFAULT : t.getDbName();
      if (t.getCollectionNamesCount() == 0) {
        out.addAll(plane.listCollections(targetDb));
      } else {
        for (String name : t.getCollectionNamesList()) {
          out.add(plane.collection(targetDb, name));
        }
      }
    }
    return out;
  }

  @Override
  public void getFlushAllState(GetFlushAllStateRequest request, StreamObserver<GetFlushAllStateResponse> observer) {
    // FlushAll is synchronous: when it returned, everything it covered was written.
    unary(observer, GetFlushAllStateResponse.getDefaultInstance(), () -> GetFlushAllStateResponse.newBuilder()
        .setStatus(Statuses.SUCCESS).setFlushed(true).build());
  }

  @Override
  public void getComponentStates(GetComponentStatesRequest request, StreamObserver<ComponentStates> observer) {
    unary(observer, ComponentStates.getDefaultInstance(), () -> ComponentStates.newBuilder()
        .setStatus(Statuses.SUCCESS)
        .setState(ComponentInfo.newBuilder().setNodeID(NODE_ID).setRole("standalone").setStateCode(StateCode.Healthy))
        .build());
  }

  @Override
  public void getReplicas(GetReplicasRequest request, StreamObserver<GetReplicasResponse> observer) {
    unary(observer, GetReplicasResponse.getDefaultInstance(), () -> {
      Collection c = request.getCollectionName().isEmpty()
          ? byId(request.getCollectionID(), "GetLoadState")
          : plane.collection(db(request.getDbName()), request.getCollectionName());
      GetReplicasResponse.Builder b = GetReplicasResponse.newBuilder().setStatus(Statuses.SUCCESS);
      if (c.isLoaded()) {
        ReplicaInfo.Builder replica = ReplicaInfo.newBuilder().setReplicaID(c.id()).setCollectionID(c.id())
            .setResourceGroupName(DEFAULT_RESOURCE_GROUP).addNodeIds(NODE_ID);
        c.loadedPartitions().forEach(replica::addPartitionIds);
        for (int i = 0; i < c.info().shards(); i++) {
          ShardReplica.Builder shard = ShardReplica.newBuilder().setLeaderID(NODE_ID)
              .setDmChannelName("quiver-" + c.id() + "_" + i + "v0");
          if (request.getWithShardNodes()) {
            shard.addNodeIds(NODE_ID);
          }
          replica.addShardReplicas(shard);
        }
        b.addReplicas(replica);
      }
      return b.build();
    });
  }

  /** The collection with {@code id}, if the caller holds {@code privilege} on it; else "not found". */
  private Collection byId(long id, String privilege) {
    AuthContext.Access access = AuthContext.current();
    for (Collection c : plane.allCollections()) {
      if (c.id() == id && access.allowed(privilege, c.info().database(), c.info().name())) {
        return c;
      }
    }
    throw new QuiverException(io.quiver.engine.error.ErrorCode.COLLECTION_NOT_FOUND, "collection not found[collectionID=" + id + "]");
  }

  @Override
  public void listResourceGroups(ListResourceGroupsRequest request, StreamObserver<ListResourceGroupsResponse> observer) {
    unary(observer, ListResourceGroupsResponse.getDefaultInstance(), () -> ListResourceGroupsResponse.newBuilder()
        .setStatus(Statuses.SUCCESS).addResourceGroups(DEFAULT_RESOURCE_GROUP).build());
  }

  @Override
  public void describeResourceGroup(DescribeResourceGroupRequest request, StreamObserver<DescribeResourceGroupResponse> observer) {
    unary(observer, DescribeResourceGroupResponse.getDefaultInstance(), () -> {
      if (!DEFAULT_RESOURCE_GROUP.equals(request.getResourceGroup())) {
        throw new QuiverException(io.quiver.engine.error.ErrorCode.RESOURCE_GROUP_NOT_FOUND, "resource group not found["
            + request.getResourceGroup() + "]: a standalone server has only " + DEFAULT_RESOURCE_GROUP);
      }
      io.milvus.grpc.ResourceGroup.Builder rg = io.milvus.grpc.ResourceGroup.newBuilder().setName(DEFAULT_RESOURCE_GROUP)
          .setCapacity(1).setNumAvailableNode(1)
          .addNodes(NodeInfo.newBuilder().setNodeId(NODE_ID).setHostname("standalone"));
      AuthContext.Access access = AuthContext.current();
      for (Collection c : plane.allCollections()) {
        if (c.isLoaded() && access.collectionVisible(c.info().database(), c.info().name())) {
          rg.putNumLoadedReplica(c.info().name(), 1);
        }
      }
      return DescribeResourceGroupResponse.newBuilder().setStatus(Statuses.SUCCESS).setResourceGroup(rg).build();
    });
  }

  @Override
  public void getPersistentSegmentInfo(GetPersistentSegmentInfoRequest request,
      StreamObserver<GetPersistentSegmentInfoResponse> observer) {
    unary(observer, GetPersistentSegmentInfoResponse.getDefaultInstance(), () -> {
      Collection c = plane.collection(db(request.getDbName()), request.getCollectionName());
      GetPersistentSegmentInfoResponse.Builder b = GetPersistentSegmentInfoResponse.newBuilder().setStatus(Statuses.SUCCESS);
      for (Segment s : c.segments()) {
        b.addInfos(PersistentSegmentInfo.newBuilder().setSegmentID(s.id()).setCollectionID(c.id())
            .setPartitionID(s.partitionId()).setNumRows(s.liveCount())
            .setState(s.isSealed() ? SegmentState.Flushed : SegmentState.Growing).setLevel(SegmentLevel.L1));
      }
      return b.build();
    });
  }

  @Override
  public void getQuerySegmentInfo(GetQuerySegmentInfoRequest request, StreamObserver<GetQuerySegmentInfoResponse> observer) {
    unary(observer, GetQuerySegmentInfoResponse.getDefaultInstance(), () -> {
      Collection c = plane.collection(db(request.getDbName()), request.getCollectionName());
      GetQuerySegmentInfoResponse.Builder b = GetQuerySegmentInfoResponse.newBuilder().setStatus(Statuses.SUCCESS);
      if (!c.isLoaded()) {
        return b.build();
      }
      for (Segment s : c.segments()) {
        if (!c.isPartitionLoaded(s.partitionId())) {
          continue;
        }
        QuerySegmentInfo.Builder info = QuerySegmentInfo.newBuilder().setSegmentID(s.id()).setCollectionID(c.id())
            .setPartitionID(s.partitionId()).setMemSize(s.ramBytesUsed()).setNumRows(s.liveCount()).setNodeID(NODE_ID)
            .addNodeIds(NODE_ID).setState(s.isSealed() ? SegmentState.Sealed : SegmentState.Growing).setLevel(SegmentLevel.L1);
        for (IndexSpec spec : c.info().indexes()) {
          if (s.index(spec.fieldId()) != null) {
            info.setIndexName(spec.name()).setIndexID(spec.id());
            break;
          }
        }
        b.addInfos(info);
      }
      return b.build();
    });
  }

  // ------------------------------------------------------------------ users, roles, privileges

  private RbacStore rbac() {
    return security.rbac();
  }

  /** The SDKs send passwords base64-encoded. */
  private static String password(String base64, String what) {
    try {
      return new String(java.util.Base64.getDecoder().decode(base64), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw QuiverException.invalid("%s is not base64-encoded", what);
    }
  }

  @Override
  public void createCredential(CreateCredentialRequest request, StreamObserver<Status> observer) {
    status(observer, () -> rbac().createUser(request.getUsername(), password(request.getPassword(), "password")));
  }

  @Override
  public void updateCredential(UpdateCredentialRequest request, StreamObserver<Status> observer) {
    status(observer, () -> {
      // root may reset any password without the old one; everyone else must give it, as in Milvus.
      boolean root = AuthContext.current().principal() instanceof Principal.User u && u.isRoot();
      String old = root && request.getOldPassword().isEmpty() ? "" : password(request.getOldPassword(), "old password");
      rbac().updatePassword(request.getUsername(), old, password(request.getNewPassword(), "new password"), root);
    });
  }

  @Override
  public void deleteCredential(DeleteCredentialRequest request, StreamObserver<Status> observer) {
    status(observer, () -> rbac().deleteUser(request.getUsername()));
  }

  @Override
  public void listCredUsers(ListCredUsersRequest request, StreamObserver<ListCredUsersResponse> observer) {
    unary(observer, ListCredUsersResponse.getDefaultInstance(), () -> ListCredUsersResponse.newBuilder()
        .setStatus(Statuses.SUCCESS).addAllUsernames(rbac().userNames()).build());
  }

  @Override
  public void createRole(CreateRoleRequest request, StreamObserver<Status> observer) {
    status(observer, () -> rbac().createRole(request.getEntity().getName()));
  }

  @Override
  public void dropRole(DropRoleRequest request, StreamObserver<Status> observer) {
    status(observer, () -> rbac().dropRole(request.getRoleName(), request.getForceDrop()));
  }

  @Override
  public void operateUserRole(OperateUserRoleRequest request, StreamObserver<Status> observer) {
    status(observer, () -> {
      boolean add = switch (request.getType()) {
        case AddUserToRole -> true;
        case RemoveUserFromRole -> false;
        default -> throw QuiverException.invalid("unknown operate user role type %s", request.getTypeValue());
      };
      rbac().operateUserRole(request.getUsername(), request.getRoleName(), add);
    });
  }

  private static boolean grant(OperatePrivilegeType type, int value) {
    return switch (type) {
      case Grant -> true;
      case Revoke -> false;
      default -> throw QuiverException.invalid("unknown operate privilege type %s", value);
    };
  }

  @Override
  public void operatePrivilege(OperatePrivilegeRequest request, StreamObserver<Status> observer) {
    status(observer, () -> {
      GrantEntity e = request.getEntity();
      String dbName = e.getDbName().isEmpty() ? db("") : e.getDbName();
      String privilege = e.getGrantor().getPrivilege().getName();
      rbac().operatePrivilege(new RbacStore.Grant(e.getRole().getName(), e.getObject().getName(), e.getObjectName(), dbName,
          privilege, AuthContext.current().principal().actor()), grant(request.getType(), request.getTypeValue()));
    });
  }

  @Override
  public void operatePrivilegeV2(OperatePrivilegeV2Request request, StreamObserver<Status> observer) {
    status(observer, () -> {
      String privilege = request.getGrantor().getPrivilege().getName();
      String dbName = request.getDbName().isEmpty() ? db("") : request.getDbName();
      String collection = request.getCollectionName().isEmpty() ? "*" : request.getCollectionName();
      if (Privileges.isBuiltIn(privilege)) {
        Privileges.Level level = Privileges.level(privilege);
        if (level == Privileges.Level.CLUSTER && (!"*".equals(dbName) || !"*".equals(collection))) {
          throw QuiverException.invalid("%s is a cluster-level privilege: db_name and collection_name must be *", privilege);
        }
        if (level == Privileges.Level.DATABASE && !"*".equals(collection)) {
          throw QuiverException.invalid("%s is a database-level privilege: collection_name must be *", privilege);
        }
      }
      String objectType = Privileges.SINGLE.contains(privilege) ? Privileges.objectTypeFor(privilege) : "Global";
      rbac().operatePrivilege(new RbacStore.Grant(request.getRole().getName(), objectType, collection, dbName, privilege,
          AuthContext.current().principal().actor()), grant(request.getType(), request.getTypeValue()));
    });
  }

  @Override
  public void selectRole(SelectRoleRequest request, StreamObserver<SelectRoleResponse> observer) {
    unary(observer, SelectRoleResponse.getDefaultInstance(), () -> {
      String only = request.getRole().getName();
      List<String> roles = rbac().roleNames();
      if (!only.isEmpty()) {
        if (!rbac().state().roleExists(only)) {
          throw QuiverException.invalid("role %s does not exist", only);
        }
        roles = List.of(only);
      }
      SelectRoleResponse.Builder b = SelectRoleResponse.newBuilder().setStatus(Statuses.SUCCESS);
      for (String role : roles) {
        RoleResult.Builder r = RoleResult.newBuilder().setRole(RoleEntity.newBuilder().setName(role));
        if (request.getIncludeUserInfo()) {
          rbac().usersOf(role).forEach(u -> r.addUsers(UserEntity.newBuilder().setName(u)));
        }
        b.addResults(r);
      }
      return b.build();
    });
  }

  @Override
  public void selectUser(SelectUserRequest request, StreamObserver<SelectUserResponse> observer) {
    unary(observer, SelectUserResponse.getDefaultInstance(), () -> {
      String only = request.getUser().getName();
      RbacStore.State state = rbac().state();
      List<String> users = rbac().userNames();
      if (!only.isEmpty()) {
        if (!state.users().containsKey(only)) {
          throw QuiverException.invalid("user %s does not exist", only);
        }
        users = List.of(only);
      }
      SelectUserResponse.Builder b = SelectUserResponse.newBuilder().setStatus(Statuses.SUCCESS);
      for (String user : users) {
        UserResult.Builder r = UserResult.newBuilder().setUser(UserEntity.newBuilder().setName(user));
        if (request.getIncludeRoleInfo()) {
          new java.util.TreeSet<>(state.users().get(user).roles()).forEach(role -> r.addRoles(RoleEntity.newBuilder().setName(role)));
        }
        b.addResults(r);
      }
      return b.build();
    });
  }

  @Override
  public void selectGrant(SelectGrantRequest request, StreamObserver<SelectGrantResponse> observer) {
    unary(observer, SelectGrantResponse.getDefaultInstance(), () -> {
      GrantEntity e = request.getEntity();
      String role = e.getRole().getName();
      if (role.isEmpty()) {
        throw QuiverException.missing("the role name is required to select grants");
      }
      SelectGrantResponse.Builder b = SelectGrantResponse.newBuilder().setStatus(Statuses.SUCCESS);
      for (RbacStore.Grant g : rbac().grants(role, e.getObject().getName(), e.getObjectName(), e.getDbName())) {
        b.addEntities(GrantEntity.newBuilder()
            .setRole(RoleEntity.newBuilder().setName(g.role()))
            .setObject(ObjectEntity.newBuilder().setName(g.objectType()))
            .setObjectName(g.objectName())
            .setDbName(g.db())
            .setGrantor(GrantorEntity.newBuilder().setUser(UserEntity.newBuilder().setName(g.grantor()))
                .setPrivilege(PrivilegeEntity.newBuilder().setName(g.privilege()))));
      }
      return b.build();
    });
  }

  @Override
  public void createPrivilegeGroup(CreatePrivilegeGroupRequest request, StreamObserver<Status> observer) {
    status(observer, () -> rbac().createGroup(request.getGroupName()));
  }

  @Override
  public void dropPrivilegeGroup(DropPrivilegeGroupRequest request, StreamObserver<Status> observer) {
    status(observer, () -> rbac().dropGroup(request.getGroupName()));
  }

  @Override
  public void listPrivilegeGroups(ListPrivilegeGroupsRequest request, StreamObserver<ListPrivilegeGroupsResponse> observer) {
    unary(observer, ListPrivilegeGroupsResponse.getDefaultInstance(), () -> {
      ListPrivilegeGroupsResponse.Builder b = ListPrivilegeGroupsResponse.newBuilder().setStatus(Statuses.SUCCESS);
      Map<String, java.util.Set<String>> groups = new java.util.LinkedHashMap<>();
      for (String name : Privileges.listedBuiltInGroups()) {
        groups.put(name, Privileges.BUILT_IN_GROUPS.get(name));
      }
      groups.putAll(rbac().state().groups());
      groups.forEach((name, privileges) -> {
        PrivilegeGroupInfo.Builder g = PrivilegeGroupInfo.newBuilder().setGroupName(name);
        privileges.forEach(p -> g.addPrivileges(PrivilegeEntity.newBuilder().setName(p)));
        b.addPrivilegeGroups(g);
      });
      return b.build();
    });
  }

  @Override
  public void operatePrivilegeGroup(OperatePrivilegeGroupRequest request, StreamObserver<Status> observer) {
    status(observer, () -> {
      boolean add = switch (request.getType()) {
        case AddPrivilegesToGroup -> true;
        case RemovePrivilegesFromGroup -> false;
        default -> throw QuiverException.invalid("unknown operate privilege group type %s", request.getTypeValue());
      };
      List<String> privileges = new ArrayList<>();
      request.getPrivilegesList().forEach(p -> privileges.add(p.getName()));
      rbac().operateGroup(request.getGroupName(), privileges, add);
    });
  }

  // ------------------------------------------------------------------ compaction

  @Override
  public void manualCompaction(ManualCompactionRequest request, StreamObserver<ManualCompactionResponse> observer) {
    unary(observer, ManualCompactionResponse.getDefaultInstance(), () -> {
      Collection c = request.getCollectionName().isEmpty()
          ? byId(request.getCollectionID(), "Compaction")
          : plane.collection(db(request.getDbName()), request.getCollectionName());
      io.quiver.server.runtime.Compactor.Job job = request.getMajorCompaction()
          ? plane.compactor().clustering(c) : plane.compactor().manual(c);
      return ManualCompactionResponse.newBuilder().setStatus(Statuses.SUCCESS).setCompactionID(job.id())
          .setCompactionPlanCount(job.plans().size()).build();
    });
  }

  private io.quiver.server.runtime.Compactor.Job compactionJob(long id) {
    io.quiver.server.runtime.Compactor.Job job = plane.compactor().job(id);
    if (job != null && !visibleToCaller(job.collectionId(), "Compaction")) {
      job = null; // another tenant's job looks like a missing one
    }
    if (job == null) {
      throw QuiverException.invalid("compaction %d does not exist", id);
    }
    return job;
  }

  /**
   * Whether the caller holds {@code privilege} on the collection with {@code collectionId}; once the
   * collection is gone, only callers who see everything.
   */
  private boolean visibleToCaller(long collectionId, String privilege) {
    AuthContext.Access access = AuthContext.current();
    for (Collection c : plane.allCollections()) {
      if (c.id() == collectionId) {
        return access.allowed(privilege, c.info().database(), c.info().name());
      }
    }
    return access.seesEverything();
  }

  private static CompactionState compactionState(io.quiver.server.runtime.Compactor.State state) {
    // A failed job is over: clients poll until Completed and then look at failedPlanNo.
    return state == io.quiver.server.runtime.Compactor.State.EXECUTING ? CompactionState.Executing : CompactionState.Completed;
  }

  @Override
  public void getCompactionState(GetCompactionStateRequest request, StreamObserver<GetCompactionStateResponse> observer) {
    unary(observer, GetCompactionStateResponse.getDefaultInstance(), () -> {
      io.quiver.server.runtime.Compactor.Job job = compactionJob(request.getCompactionID());
      long executing = 0;
      long completed = 0;
      long failed = 0;
      for (io.quiver.server.runtime.Compactor.Plan p : job.plans()) {
        switch (p.state()) {
          case EXECUTING -> executing++;
          case COMPLETED -> completed++;
          case FAILED -> failed++;
        }
      }
      return GetCompactionStateResponse.newBuilder().setStatus(Statuses.SUCCESS).setState(compactionState(job.state()))
          .setExecutingPlanNo(executing).setCompletedPlanNo(completed).setFailedPlanNo(failed).build();
    });
  }

  @Override
  public void getCompactionStateWithPlans(GetCompactionPlansRequest request, StreamObserver<GetCompactionPlansResponse> observer) {
    unary(observer, GetCompactionPlansResponse.getDefaultInstance(), () -> {
      io.quiver.server.runtime.Compactor.Job job = compactionJob(request.getCompactionID());
      GetCompactionPlansResponse.Builder b = GetCompactionPlansResponse.newBuilder().setStatus(Statuses.SUCCESS)
          .setState(compactionState(job.state()));
      for (io.quiver.server.runtime.Compactor.Plan p : job.plans()) {
        // a clustering plan writes several segments: one merge info per output, each naming
        // the plan's sources (a plan with no output yet, or none surviving, reports target 0)
        if (p.targets().size() <= 1) {
          b.addMergeInfos(CompactionMergeInfo.newBuilder().addAllSources(p.sources()).setTarget(p.target()));
        } else {
          for (Long target : p.targets()) {
            b.addMergeInfos(CompactionMergeInfo.newBuilder().addAllSources(p.sources()).setTarget(target));
          }
        }
      }
      return b.build();
    });
  }

  // ------------------------------------------------------------------ bulk import

  @Override
  public void import_(ImportRequest request, StreamObserver<ImportResponse> observer) {
    unary(observer, ImportResponse.getDefaultInstance(), () -> {
      Collection c = plane.collection(db(request.getDbName()), request.getCollectionName());
      io.quiver.server.runtime.Importer.Task task = plane.importer().start(c, request.getPartitionName(),
          request.getFilesList());
      return ImportResponse.newBuilder().setStatus(Statuses.SUCCESS).addTasks(task.id()).build();
    });
  }

  @Override
  public void getImportState(GetImportStateRequest request, StreamObserver<GetImportStateResponse> observer) {
    unary(observer, GetImportStateResponse.getDefaultInstance(), () -> {
      io.quiver.server.runtime.Importer.Task task = plane.importer().task(request.getTask());
      if (task != null && !AuthContext.current().allowed("Import", task.database(), task.collectionName())) {
        task = null; // another tenant's task looks like a missing one
      }
      if (task == null) {
        throw QuiverException.invalid("import task %d does not exist", request.getTask());
      }
      return importState(task);
    });
  }

  @Override
  public void listImportTasks(ListImportTasksRequest request, StreamObserver<ListImportTasksResponse> observer) {
    unary(observer, ListImportTasksResponse.getDefaultInstance(), () -> {
      String dbName = db(request.getDbName());
      long collectionId = request.getCollectionName().isEmpty() ? -1 : plane.collection(dbName, request.getCollectionName()).id();
      ListImportTasksResponse.Builder b = ListImportTasksResponse.newBuilder().setStatus(Statuses.SUCCESS);
      for (io.quiver.server.runtime.Importer.Task task : plane.importer().list(dbName, collectionId, (int) request.getLimit())) {
        b.addTasks(importState(task));
      }
      return b.build();
    });
  }

  private static GetImportStateResponse importState(io.quiver.server.runtime.Importer.Task task) {
    ImportState state = switch (task.state()) {
      case PENDING -> ImportState.ImportPending;
      case VALIDATING, IMPORTING -> ImportState.ImportStarted;
      case COMPLETED -> ImportState.ImportCompleted;
      case FAILED -> ImportState.ImportFailed;
    };
    GetImportStateResponse.Builder b = GetImportStateResponse.newBuilder().setStatus(Statuses.SUCCESS).setState(state)
        .setId(task.id()).setCollectionId(task.collectionId()).setCreateTs(task.createdTimestamp())
        .setRowCount(task.state() == io.quiver.server.runtime.Importer.State.COMPLETED ? task.rowsImported() : task.rowsRead())
        .addAllSegmentIds(task.segmentIds())
        .addInfos(KeyValuePair.newBuilder().setKey("progress_percent").setValue(Long.toString(Math.round(task.progress() * 100))))
        .addInfos(KeyValuePair.newBuilder().setKey("collection").setValue(task.collectionName()))
        .addInfos(KeyValuePair.newBuilder().setKey("files").setValue(String.join(",", task.files())));
    if (!task.failure().isEmpty()) {
      b.addInfos(KeyValuePair.newBuilder().setKey("failed_reason").setValue(task.failure()));
    }
    return b.build();
  }
}
