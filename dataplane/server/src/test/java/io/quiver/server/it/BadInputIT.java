package io.quiver.server.it;

import static io.quiver.server.it.SdkSupport.assertServerError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.gson.JsonObject;
import io.grpc.ManagedChannel;
import io.milvus.grpc.CreateResourceGroupRequest;
import io.milvus.grpc.FieldData;
import io.milvus.grpc.FloatArray;
import io.milvus.grpc.InsertRequest;
import io.milvus.grpc.ListResourceGroupsRequest;
import io.milvus.grpc.ListResourceGroupsResponse;
import io.milvus.grpc.LongArray;
import io.milvus.grpc.MilvusServiceGrpc;
import io.milvus.grpc.MutationResult;
import io.milvus.grpc.ScalarField;
import io.milvus.grpc.StringArray;
import io.milvus.grpc.VectorField;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.exception.MilvusClientException;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.milvus.v2.service.resourcegroup.request.CreateResourceGroupReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.quiver.testkit.dataplane.QuiverStandaloneExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bad input is refused with a Milvus error status that names the field, collection or database
 * (never a crash, a hang or a silent acceptance), and the server stays healthy: after every
 * test a follow-up read returns the untouched data.
 *
 * <p>Where the Java SDK itself refuses the input before sending it (dimension, type, length,
 * missing field), the same input is also sent through the raw gRPC stub to prove the server
 * refuses it too.
 */
class BadInputIT {

  @RegisterExtension
  static final QuiverStandaloneExtension QUIVER = QuiverStandaloneExtension.create().with("server.max-request-bytes", "1m");

  static final String NAME = "strict_target";
  static final int ROWS = 100;

  static MilvusClientV2 client;
  static ManagedChannel channel;
  static MilvusServiceGrpc.MilvusServiceBlockingStub stub;

  @BeforeAll
  static void createAndInsert() {
    client = SdkSupport.client(QUIVER);
    channel = SdkSupport.channel(QUIVER);
    stub = SdkSupport.stub(channel);
    CreateCollectionReq.CollectionSchema schema = CreateCollectionReq.CollectionSchema.builder().build();
    schema.addField(AddFieldReq.builder().fieldName("id").dataType(DataType.Int64).isPrimaryKey(true).build());
    schema.addField(AddFieldReq.builder().fieldName("vec").dataType(DataType.FloatVector).dimension(4).build());
    schema.addField(AddFieldReq.builder().fieldName("title").dataType(DataType.VarChar).maxLength(8).build());
    schema.addField(AddFieldReq.builder().fieldName("n").dataType(DataType.Int64).build());
    client.createCollection(CreateCollectionReq.builder().collectionName(NAME).collectionSchema(schema)
        .indexParams(List.of(IndexParam.builder().fieldName("vec").indexType(IndexParam.IndexType.FLAT)
            .metricType(IndexParam.MetricType.L2).build()))
        .build());
    List<JsonObject> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      rows.add(row(i, new float[] {i, 0, 0, 0}, "t" + i, i));
    }
    client.insert(InsertReq.builder().collectionName(NAME).data(rows).build());
  }

  @AfterAll
  static void closeClient() throws InterruptedException {
    client.close();
    SdkSupport.close(channel);
  }

  /** The server is still healthy and nothing bad was written: a follow-up call sees exactly the original rows. */
  @AfterEach
  void serverIsStillHealthyAndUnchanged() {
    assertThat(client.checkHealth().getIsHealthy()).isTrue();
    long count = (Long) client.query(QueryReq.builder().collectionName(NAME).outputFields(List.of("count(*)"))
        .consistencyLevel(ConsistencyLevel.STRONG).build()).getQueryResults().get(0).getEntity().get("count(*)");
    assertThat(count).isEqualTo(ROWS);
    assertThat(client.search(SearchReq.builder().collectionName(NAME).data(SdkSupport.queries(new float[] {7, 0, 0, 0}))
        .limit(1).consistencyLevel(ConsistencyLevel.STRONG).build()).getSearchResults().get(0).get(0).getId()).isEqualTo(7L);
  }

  static JsonObject row(long id, float[] vec, String title, long n) {
    JsonObject r = new JsonObject();
    r.addProperty("id", id);
    r.add("vec", SdkSupport.json(vec));
    r.addProperty("title", title);
    r.addProperty("n", n);
    return r;
  }

  static void insert(JsonObject row) {
    client.insert(InsertReq.builder().collectionName(NAME).data(List.of(row)).build());
  }

  // ------------------------------------------------------------------ raw inserts

  static FieldData longs(String name, long... values) {
    LongArray.Builder a = LongArray.newBuilder();
    for (long v : values) {
      a.addData(v);
    }
    return FieldData.newBuilder().setFieldName(name).setType(io.milvus.grpc.DataType.Int64)
        .setScalars(ScalarField.newBuilder().setLongData(a)).build();
  }

  static FieldData strings(String name, String... values) {
    return FieldData.newBuilder().setFieldName(name).setType(io.milvus.grpc.DataType.VarChar)
        .setScalars(ScalarField.newBuilder().setStringData(StringArray.newBuilder().addAllData(List.of(values)))).build();
  }

  static FieldData vectors(String name, int dim, float... values) {
    FloatArray.Builder a = FloatArray.newBuilder();
    for (float v : values) {
      a.addData(v);
    }
    return FieldData.newBuilder().setFieldName(name).setType(io.milvus.grpc.DataType.FloatVector)
        .setVectors(VectorField.newBuilder().setDim(dim).setFloatVector(a)).build();
  }

  /** A one-row insert sent as is (no SDK checks); the server must answer with an error status naming {@code names}. */
  static void assertRawInsertRefused(List<FieldData> columns, String... names) {
    MutationResult r = stub.insert(InsertRequest.newBuilder().setCollectionName(NAME).addAllFieldsData(columns).setNumRows(1)
        .build());
    assertThat(r.getStatus().getCode()).as("status code").isNotZero();
    assertThat(r.getStatus().getErrorCodeValue()).as("legacy error code").isNotZero();
    for (String n : names) {
      assertThat(r.getStatus().getReason()).contains(n);
    }
    assertThat(r.getInsertCnt()).isZero();
  }

  static List<FieldData> goodColumns() {
    return List.of(longs("id", 500), vectors("vec", 4, 1, 2, 3, 4), strings("title", "ok"), longs("n", 1));
  }

  static List<FieldData> replace(String field, FieldData column) {
    List<FieldData> out = new ArrayList<>();
    for (FieldData f : goodColumns()) {
      if (!f.getFieldName().equals(field)) {
        out.add(f);
      }
    }
    if (column != null) {
      out.add(column);
    }
    return out;
  }

  @Test
  void rawInsertOfGoodColumnsIsAcceptedSoTheRefusalsBelowAreAboutTheirOneDefect() {
    MutationResult r = stub.insert(InsertRequest.newBuilder().setCollectionName(NAME).addAllFieldsData(goodColumns())
        .setNumRows(1).build());
    assertThat(r.getStatus().getCode()).as(r.getStatus().getReason()).isZero();
    assertThat(r.getInsertCnt()).isEqualTo(1);
    client.delete(io.milvus.v2.service.vector.request.DeleteReq.builder().collectionName(NAME).ids(List.of(500L)).build());
  }

  // ------------------------------------------------------------------ vectors

  @Test
  void rejectsVectorWithWrongDimension() {
    // The SDK checks the dimension itself...
    Throwable sdk = catchThrowable(() -> insert(row(200, new float[] {1, 2, 3}, "x", 1)));
    assertThat(sdk).isInstanceOf(MilvusClientException.class).hasMessageContaining("vec");
    // ...and so does the server.
    assertRawInsertRefused(replace("vec", vectors("vec", 3, 1, 2, 3)), "vec");
    assertRawInsertRefused(replace("vec", vectors("vec", 4, 1, 2, 3, 4, 5)), "vec");
    // A query vector of the wrong dimension.
    assertServerError(() -> client.search(SearchReq.builder().collectionName(NAME).data(SdkSupport.queries(new float[] {1, 2, 3}))
        .limit(1).build()), "vec");
  }

  @Test
  void rejectsNanAndInfinityInVectors() {
    for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
      assertServerError(() -> insert(row(201, new float[] {1, bad, 3, 4}, "x", 1)), "vec");
      assertRawInsertRefused(replace("vec", vectors("vec", 4, 1, 2, bad, 4)), "vec");
      assertServerError(() -> client.search(SearchReq.builder().collectionName(NAME)
          .data(SdkSupport.queries(new float[] {0, bad, 0, 0})).limit(1).build()), "vec");
    }
  }

  // ------------------------------------------------------------------ scalars and fields

  @Test
  void rejectsVarcharOverMaxLength() {
    Throwable sdk = catchThrowable(() -> insert(row(202, new float[] {1, 2, 3, 4}, "123456789", 1)));
    assertThat(sdk).isInstanceOf(MilvusClientException.class).hasMessageContaining("title");
    assertRawInsertRefused(replace("title", strings("title", "123456789")), "title", "8");
  }

  @Test
  void rejectsUnknownField() {
    // Without the dynamic field, a column that is not in the schema is refused. (The Java SDK 2.6.6
    // never sends one: it builds columns from the schema and silently drops other row keys.)
    List<FieldData> columns = new ArrayList<>(goodColumns());
    columns.add(longs("bogus", 5));
    assertRawInsertRefused(columns, "bogus");
    // Unknown fields in output fields, filters and anns_field.
    assertServerError(() -> client.query(QueryReq.builder().collectionName(NAME).filter("id > 1").outputFields(List.of("bogus"))
        .build()), "bogus");
    assertServerError(() -> client.query(QueryReq.builder().collectionName(NAME).filter("bogus > 1").build()), "bogus");
    assertServerError(() -> client.search(SearchReq.builder().collectionName(NAME).annsField("bogus_vec")
        .data(SdkSupport.queries(new float[] {1, 2, 3, 4})).limit(1).build()), "bogus_vec");
  }

  @Test
  void rejectsValueOfTheWrongType() {
    JsonObject r = row(204, new float[] {1, 2, 3, 4}, "x", 1);
    r.addProperty("n", "not a number");
    Throwable sdk = catchThrowable(() -> insert(r));
    assertThat(sdk).isInstanceOf(MilvusClientException.class).hasMessageContaining("n");
    assertRawInsertRefused(replace("n", strings("n", "not a number")), "n");
    assertRawInsertRefused(replace("title", longs("title", 7)), "title");
    // A filter comparing a field with a value of another type.
    assertServerError(() -> client.query(QueryReq.builder().collectionName(NAME).filter("title > 5").build()), "title");
  }

  @Test
  void rejectsMissingPrimaryKey() {
    JsonObject r = row(205, new float[] {1, 2, 3, 4}, "x", 1);
    r.remove("id");
    Throwable sdk = catchThrowable(() -> insert(r));
    assertThat(sdk).isInstanceOf(MilvusClientException.class).hasMessageContaining("id");
    assertRawInsertRefused(replace("id", null), "id");
    // And any other missing required field.
    assertRawInsertRefused(replace("n", null), "n");
  }

  // ------------------------------------------------------------------ names

  @Test
  void rejectsDuplicateCollection() {
    CreateCollectionReq.CollectionSchema other = CreateCollectionReq.CollectionSchema.builder().build();
    other.addField(AddFieldReq.builder().fieldName("pk").dataType(DataType.VarChar).maxLength(10).isPrimaryKey(true).build());
    other.addField(AddFieldReq.builder().fieldName("v").dataType(DataType.FloatVector).dimension(2).build());
    assertServerError(() -> client.createCollection(CreateCollectionReq.builder().collectionName(NAME).collectionSchema(other)
        .build()), NAME);
    assertServerError(() -> client.createCollection(CreateCollectionReq.builder().collectionName(NAME).dimension(8).build()), NAME);
    assertThat(client.describeCollection(DescribeCollectionReq.builder().collectionName(NAME).build()).getFieldNames())
        .containsExactly("id", "vec", "title", "n");
  }

  @Test
  void rejectsUnknownCollection() {
    assertServerError(() -> client.query(QueryReq.builder().collectionName("no_such_collection").filter("id > 0").build()),
        "no_such_collection");
    assertServerError(() -> client.search(SearchReq.builder().collectionName("no_such_collection")
        .data(SdkSupport.queries(new float[] {1, 2, 3, 4})).limit(1).build()), "no_such_collection");
    assertServerError(() -> client.insert(InsertReq.builder().collectionName("no_such_collection")
        .data(List.of(row(1, new float[] {1, 2, 3, 4}, "x", 1))).build()), "no_such_collection");
    assertServerError(() -> client.describeCollection(DescribeCollectionReq.builder().collectionName("no_such_collection").build()),
        "no_such_collection");
    assertThat(client.hasCollection(HasCollectionReq.builder().collectionName("no_such_collection").build())).isFalse();
  }

  @Test
  void rejectsUnknownDatabase() {
    assertServerError(() -> client.query(QueryReq.builder().databaseName("no_such_db").collectionName(NAME).filter("id > 0")
        .build()), "no_such_db");
    assertServerError(() -> client.hasCollection(HasCollectionReq.builder().databaseName("no_such_db").collectionName(NAME)
        .build()), "no_such_db");
    assertServerError(() -> client.insert(InsertReq.builder().databaseName("no_such_db").collectionName(NAME)
        .data(List.of(row(1, new float[] {1, 2, 3, 4}, "x", 1))).build()), "no_such_db");
    // A client bound to an unknown database is refused when it connects (the SDK checks ListDatabases).
    assertThat(catchThrowable(() -> SdkSupport.client(ConnectConfig.builder().uri(QUIVER.uri()).dbName("no_such_db").build())))
        .hasMessageContaining("no_such_db");
  }

  // ------------------------------------------------------------------ filters and limits

  @Test
  void filterSyntaxErrorGivesThePosition() {
    MilvusClientException e = assertServerError(() -> client.query(QueryReq.builder().collectionName(NAME)
        .filter("n > 5 and (title == \"x\"").build()), "position");
    assertThat(e.getMessage()).containsPattern("\\d");
    assertServerError(() -> client.query(QueryReq.builder().collectionName(NAME).filter("n >> 5").build()), "position");
    assertServerError(() -> client.search(SearchReq.builder().collectionName(NAME).data(SdkSupport.queries(new float[] {1, 2, 3, 4}))
        .filter("id in [1, 2").limit(1).build()), "position");
    assertServerError(() -> client.query(QueryReq.builder().collectionName(NAME).filter("n > {missing}").build()), "missing");
  }

  @Test
  void rejectsLimitOver16384() {
    assertServerError(() -> client.search(SearchReq.builder().collectionName(NAME).data(SdkSupport.queries(new float[] {1, 2, 3, 4}))
        .limit(16_385).build()), "16384");
    assertServerError(() -> client.search(SearchReq.builder().collectionName(NAME).data(SdkSupport.queries(new float[] {1, 2, 3, 4}))
        .limit(16_000).offset(1_000).build()), "16384");
    assertServerError(() -> client.query(QueryReq.builder().collectionName(NAME).filter("id >= 0").limit(16_385).build()), "16384");
    // The largest allowed limit works.
    assertThat(client.search(SearchReq.builder().collectionName(NAME).data(SdkSupport.queries(new float[] {1, 2, 3, 4}))
        .limit(16_384).consistencyLevel(ConsistencyLevel.STRONG).build()).getSearchResults().get(0)).hasSize(ROWS);
  }

  @Test
  void rejectsRequestOverTheSizeLimit() {
    // server.max-request-bytes is 1m for this class; about 2 MB of rows.
    Random random = new Random(2);
    List<JsonObject> rows = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      rows.add(row(10_000 + i, SdkSupport.randomVector(random, 4), "big", i));
    }
    assertServerError(() -> client.insert(InsertReq.builder().collectionName(NAME).data(rows).build()), "server.max-request-bytes");
    // A request under the limit still goes through (and is removed again).
    List<JsonObject> small = rows.subList(0, 1_000);
    assertThat(client.insert(InsertReq.builder().collectionName(NAME).data(small).build()).getInsertCnt()).isEqualTo(1_000);
    assertThat(client.delete(io.milvus.v2.service.vector.request.DeleteReq.builder().collectionName(NAME).filter("id >= 10000")
        .build()).getDeleteCnt()).isEqualTo(1_000);
  }

  // ------------------------------------------------------------------ unsupported RPCs

  @Test
  void unsupportedRpcsAnswerWithAMilvusErrorStatus() {
    io.milvus.common.resourcegroup.ResourceGroupConfig config = io.milvus.common.resourcegroup.ResourceGroupConfig.newBuilder()
        .withRequests(new io.milvus.common.resourcegroup.ResourceGroupLimit(1))
        .withLimits(new io.milvus.common.resourcegroup.ResourceGroupLimit(1))
        .withFrom(List.of()).withTo(List.of()).build();
    assertServerError(() -> client.createResourceGroup(CreateResourceGroupReq.builder().groupName("rg1").config(config).build()),
        "not supported");
    // The same through the raw stub: a status, not a gRPC error.
    io.milvus.grpc.Status created = stub.createResourceGroup(CreateResourceGroupRequest.newBuilder().setResourceGroup("rg1").build());
    assertThat(created.getCode()).isEqualTo(10);
    assertThat(created.getErrorCodeValue()).isNotZero();
    assertThat(created.getReason()).contains("not supported").contains("CreateResourceGroup");
    io.milvus.grpc.Status transferred = stub.transferNode(io.milvus.grpc.TransferNodeRequest.newBuilder()
        .setSourceResourceGroup("__default_resource_group").setTargetResourceGroup("rg1").setNumNode(1).build());
    assertThat(transferred.getCode()).isEqualTo(10);
    assertThat(transferred.getReason()).contains("not supported").contains("TransferNode");
    // The default resource group is listed (a standalone server has only that one).
    ListResourceGroupsResponse list = stub.listResourceGroups(ListResourceGroupsRequest.newBuilder().build());
    assertThat(list.getStatus().getCode()).isZero();
    assertThat(list.getResourceGroupsList()).containsExactly("__default_resource_group");
  }

}
