package io.quiver.server.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.client.RetryConfig;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import io.milvus.v2.service.index.request.DescribeIndexReq;
import io.milvus.v2.service.index.response.DescribeIndexResp;
import io.milvus.v2.service.utility.request.FlushReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.BaseVector;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.SearchResp;
import io.quiver.server.config.ServerConfig;
import io.quiver.server.standalone.Standalone;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Loads generated clustered vectors through the Milvus Java SDK, builds an HNSW index, searches,
 * and prints recall@10 against exact results and the search latency. Without {@code --uri} it runs
 * against a temporary in-process standalone server.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Load generated vectors through the Java SDK, index, search, and print recall and latency.")
final class DemoCommand implements Callable<Integer> {

  @Option(names = "--uri", description = "A running server (default: start a temporary one in this process).")
  String uri;

  @Option(names = "--rows", defaultValue = "20000", description = "Rows to insert (default ${DEFAULT-VALUE}).")
  int rows;

  @Option(names = "--dim", defaultValue = "128", description = "Vector dimension (default ${DEFAULT-VALUE}).")
  int dim;

  @Option(names = "--queries", defaultValue = "200", description = "Queries to run (default ${DEFAULT-VALUE}).")
  int queries;

  static final String COLLECTION = "quiver_demo";

  @Override
  public Integer call() throws Exception {
    if (rows < 100 || dim < 2 || queries < 1) {
      System.err.println("quiver demo: --rows must be >= 100, --dim >= 2, --queries >= 1");
      return Main.USAGE;
    }
    Path tempDir = null;
    Standalone embedded = null;
    try {
      if (uri == null) {
        tempDir = Files.createTempDirectory("quiver-demo");
        embedded = Standalone.start(ServerConfig.load(null, Map.of(ServerConfig.DATA_DIR.name(), tempDir.toString(),
            ServerConfig.PORT.name(), "0")), Main.version());
        uri = "http://127.0.0.1:" + embedded.port();
        System.out.println("Started a temporary Quiver server on " + uri);
      }
      run();
      return 0;
    } finally {
      if (embedded != null) {
        embedded.close();
      }
      if (tempDir != null) {
        try (var walk = Files.walk(tempDir)) {
          walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  private void run() throws InterruptedException {
    MilvusClientV2 client = new MilvusClientV2(ConnectConfig.builder().uri(uri).build());
    client.retryConfig(RetryConfig.builder().maxRetryTimes(2).build());
    try {
      client.dropCollection(DropCollectionReq.builder().collectionName(COLLECTION).build());
      CreateCollectionReq.CollectionSchema schema = CreateCollectionReq.CollectionSchema.builder().build();
      schema.addField(AddFieldReq.builder().fieldName("id").dataType(DataType.Int64).isPrimaryKey(true).build());
      schema.addField(AddFieldReq.builder().fieldName("vector").dataType(DataType.FloatVector).dimension(dim).build());
      schema.addField(AddFieldReq.builder().fieldName("cluster").dataType(DataType.Int32).build());
      client.createCollection(CreateCollectionReq.builder().collectionName(COLLECTION).collectionSchema(schema)
          .indexParams(List.of(IndexParam.builder().fieldName("vector").indexType(IndexParam.IndexType.HNSW)
              .metricType(IndexParam.MetricType.L2).extraParams(Map.of("M", 16, "efConstruction", 100)).build()))
          .build());

      Random random = new Random(42);
      int clusters = 50;
      float[][] centers = new float[clusters][dim];
      for (float[] c : centers) {
        for (int d = 0; d < dim; d++) {
          c[d] = (float) random.nextGaussian() * 4;
        }
      }
      float[] data = new float[rows * dim];
      long t0 = System.nanoTime();
      int batch = 2000;
      for (int start = 0; start < rows; start += batch) {
        List<JsonObject> chunk = new ArrayList<>();
        for (int i = start; i < Math.min(rows, start + batch); i++) {
          int cluster = random.nextInt(clusters);
          JsonObject row = new JsonObject();
          row.addProperty("id", (long) i);
          row.addProperty("cluster", cluster);
          JsonArray v = new JsonArray();
          for (int d = 0; d < dim; d++) {
            float x = centers[cluster][d] + (float) random.nextGaussian();
            data[i * dim + d] = x;
            v.add(x);
          }
          row.add("vector", v);
          chunk.add(row);
        }
        client.insert(InsertReq.builder().collectionName(COLLECTION).data(chunk).build());
      }
      double insertSeconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf("Inserted %,d rows of %d-d vectors in %.1f s (%,.0f rows/s)%n", rows, dim, insertSeconds,
          rows / insertSeconds);

      long t1 = System.nanoTime();
      client.flush(FlushReq.builder().collectionNames(List.of(COLLECTION)).build());
      while (true) {
        DescribeIndexResp.IndexDesc desc = client.describeIndex(DescribeIndexReq.builder().collectionName(COLLECTION)
            .fieldName("vector").build()).getIndexDescriptions().get(0);
        if (desc.getPendingIndexRows() == 0) {
          break;
        }
        Thread.sleep(200);
      }
      System.out.printf("Flushed and built the HNSW index in %.1f s%n", (System.nanoTime() - t1) / 1e9);

      int k = 10;
      double recallSum = 0;
      long[] latencies = new long[queries];
      for (int q = 0; q < queries; q++) {
        float[] query = new float[dim];
        int base = random.nextInt(rows);
        for (int d = 0; d < dim; d++) {
          query[d] = data[base * dim + d] + (float) random.nextGaussian() * 0.5f;
        }
        long s = System.nanoTime();
        SearchResp resp = client.search(SearchReq.builder().collectionName(COLLECTION)
            .data(List.<BaseVector>of(new FloatVec(query))).limit(k).build());
        latencies[q] = System.nanoTime() - s;
        Set<Long> found = new HashSet<>();
        resp.getSearchResults().get(0).forEach(r -> found.add((Long) r.getId()));
        recallSum += overlap(found, exact(data, query, k)) / (double) k;
      }
      Arrays.sort(latencies);
      System.out.printf("%d searches (top %d): recall@%d %.3f, latency p50 %.2f ms, p99 %.2f ms%n", queries, k, k,
          recallSum / queries, latencies[queries / 2] / 1e6, latencies[Math.min(queries - 1, queries * 99 / 100)] / 1e6);
      client.dropCollection(DropCollectionReq.builder().collectionName(COLLECTION).build());
    } finally {
      client.close();
    }
  }

  private Set<Long> exact(float[] data, float[] query, int k) {
    int n = data.length / dim;
    Integer[] ids = new Integer[n];
    double[] dist = new double[n];
    for (int i = 0; i < n; i++) {
      ids[i] = i;
      double s = 0;
      for (int d = 0; d < dim; d++) {
        double diff = data[i * dim + d] - query[d];
        s += diff * diff;
      }
      dist[i] = s;
    }
    Arrays.sort(ids, (a, b) -> Double.compare(dist[a], dist[b]));
    Set<Long> out = new HashSet<>();
    for (int i = 0; i < k; i++) {
      out.add((long) ids[i]);
    }
    return out;
  }

  private static int overlap(Set<Long> a, Set<Long> b) {
    int n = 0;
    for (Long x : a) {
      if (b.contains(x)) {
        n++;
      }
    }
    return n;
  }
}
