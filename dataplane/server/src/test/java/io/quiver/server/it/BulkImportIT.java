package io.quiver.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.milvus.grpc.GetImportStateRequest;
import io.milvus.grpc.GetImportStateResponse;
import io.milvus.grpc.ImportRequest;
import io.milvus.grpc.ImportResponse;
import io.milvus.grpc.ImportState;
import io.milvus.grpc.KeyValuePair;
import io.milvus.grpc.ListImportTasksRequest;
import io.milvus.grpc.MilvusServiceGrpc;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.response.QueryResp;
import io.quiver.storage.imports.ParquetCodecs;
import io.quiver.testkit.dataplane.QuiverStandaloneExtension;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bulk import through the Import RPC: Parquet and JSON files, progress, and all-or-nothing rejection. */
class BulkImportIT {

  @RegisterExtension
  static final QuiverStandaloneExtension QUIVER = QuiverStandaloneExtension.create();

  static final int DIM = 16;
  static ManagedChannel channel;
  static MilvusServiceGrpc.MilvusServiceBlockingStub stub;
  static MilvusClientV2 client;

  @BeforeAll
  static void connect() {
    channel = NettyChannelBuilder.forAddress("127.0.0.1", QUIVER.port()).usePlaintext().build();
    stub = MilvusServiceGrpc.newBlockingStub(channel);
    client = new MilvusClientV2(ConnectConfig.builder().uri(QUIVER.uri()).build());
  }

  @AfterAll
  static void close() throws Exception {
    client.close();
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  static void createCollection(String name) {
    CreateCollectionReq.CollectionSchema schema = CreateCollectionReq.CollectionSchema.builder().build();
    schema.addField(AddFieldReq.builder().fieldName("id").dataType(DataType.Int64).isPrimaryKey(true).build());
    schema.addField(AddFieldReq.builder().fieldName("vec").dataType(DataType.FloatVector).dimension(DIM).build());
    schema.addField(AddFieldReq.builder().fieldName("tag").dataType(DataType.VarChar).maxLength(32).build());
    client.createCollection(CreateCollectionReq.builder().collectionName(name).collectionSchema(schema)
        .indexParams(List.of(IndexParam.builder().fieldName("vec").indexType(IndexParam.IndexType.HNSW)
            .metricType(IndexParam.MetricType.L2).build()))
        .build());
  }

  static float value(long id, int d) {
    return (float) Math.sin(id * 0.37 + d);
  }

  static Path importDir() throws Exception {
    Path dir = QUIVER.dataDirectory().resolve("imports");
    Files.createDirectories(dir);
    return dir;
  }

  static void writeParquet(Path file, long first, int rows) throws Exception {
    MessageType schema = Types.buildMessage()
        .primitive(PrimitiveTypeName.INT64, Type.Repetition.REQUIRED).named("id")
        .addField(Types.list(Type.Repetition.REQUIRED).optionalElement(PrimitiveTypeName.FLOAT).named("vec"))
        .primitive(PrimitiveTypeName.BINARY, Type.Repetition.REQUIRED).as(LogicalTypeAnnotation.stringType()).named("tag")
        .named("rows");
    SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file))
        .withConf(new PlainParquetConfiguration()).withType(schema).withCodecFactory(ParquetCodecs.INSTANCE)
        .withCompressionCodec(CompressionCodecName.ZSTD).build()) {
      for (long id = first; id < first + rows; id++) {
        Group g = groups.newGroup();
        g.add("id", id);
        Group list = g.addGroup("vec");
        for (int d = 0; d < DIM; d++) {
          list.addGroup(0).add("element", value(id, d));
        }
        g.add("tag", "t" + (id % 7));
        w.write(g);
      }
    }
  }

  /** Row-based JSON; {@code badRow} (or -1) gets a vector one float short. */
  static void writeJson(Path file, long first, int rows, int badRow) throws Exception {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("{\"rows\":[\n");
      for (int i = 0; i < rows; i++) {
        long id = first + i;
        StringBuilder v = new StringBuilder();
        int dims = i == badRow ? DIM - 1 : DIM;
        for (int d = 0; d < dims; d++) {
          v.append(d == 0 ? "" : ",").append(value(id, d));
        }
        out.write("{\"id\":" + id + ",\"vec\":[" + v + "],\"tag\":\"t" + (id % 7) + "\"}" + (i + 1 < rows ? ",\n" : "\n"));
      }
      out.write("]}\n");
    }
  }

  static GetImportStateResponse awaitDone(long task, List<Long> progressSeen) {
    GetImportStateResponse[] last = new GetImportStateResponse[1];
    Awaitility.await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200)).until(() -> {
      last[0] = stub.getImportState(GetImportStateRequest.newBuilder().setTask(task).build());
      assertThat(last[0].getStatus().getCode()).isZero();
      for (KeyValuePair kv : last[0].getInfosList()) {
        if (kv.getKey().equals("progress_percent")) {
          progressSeen.add(Long.parseLong(kv.getValue()));
        }
      }
      return last[0].getState() == ImportState.ImportCompleted || last[0].getState() == ImportState.ImportFailed;
    });
    return last[0];
  }

  static long count(String collection, String filter) {
    return (Long) client.query(QueryReq.builder().collectionName(collection).filter(filter).outputFields(List.of("count(*)"))
        .build()).getQueryResults().get(0).getEntity().get("count(*)");
  }

  static String info(GetImportStateResponse state, String key) {
    return state.getInfosList().stream().filter(kv -> kv.getKey().equals(key)).map(KeyValuePair::getValue).findFirst()
        .orElse("");
  }

  @Test
  void importsAHundredThousandRowParquetFileAndAJsonFileWithProgress() throws Exception {
    createCollection("imported");
    writeParquet(importDir().resolve("big.parquet"), 0, 100_000);
    writeJson(importDir().resolve("more.json"), 100_000, 5_000, -1);

    ImportResponse started = stub.import_(ImportRequest.newBuilder().setCollectionName("imported")
        .addFiles("big.parquet").addFiles("more.json").build());
    assertThat(started.getStatus().getCode()).isZero();
    List<Long> progress = new ArrayList<>();
    GetImportStateResponse done = awaitDone(started.getTasks(0), progress);
    assertThat(done.getState()).as(info(done, "failed_reason")).isEqualTo(ImportState.ImportCompleted);
    assertThat(done.getRowCount()).isEqualTo(105_000);
    assertThat(progress).isSorted().last().isEqualTo(100L);
    assertThat(info(done, "progress_percent")).isEqualTo("100");

    assertThat(count("imported", "")).isEqualTo(105_000);
    assertThat(count("imported", "tag == \"t3\"")).isEqualTo(java.util.stream.LongStream.range(0, 105_000)
        .filter(id -> id % 7 == 3).count());
    QueryResp row = client.query(QueryReq.builder().collectionName("imported").filter("id in [12345, 101234]")
        .outputFields(List.of("id", "vec", "tag")).build());
    assertThat(row.getQueryResults()).hasSize(2);
    for (QueryResp.QueryResult r : row.getQueryResults()) {
      long id = (Long) r.getEntity().get("id");
      @SuppressWarnings("unchecked")
      List<Float> vec = (List<Float>) r.getEntity().get("vec");
      for (int d = 0; d < DIM; d++) {
        assertThat(vec.get(d)).isEqualTo(value(id, d));
      }
      assertThat(r.getEntity().get("tag")).isEqualTo("t" + (id % 7));
    }
    assertThat(stub.listImportTasks(ListImportTasksRequest.newBuilder().setCollectionName("imported").build()).getTasksList())
        .extracting(GetImportStateResponse::getId).containsExactly(started.getTasks(0));
  }

  @Test
  void aFileWithOneBadRowIsRejectedWithItsRowNumberAndNothingBecomesVisible() throws Exception {
    createCollection("rejected");
    writeJson(importDir().resolve("good.json"), 0, 1_000, -1);
    writeJson(importDir().resolve("bad.json"), 1_000, 1_000, 57);
    ImportResponse started = stub.import_(ImportRequest.newBuilder().setCollectionName("rejected")
        .addFiles("good.json").addFiles("bad.json").build());
    GetImportStateResponse done = awaitDone(started.getTasks(0), new ArrayList<>());
    assertThat(done.getState()).isEqualTo(ImportState.ImportFailed);
    assertThat(info(done, "failed_reason")).contains("bad.json", "row 57", "vec");
    assertThat(count("rejected", "")).isZero();
  }

  @Test
  void unknownFilesAndCollectionsAreClearErrors() {
    createCollection("missing_file");
    ImportResponse started = stub.import_(ImportRequest.newBuilder().setCollectionName("missing_file")
        .addFiles("no-such.parquet").build());
    GetImportStateResponse done = awaitDone(started.getTasks(0), new ArrayList<>());
    assertThat(done.getState()).isEqualTo(ImportState.ImportFailed);
    assertThat(info(done, "failed_reason")).contains("no-such.parquet");
    ImportResponse noCollection = stub.import_(ImportRequest.newBuilder().setCollectionName("nope").addFiles("x.json").build());
    assertThat(noCollection.getStatus().getCode()).isEqualTo(100);
  }
}
