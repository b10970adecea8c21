package io.quiver.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.collection.response.DescribeCollectionResp;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.response.QueryResp;
import io.milvus.v2.service.vector.response.SearchResp;
import io.quiver.testkit.dataplane.QuiverStandaloneExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A schema with every scalar type (Bool, Int8, Int16, Int32, Int64, Float, Double, VarChar, JSON,
 * Array of Int64 and of VarChar), nullable fields and default values: what goes in comes back
 * exactly, nulls as null and missing values as their defaults, and describe echoes the schema.
 */
class ScalarTypesIT {

  @RegisterExtension
  static final QuiverStandaloneExtension QUIVER = QuiverStandaloneExtension.create();

  static final String NAME = "all_types";
  static MilvusClientV2 client;

  /** The rows as inserted (keys absent = not sent). */
  static final List<JsonObject> rows = new ArrayList<>();

  @BeforeAll
  static void createAndInsert() {
    client = SdkSupport.client(QUIVER);
    CreateCollectionReq.CollectionSchema schema = CreateCollectionReq.CollectionSchema.builder().build();
    schema.addField(AddFieldReq.builder().fieldName("id").dataType(DataType.Int64).isPrimaryKey(true).build());
    schema.addField(AddFieldReq.builder().fieldName("vec").dataType(DataType.FloatVector).dimension(4).build());
    schema.addField(AddFieldReq.builder().fieldName("b").dataType(DataType.Bool).build());
    schema.addField(AddFieldReq.builder().fieldName("i8").dataType(DataType.Int8).build());
    schema.addField(AddFieldReq.builder().fieldName("i16").dataType(DataType.Int16).build());
    schema.addField(AddFieldReq.builder().fieldName("i32").dataType(DataType.Int32).build());
    schema.addField(AddFieldReq.builder().fieldName("i64").dataType(DataType.Int64).build());
    schema.addField(AddFieldReq.builder().fieldName("f").dataType(DataType.Float).build());
    schema.addField(AddFieldReq.builder().fieldName("d").dataType(DataType.Double).build());
    schema.addField(AddFieldReq.builder().fieldName("s").dataType(DataType.VarChar).maxLength(16).build());
    schema.addField(AddFieldReq.builder().fieldName("j").dataType(DataType.JSON).build());
    schema.addField(AddFieldReq.builder().fieldName("ai").dataType(DataType.Array).elementType(DataType.Int64)
        .maxCapacity(5).build());
    // SDK 2.6.6: AddFieldReq drops maxLength for arrays (sends 65535), so this field is declared directly.
    schema.getFieldSchemaList().add(CreateCollectionReq.FieldSchema.builder().name("as").dataType(DataType.Array)
        .elementType(DataType.VarChar).maxCapacity(3).maxLength(8).build());
    // nullable, no default
    schema.addField(AddFieldReq.builder().fieldName("n_i32").dataType(DataType.Int32).isNullable(true).build());
    schema.addField(AddFieldReq.builder().fieldName("n_d").dataType(DataType.Double).isNullable(true).build());
    schema.addField(AddFieldReq.builder().fieldName("n_s").dataType(DataType.VarChar).maxLength(16).isNullable(true).build());
    schema.addField(AddFieldReq.builder().fieldName("n_j").dataType(DataType.JSON).isNullable(true).build());
    schema.addField(AddFieldReq.builder().fieldName("n_ai").dataType(DataType.Array).elementType(DataType.Int64)
        .maxCapacity(4).isNullable(true).build());
    // default values (one nullable with a default: null becomes the default, as in Milvus)
    schema.addField(AddFieldReq.builder().fieldName("def_b").dataType(DataType.Bool).defaultValue(true).build());
    schema.addField(AddFieldReq.builder().fieldName("def_i8").dataType(DataType.Int8).defaultValue((short) -3).build());
    schema.addField(AddFieldReq.builder().fieldName("def_i16").dataType(DataType.Int16).defaultValue((short) 7).build());
    schema.addField(AddFieldReq.builder().fieldName("def_i32").dataType(DataType.Int32).defaultValue(70_000).build());
    schema.addField(AddFieldReq.builder().fieldName("def_i64").dataType(DataType.Int64).defaultValue(-5_000_000_000L).build());
    schema.addField(AddFieldReq.builder().fieldName("def_f").dataType(DataType.Float).defaultValue(1.5f).build());
    schema.addField(AddFieldReq.builder().fieldName("def_d").dataType(DataType.Double).defaultValue(2.25d).build());
    schema.addField(AddFieldReq.builder().fieldName("def_s").dataType(DataType.VarChar).maxLength(16).defaultValue("none").build());
    schema.addField(AddFieldReq.builder().fieldName("nd_s").dataType(DataType.VarChar).maxLength(16).isNullable(true)
        .defaultValue("fallback").build());

    client.createCollection(CreateCollectionReq.builder().collectionName(NAME).collectionSchema(schema)
        .indexParams(List.of(IndexParam.builder().fieldName("vec").indexType(IndexParam.IndexType.FLAT)
            .metricType(IndexParam.MetricType.L2).build()))
        .build());

    // Row 0: every value given, extremes.
    JsonObject r0 = base(0, new float[] {0, 0, 0, 1});
    r0.addProperty("b", true);
    r0.addProperty("i8", -128);
    r0.addProperty("i16", 32767);
    r0.addProperty("i32", Integer.MIN_VALUE);
    r0.addProperty("i64", Long.MAX_VALUE);
    r0.addProperty("f", 3.25f);
    r0.addProperty("d", -1.0e300);
    r0.addProperty("s", "héllo wörld ✓");
    r0.add("j", JsonParser.parseString("{\"k\": 7, \"nested\": {\"a\": [1, 2, {\"b\": \"x\"}]}, \"t\": true}"));
    r0.add("ai", SdkSupport.tree(List.of(Long.MIN_VALUE, 0L, Long.MAX_VALUE, 3L, 4L)));
    r0.add("as", SdkSupport.tree(List.of("a", "bb", "ccc")));
    r0.addProperty("n_i32", 42);
    r0.addProperty("n_d", 0.125);
    r0.addProperty("n_s", "present");
    r0.add("n_j", JsonParser.parseString("[1, \"two\", null]"));
    r0.add("n_ai", SdkSupport.tree(List.of(9L)));
    r0.addProperty("def_b", false);
    r0.addProperty("def_i8", 127);
    r0.addProperty("def_i16", -32768);
    r0.addProperty("def_i32", 1);
    r0.addProperty("def_i64", Long.MIN_VALUE);
    r0.addProperty("def_f", -0.5f);
    r0.addProperty("def_d", 1e-300);
    r0.addProperty("def_s", "given");
    r0.addProperty("nd_s", "given too");
    rows.add(r0);

    // Row 1: nullable fields explicitly null, default fields absent.
    JsonObject r1 = base(1, new float[] {0, 0, 1, 0});
    required(r1, 1);
    for (String f : List.of("n_i32", "n_d", "n_s", "n_j", "n_ai", "nd_s")) {
      r1.add(f, JsonNull.INSTANCE);
    }
    rows.add(r1);

    // Row 2: nullable and default fields absent altogether; empty arrays and an empty string.
    JsonObject r2 = base(2, new float[] {0, 1, 0, 0});
    required(r2, 2);
    r2.addProperty("s", "");
    r2.add("ai", SdkSupport.tree(List.of()));
    r2.add("as", SdkSupport.tree(List.of()));
    rows.add(r2);

    // Row 3: default fields explicitly null (become the defaults), some nullable values given.
    JsonObject r3 = base(3, new float[] {1, 0, 0, 0});
    required(r3, 3);
    for (String f : List.of("def_b", "def_i8", "def_i16", "def_i32", "def_i64", "def_f", "def_d", "def_s")) {
      r3.add(f, JsonNull.INSTANCE);
    }
    r3.addProperty("n_s", "");
    r3.add("n_ai", SdkSupport.tree(List.of()));
    r3.addProperty("n_i32", 0);
    rows.add(r3);

    assertThat(client.insert(InsertReq.builder().collectionName(NAME).data(rows).build()).getInsertCnt()).isEqualTo(4);
  }

  static JsonObject base(long id, float[] vec) {
    JsonObject r = new JsonObject();
    r.addProperty("id", id);
    r.add("vec", SdkSupport.json(vec));
    return r;
  }

  static void required(JsonObject r, int n) {
    r.addProperty("b", n % 2 == 0);
    r.addProperty("i8", n);
    r.addProperty("i16", n * 100);
    r.addProperty("i32", n * 100_000);
    r.addProperty("i64", n * 10_000_000_000L);
    r.addProperty("f", n + 0.5f);
    r.addProperty("d", n / 3.0);
    r.addProperty("s", "row" + n);
    r.add("j", JsonParser.parseString("{\"n\": " + n + "}"));
    r.add("ai", SdkSupport.tree(List.of((long) n, (long) n * 2)));
    r.add("as", SdkSupport.tree(List.of("r" + n)));
  }

  @AfterAll
  static void closeClient() {
    client.close();
  }

  /** What the server must return for {@code row}: given values, null for absent nullable, defaults otherwise. */
  static Map<String, Object> expected(JsonObject row) {
    Map<String, Object> defaults = new HashMap<>();
    defaults.put("def_b", true);
    defaults.put("def_i8", -3);
    defaults.put("def_i16", 7);
    defaults.put("def_i32", 70_000);
    defaults.put("def_i64", -5_000_000_000L);
    defaults.put("def_f", 1.5f);
    defaults.put("def_d", 2.25d);
    defaults.put("def_s", "none");
    defaults.put("nd_s", "fallback");
    Map<String, Object> out = new HashMap<>();
    for (String f : List.of("id", "b", "i8", "i16", "i32", "i64", "f", "d", "s", "j", "ai", "as", "n_i32", "n_d", "n_s", "n_j",
        "n_ai", "def_b", "def_i8", "def_i16", "def_i32", "def_i64", "def_f", "def_d", "def_s", "nd_s")) {
      JsonElement v = row.get(f);
      if (v == null || v.isJsonNull()) {
        out.put(f, defaults.get(f));
        continue;
      }
      out.put(f, switch (f) {
        case "b", "def_b" -> v.getAsBoolean();
        case "i8", "i16", "i32", "n_i32", "def_i8", "def_i16", "def_i32" -> v.getAsInt();
        case "id", "i64", "def_i64" -> v.getAsLong();
        case "f", "def_f" -> v.getAsFloat();
        case "d", "n_d", "def_d" -> v.getAsDouble();
        case "s", "n_s", "def_s", "nd_s" -> v.getAsString();
        case "j", "n_j" -> v;
        case "ai", "n_ai" -> v.getAsJsonArray().asList().stream().map(JsonElement::getAsLong).toList();
        case "as" -> v.getAsJsonArray().asList().stream().map(JsonElement::getAsString).toList();
        default -> throw new IllegalStateException(f);
      });
    }
    return out;
  }

  @Test
  void queryWithStarReturnsEveryValueExactly() {
    QueryResp resp = client.query(QueryReq.builder().collectionName(NAME).filter("id >= 0").outputFields(List.of("*"))
        .consistencyLevel(ConsistencyLevel.STRONG).build());
    assertThat(resp.getQueryResults()).hasSize(rows.size());
    Map<Long, Map<String, Object>> byId = new HashMap<>();
    resp.getQueryResults().forEach(r -> byId.put((Long) r.getEntity().get("id"), r.getEntity()));
    for (JsonObject row : rows) {
      long id = row.get("id").getAsLong();
      Map<String, Object> actual = byId.get(id);
      assertThat(actual).as("row %d", id).isNotNull();
      Map<String, Object> expected = expected(row);
      assertThat(actual.keySet()).as("row %d fields", id).containsExactlyInAnyOrderElementsOf(
          union(expected.keySet(), List.of("vec")));
      for (Map.Entry<String, Object> e : expected.entrySet()) {
        Object value = actual.get(e.getKey());
        if (e.getValue() instanceof JsonElement json) {
          assertThat(value).as("row %d field %s", id, e.getKey()).isInstanceOf(JsonElement.class);
          assertThat((JsonElement) value).as("row %d field %s", id, e.getKey()).isEqualTo(json);
        } else if (e.getValue() == null && e.getKey().equals("n_j")) {
          // Java reads a null JSON cell (empty bytes) as JsonNull.
          assertThat(value == null || value instanceof JsonNull).as("row %d field n_j is null: %s", id, value).isTrue();
        } else {
          assertThat(value).as("row %d field %s", id, e.getKey()).isEqualTo(e.getValue());
        }
      }
      assertThat(SdkSupport.floats(actual.get("vec"))).containsExactly(SdkSupport.floats(
          row.get("vec").getAsJsonArray().asList().stream().map(JsonElement::getAsFloat).toList()));
    }
  }

  static List<String> union(java.util.Collection<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  @Test
  void searchOutputFieldsCarryNullsAndDefaults() {
    SearchResp resp = client.search(SearchReq.builder().collectionName(NAME)
        .data(SdkSupport.queries(new float[] {0, 0, 1, 0})).limit(4)
        .outputFields(List.of("n_i32", "n_s", "def_s", "nd_s", "def_i64", "ai", "as", "j"))
        .consistencyLevel(ConsistencyLevel.STRONG).build());
    List<SearchResp.SearchResult> hits = resp.getSearchResults().get(0);
    assertThat(hits).hasSize(4);
    assertThat(hits.get(0).getId()).isEqualTo(1L);
    assertThat(hits.get(0).getScore()).isEqualTo(0f);
    for (SearchResp.SearchResult hit : hits) {
      Map<String, Object> expected = expected(rows.get((int) (long) (Long) hit.getId()));
      for (String f : List.of("n_i32", "n_s", "def_s", "nd_s", "def_i64", "ai", "as", "j")) {
        assertThat(hit.getEntity().get(f)).as("row %s field %s", hit.getId(), f).isEqualTo(expected.get(f));
      }
    }
  }

  @Test
  void describeEchoesTypesNullabilityAndDefaultValues() {
    DescribeCollectionResp d = client.describeCollection(DescribeCollectionReq.builder().collectionName(NAME).build());
    assertThat(d.getEnableDynamicField()).isFalse();
    assertThat(d.getFieldNames()).containsExactly("id", "vec", "b", "i8", "i16", "i32", "i64", "f", "d", "s", "j", "ai", "as",
        "n_i32", "n_d", "n_s", "n_j", "n_ai", "def_b", "def_i8", "def_i16", "def_i32", "def_i64", "def_f", "def_d", "def_s",
        "nd_s");
    CreateCollectionReq.CollectionSchema s = d.getCollectionSchema();
    Map<String, DataType> types = new HashMap<>();
    s.getFieldSchemaList().forEach(f -> types.put(f.getName(), f.getDataType()));
    assertThat(types).containsEntry("b", DataType.Bool).containsEntry("i8", DataType.Int8).containsEntry("i16", DataType.Int16)
        .containsEntry("i32", DataType.Int32).containsEntry("i64", DataType.Int64).containsEntry("f", DataType.Float)
        .containsEntry("d", DataType.Double).containsEntry("s", DataType.VarChar).containsEntry("j", DataType.JSON)
        .containsEntry("ai", DataType.Array).containsEntry("as", DataType.Array).containsEntry("vec", DataType.FloatVector);
    assertThat(s.getField("s").getMaxLength()).isEqualTo(16);
    assertThat(s.getField("ai").getElementType()).isEqualTo(DataType.Int64);
    assertThat(s.getField("ai").getMaxCapacity()).isEqualTo(5);
    assertThat(s.getField("as").getElementType()).isEqualTo(DataType.VarChar);
    assertThat(s.getField("as").getMaxCapacity()).isEqualTo(3);
    assertThat(s.getField("as").getMaxLength()).isEqualTo(8);
    assertThat(s.getField("vec").getDimension()).isEqualTo(4);
    for (String f : List.of("n_i32", "n_d", "n_s", "n_j", "n_ai", "nd_s")) {
      assertThat(s.getField(f).getIsNullable()).as(f).isTrue();
    }
    for (String f : List.of("id", "b", "i8", "s", "j", "ai", "def_s")) {
      assertThat(s.getField(f).getIsNullable()).as(f).isFalse();
    }
    for (String f : List.of("id", "b", "i8", "s", "j", "ai", "n_i32", "n_s")) {
      assertThat(s.getField(f).getDefaultValue()).as(f).isNull();
    }
    assertThat(s.getField("def_b").getDefaultValue()).isEqualTo(true);
    assertThat(s.getField("def_i8").getDefaultValue()).isEqualTo((short) -3);
    assertThat(s.getField("def_i16").getDefaultValue()).isEqualTo((short) 7);
    assertThat(s.getField("def_i32").getDefaultValue()).isEqualTo(70_000);
    assertThat(s.getField("def_i64").getDefaultValue()).isEqualTo(-5_000_000_000L);
    assertThat(s.getField("def_f").getDefaultValue()).isEqualTo(1.5f);
    assertThat(s.getField("def_d").getDefaultValue()).isEqualTo(2.25d);
    assertThat(s.getField("def_s").getDefaultValue()).isEqualTo("none");
    assertThat(s.getField("nd_s").getDefaultValue()).isEqualTo("fallback");
  }

  @Test
  void filtersSeeNullsAndDefaults() {
    assertThat(ids("n_i32 is null")).containsExactly(1L, 2L);
    assertThat(ids("n_i32 is not null")).containsExactly(0L, 3L);
    assertThat(ids("n_s IS NULL")).containsExactly(1L, 2L);
    assertThat(ids("def_s == \"none\"")).containsExactly(1L, 2L, 3L);
    assertThat(ids("nd_s == \"fallback\"")).containsExactly(1L, 2L, 3L);
    assertThat(ids("def_i64 == -5000000000")).containsExactly(1L, 2L, 3L);
    assertThat(ids("n_ai is null")).containsExactly(1L, 2L);
    // Comparisons on null are false, and so are their negations (SQL semantics, as in Milvus).
    assertThat(ids("n_i32 >= 0")).containsExactly(0L, 3L);
    assertThat(ids("not (n_i32 >= 1)")).containsExactly(3L);
  }

  static List<Long> ids(String filter) {
    return client.query(QueryReq.builder().collectionName(NAME).filter(filter).outputFields(List.of("id"))
        .consistencyLevel(ConsistencyLevel.STRONG).build()).getQueryResults().stream()
        .map(r -> (Long) r.getEntity().get("id")).sorted().toList();
  }

}
