package io.quiver.control.usage;

import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.collection.request.GetCollectionStatsReq;
import io.milvus.v2.service.collection.request.ListCollectionsReq;
import io.quiver.control.api.ApiException;
import io.quiver.control.apikey.ApiKeyService;
import io.quiver.control.config.ControlConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a tenant's usage from the data plane over the Milvus Java SDK, as the configured Milvus
 * user ({@code control.dataplane.token}): ListDatabases, then per database of the tenant
 * ListCollections, and per collection GetCollectionStatistics (rows) and DescribeCollection (the
 * vector fields' sizes). One connection per request; nothing is cached.
 */
public final class UsageService {

  private static final System.Logger LOG = System.getLogger(UsageService.class.getName());

  private final Optional<ControlConfig.DataPlane> dataPlane;

  public UsageService(Optional<ControlConfig.DataPlane> dataPlane) {
    this.dataPlane = dataPlane;
  }

  /** The usage of {@code tenant}; 409 when no data plane is configured, 502 when it fails. */
  public TenantUsage usage(String tenant) {
    ControlConfig.DataPlane dp = dataPlane.orElseThrow(() -> ApiException.conflict(
        "usage needs the data plane's address: set control.dataplane.uri and control.dataplane.token"));
    MilvusClientV2 client;
    try {
      client = new MilvusClientV2(ConnectConfig.builder().uri(dp.uri()).token(dp.token()).connectTimeoutMs(5_000)
          .rpcDeadlineMs(30_000).build());
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot connect to the data plane at {0}: {1}", dp.uri(), e.getMessage());
      throw ApiException.upstream("the data plane at " + dp.uri() + " cannot be reached: " + e.getMessage());
    }
    try {
      com.fasterxml.jackson.databind.JsonNode metrics = requestMetrics(dp);
      List<TenantUsage.Database> databases = new ArrayList<>();
      long collections = 0;
      long rows = 0;
      long vectorBytes = 0;
      for (String db : client.listDatabases().getDatabaseNames().stream().sorted().toList()) {
        if (!ApiKeyService.isTenantDatabase(tenant, db)) {
          continue;
        }
        List<TenantUsage.Collection> cols = new ArrayList<>();
        long dbRows = 0;
        long dbBytes = 0;
        for (String name : client.listCollectionsV2(ListCollectionsReq.builder().databaseName(db).build())
            .getCollectionNames().stream().sorted().toList()) {
          long n = client.getCollectionStats(GetCollectionStatsReq.builder().databaseName(db).collectionName(name)
              .build()).getNumOfEntities();
          long perRow = bytesPerRow(client.describeCollection(DescribeCollectionReq.builder().databaseName(db)
              .collectionName(name).build()).getCollectionSchema());
          cols.add(new TenantUsage.Collection(name, n, n * perRow));
          dbRows += n;
          dbBytes += n * perRow;
        }
        java.util.Map<String, Long> requests = new java.util.TreeMap<>();
        metrics.path("databases").path(db).path("requests").properties()
            .forEach(e -> requests.put(e.getKey(), e.getValue().asLong()));
        long total = requests.values().stream().mapToLong(Long::longValue).sum();
        double seconds = Math.max(1, metrics.path("now_ms").asLong() - metrics.path("started_ms").asLong()) / 1000.0;
        databases.add(new TenantUsage.Database(db, cols, dbRows, dbBytes, requests, total / seconds));
        collections += cols.size();
        rows += dbRows;
        vectorBytes += dbBytes;
      }
      long sinceMs = metrics.path("started_ms").asLong();
      return new TenantUsage(tenant, databases, collections, rows, vectorBytes,
          databases.stream().mapToLong(d -> d.requests().values().stream().mapToLong(Long::longValue).sum()).sum(), sinceMs);
    } catch (RuntimeException e) {
      throw ApiException.upstream("the data plane at " + dp.uri() + " failed: " + e.getMessage());
    } finally {
      client.close();
    }
  }

  /**
   * The data plane's request counters (GetMetrics, metric_type quiver_usage), which the Java SDK's
   * client does not expose: one call on a plain gRPC channel with the same credentials.
   */
  static com.fasterxml.jackson.databind.JsonNode requestMetrics(ControlConfig.DataPlane dp) {
    java.net.URI uri = java.net.URI.create(dp.uri());
    io.grpc.ManagedChannel channel = io.grpc.ManagedChannelBuilder.forAddress(uri.getHost(), uri.getPort()).usePlaintext()
        .build();
    try {
      io.grpc.Metadata headers = new io.grpc.Metadata();
      headers.put(io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER),
          java.util.Base64.getEncoder().encodeToString(dp.token().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      io.milvus.grpc.GetMetricsResponse r = io.milvus.grpc.MilvusServiceGrpc.newBlockingStub(channel)
          .withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers))
          .withDeadlineAfter(30, java.util.concurrent.TimeUnit.SECONDS)
          .getMetrics(io.milvus.grpc.GetMetricsRequest.newBuilder().setRequest("{\"metric_type\": \"quiver_usage\"}").build());
      if (r.getStatus().getCode() != 0) {
        throw new IllegalStateException("GetMetrics: " + r.getStatus().getReason());
      }
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.getResponse());
    } catch (java.io.IOException e) {
      throw new IllegalStateException("GetMetrics answered malformed JSON: " + e.getMessage());
    } finally {
      channel.shutdownNow();
    }
  }

  /** Encoded bytes of one row's dense and binary vectors. */
  static long bytesPerRow(CreateCollectionReq.CollectionSchema schema) {
    long bytes = 0;
    if (schema == null) {
      return 0;
    }
    for (CreateCollectionReq.FieldSchema f : schema.getFieldSchemaList()) {
      int dim = f.getDimension() == null ? 0 : f.getDimension();
      bytes += switch (f.getDataType()) {
        case FloatVector -> 4L * dim;
        case Float16Vector, BFloat16Vector -> 2L * dim;
        case Int8Vector -> dim;
        case BinaryVector -> dim / 8;
        default -> 0;
      };
    }
    return bytes;
  }
}
