package io.quiver.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.vector.request.DeleteReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.response.SearchResp;
import io.quiver.testkit.dataplane.QuiverStandaloneExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Milvus filter language: for every filter, query and search return exactly the rows that
 * the test's own row-by-row evaluation in Java selects.
 */
class FilterIT {

  @RegisterExtension
  static final QuiverStandaloneExtension QUIVER = QuiverStandaloneExtension.create().with("segment.max-rows", "1024");

  static final String NAME = "filters";
  static final int ROWS = 1_500;
  static final String[] COLORS = {"red", "green", "blue", "white"};
  static final String[] WORDS = {"alpha", "beta", "gamma", "delta", "alpine", "abc", "abcd", "xyz", "ab_cd", "a%c", "ac",
      "it's", "say \"hi\"", "back\\slash", "ünïcödé", "日本語"};

  /** One inserted row as the test knows it; absent dynamic or JSON keys are null. */
  record Row(long id, float[] vec, boolean flag, int age, double score, String name, List<String> tags, List<Long> nums,
      JsonObject meta, Long opt, String nopt, String color, Integer dynK) {}

  static MilvusClientV2 client;
  static final List<Row> rows = new ArrayList<>();

  @BeforeAll
  static void createAndInsert() {
    client = SdkSupport.client(QUIVER);
    CreateCollectionReq.CollectionSchema schema = CreateCollectionReq.CollectionSchema.builder().enableDynamicField(true).build();
    schema.addField(AddFieldReq.builder().fieldName("id").dataType(DataType.Int64).isPrimaryKey(true).build());
    schema.addField(AddFieldReq.builder().fieldName("vec").dataType(DataType.FloatVector).dimension(4).build());
    schema.addField(AddFieldReq.builder().fieldName("flag").dataType(DataType.Bool).build());
    schema.addField(AddFieldReq.builder().fieldName("age").dataType(DataType.Int32).build());
    schema.addField(AddFieldReq.builder().fieldName("score").dataType(DataType.Double).build());
    schema.addField(AddFieldReq.builder().fieldName("name").dataType(DataType.VarChar).maxLength(32).build());
    schema.addField(AddFieldReq.builder().fieldName("tags").dataType(DataType.Array).elementType(DataType.VarChar)
        .maxCapacity(4).build());
    schema.addField(AddFieldReq.builder().fieldName("nums").dataType(DataType.Array).elementType(DataType.Int64)
        .maxCapacity(5).build());
    schema.addField(AddFieldReq.builder().fieldName("meta").dataType(DataType.JSON).build());
    schema.addField(AddFieldReq.builder().fieldName("opt").dataType(DataType.Int64).isNullable(true).build());
    schema.addField(AddFieldReq.builder().fieldName("nopt").dataType(DataType.VarChar).maxLength(16).isNullable(true).build());
    client.createCollection(CreateCollectionReq.builder().collectionName(NAME).collectionSchema(schema)
        .indexParams(List.of(IndexParam.builder().fieldName("vec").indexType(IndexParam.IndexType.FLAT)
            .metricType(IndexParam.MetricType.L2).build()))
        .build());

    Random random = new Random(1234);
    List<JsonObject> batch = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      Row row = randomRow(random, i);
      rows.add(row);
      batch.add(toJson(row));
      if (batch.size() == 500) {
        client.insert(InsertReq.builder().collectionName(NAME).data(batch).build());
        batch = new ArrayList<>();
      }
    }
    // Some deleted rows: they must match no filter.
    client.delete(DeleteReq.builder().collectionName(NAME).ids(List.of(5L, 6L, 700L)).build());
    rows.removeIf(r -> r.id() == 5 || r.id() == 6 || r.id() == 700);
  }

  static Row randomRow(Random random, long id) {
    float[] vec = SdkSupport.randomVector(random, 4);
    List<String> tags = new ArrayList<>();
    for (int t = random.nextInt(5); t > 0; t--) {
      tags.add(COLORS[random.nextInt(COLORS.length)]);
    }
    List<Long> nums = new ArrayList<>();
    for (int t = random.nextInt(6); t > 0; t--) {
      nums.add((long) random.nextInt(10));
    }
    JsonObject meta = new JsonObject();
    int kind = random.nextInt(10);
    if (kind < 7) {
      meta.addProperty("k", random.nextInt(20) - 5);
    } else if (kind == 7) {
      meta.addProperty("k", "text" + random.nextInt(3)); // a string where others have numbers
    } // else: no "k"
    if (random.nextBoolean()) {
      JsonObject nested = new JsonObject();
      nested.addProperty("x", random.nextInt(8));
      nested.addProperty("label", WORDS[random.nextInt(WORDS.length)]);
      meta.add("nested", nested);
    }
    if (random.nextInt(4) != 0) {
      JsonArray list = new JsonArray();
      for (int t = random.nextInt(5); t > 0; t--) {
        list.add(random.nextInt(10));
      }
      meta.add("list", list);
    }
    meta.addProperty("s", WORDS[random.nextInt(WORDS.length)]);
    Long opt = random.nextInt(3) == 0 ? null : (long) random.nextInt(100);
    String nopt = random.nextInt(3) == 0 ? null : WORDS[random.nextInt(WORDS.length)];
    String color = random.nextInt(5) == 0 ? null : COLORS[random.nextInt(COLORS.length)];
    Integer dynK = random.nextBoolean() ? random.nextInt(10) : null;
    String name = WORDS[random.nextInt(WORDS.length)] + (random.nextBoolean() ? "" : Integer.toString(random.nextInt(50)));
    double score = Math.round(random.nextDouble() * 2000) / 100.0;
    return new Row(id, vec, random.nextBoolean(), random.nextInt(80), score, name, tags, nums, meta, opt, nopt, color, dynK);
  }

  static JsonObject toJson(Row r) {
    JsonObject o = new JsonObject();
    o.addProperty("id", r.id());
    o.add("vec", SdkSupport.json(r.vec()));
    o.addProperty("flag", r.flag());
    o.addProperty("age", r.age());
    o.addProperty("score", r.score());
    o.addProperty("name", r.name());
    o.add("tags", SdkSupport.tree(r.tags()));
    o.add("nums", SdkSupport.tree(r.nums()));
    o.add("meta", r.meta());
    o.add("opt", r.opt() == null ? com.google.gson.JsonNull.INSTANCE : SdkSupport.tree(r.opt()));
    o.add("nopt", r.nopt() == null ? com.google.gson.JsonNull.INSTANCE : SdkSupport.tree(r.nopt()));
    if (r.color() != null) {
      o.addProperty("color", r.color());
    }
    if (r.dynK() != null) {
      o.addProperty("dyn_k", r.dynK());
    }
    return o;
  }

  @AfterAll
  static void closeClient() {
    client.close();
  }

  // ------------------------------------------------------------------ Java evaluation helpers

  /** A JSON value at a path, or null when a key is absent or a step is of the wrong kind. */
  static JsonElement at(JsonElement root, Object... path) {
    JsonElement e = root;
    for (Object step : path) {
      if (e == null) {
        return null;
      }
      if (step instanceof String key) {
        e = e.isJsonObject() ? e.getAsJsonObject().get(key) : null;
      } else {
        int i = (Integer) step;
        e = e.isJsonArray() && i < e.getAsJsonArray().size() ? e.getAsJsonArray().get(i) : null;
      }
    }
    return e;
  }

  static boolean isNumber(JsonElement e) {
    return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber();
  }

  static double num(JsonElement e) {
    return e.getAsDouble();
  }

  static List<Long> longs(JsonElement e) {
    List<Long> out = new ArrayList<>();
    if (e == null || !e.isJsonArray()) {
      return null;
    }
    for (JsonElement x : e.getAsJsonArray()) {
      out.add(x.getAsLong());
    }
    return out;
  }

  /** SQL LIKE with % and _ as a Java regex. */
  static boolean like(String value, String pattern) {
    StringBuilder re = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      re.append(switch (c) {
        case '%' -> ".*";
        case '_' -> ".";
        default -> Pattern.quote(String.valueOf(c));
      });
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL).matcher(value).matches();
  }

  static Arguments filter(String expr, Predicate<Row> expected) {
    return Arguments.of(expr, Map.of(), expected);
  }

  static Arguments template(String expr, Map<String, Object> values, Predicate<Row> expected) {
    return Arguments.of(expr, values, expected);
  }

  static Stream<Arguments> filters() {
    return Stream.of(
        // comparisons, booleans, logic
        filter("age > 40", r -> r.age() > 40),
        filter("age >= 40 and age <= 45", r -> r.age() >= 40 && r.age() <= 45),
        filter("age != 3", r -> r.age() != 3),
        filter("flag == true", Row::flag),
        filter("flag == false", r -> !r.flag()),
        filter("not (flag == true) && age < 10", r -> !r.flag() && r.age() < 10),
        filter("age < 5 || score > 19.5", r -> r.age() < 5 || r.score() > 19.5),
        filter("!(age < 70) or (flag != false and score <= 1.0)", r -> !(r.age() < 70) || (r.flag() && r.score() <= 1.0)),
        filter("id < 100 and not (age % 2 == 0)", r -> r.id() < 100 && r.age() % 2 != 0),
        filter("score == 10.5", r -> r.score() == 10.5),
        filter("name == \"alpha\"", r -> r.name().equals("alpha")),
        filter("name > \"delta\"", r -> r.name().compareTo("delta") > 0),
        filter("'beta' == name", r -> r.name().equals("beta")),
        filter("5 < age", r -> r.age() > 5),
        // chained ranges
        filter("10 < age < 20", r -> r.age() > 10 && r.age() < 20),
        filter("1.5 <= score < 7.25", r -> r.score() >= 1.5 && r.score() < 7.25),
        filter("30 >= age > 25", r -> r.age() <= 30 && r.age() > 25),
        filter("\"b\" <= name < \"d\"", r -> r.name().compareTo("b") >= 0 && r.name().compareTo("d") < 0),
        // IN / NOT IN
        filter("age in [1, 5, 9, 77]", r -> List.of(1, 5, 9, 77).contains(r.age())),
        filter("age not in [1, 5, 9, 77]", r -> !List.of(1, 5, 9, 77).contains(r.age())),
        filter("name in [\"alpha\", \"xyz\", \"nope\"]", r -> List.of("alpha", "xyz", "nope").contains(r.name())),
        filter("name not in [\"alpha\"] and age < 20", r -> !r.name().equals("alpha") && r.age() < 20),
        filter("id in [1, 2, 3, 5, 1499, 99999]", r -> List.of(1L, 2L, 3L, 5L, 1499L).contains(r.id())),
        // LIKE
        filter("name like \"al%\"", r -> like(r.name(), "al%")),
        filter("name like \"%a\"", r -> like(r.name(), "%a")),
        filter("name like \"%ph%\"", r -> like(r.name(), "%ph%")),
        filter("name like \"a_c\"", r -> like(r.name(), "a_c")),
        filter("name like \"ab_cd%\"", r -> like(r.name(), "ab_cd%")),
        filter("name like \"beta\"", r -> r.name().equals("beta")),
        filter("not (name like \"%1%\")", r -> !like(r.name(), "%1%")),
        // arithmetic
        filter("age + 5 > 60", r -> r.age() + 5 > 60),
        filter("age - 10 <= 0", r -> r.age() - 10 <= 0),
        filter("age * 2 == 40", r -> r.age() * 2 == 40),
        filter("age % 7 == 3", r -> r.age() % 7 == 3),
        filter("score / 2 < 3", r -> r.score() / 2 < 3),
        filter("score * 10 >= 150", r -> r.score() * 10 >= 150),
        filter("age % 4 != 0", r -> r.age() % 4 != 0),
        // NULL
        filter("opt is null", r -> r.opt() == null),
        filter("opt IS NOT NULL", r -> r.opt() != null),
        filter("nopt is null and age < 30", r -> r.nopt() == null && r.age() < 30),
        filter("opt > 50", r -> r.opt() != null && r.opt() > 50),
        filter("opt in [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]", r -> r.opt() != null && r.opt() >= 1 && r.opt() <= 10),
        filter("nopt == \"alpha\" or opt is null", r -> "alpha".equals(r.nopt()) || r.opt() == null),
        // a comparison with NULL is neither true nor false: its negation does not match either
        filter("opt != 5", r -> r.opt() != null && r.opt() != 5),
        filter("not (opt > 50)", r -> r.opt() != null && !(r.opt() > 50)),
        filter("nopt != \"alpha\"", r -> r.nopt() != null && !r.nopt().equals("alpha")),
        filter("not (nopt like \"a%\") or age == 1", r -> (r.nopt() != null && !like(r.nopt(), "a%")) || r.age() == 1),
        // JSON
        filter("meta[\"k\"] > 5", r -> isNumber(at(r.meta(), "k")) && num(at(r.meta(), "k")) > 5),
        filter("meta[\"k\"] == 0", r -> isNumber(at(r.meta(), "k")) && num(at(r.meta(), "k")) == 0),
        filter("meta[\"k\"] in [1, 3, 12]", r -> isNumber(at(r.meta(), "k")) && List.of(1.0, 3.0, 12.0).contains(num(at(r.meta(), "k")))),
        filter("meta[\"k\"] == \"text1\"", r -> at(r.meta(), "k") != null && at(r.meta(), "k").isJsonPrimitive()
            && at(r.meta(), "k").getAsJsonPrimitive().isString() && at(r.meta(), "k").getAsString().equals("text1")),
        filter("-2 < meta[\"k\"] < 2", r -> isNumber(at(r.meta(), "k")) && num(at(r.meta(), "k")) > -2 && num(at(r.meta(), "k")) < 2),
        filter("meta[\"nested\"][\"x\"] <= 3", r -> isNumber(at(r.meta(), "nested", "x")) && num(at(r.meta(), "nested", "x")) <= 3),
        filter("meta[\"nested\"][\"label\"] like \"al%\"", r -> at(r.meta(), "nested", "label") != null
            && like(at(r.meta(), "nested", "label").getAsString(), "al%")),
        filter("meta[\"list\"][0] == 2", r -> isNumber(at(r.meta(), "list", 0)) && num(at(r.meta(), "list", 0)) == 2),
        filter("meta[\"s\"] == \"gamma\"", r -> at(r.meta(), "s").getAsString().equals("gamma")),
        filter("meta[\"s\"] != \"gamma\"", r -> !at(r.meta(), "s").getAsString().equals("gamma")),
        // a JSON value of another type than the constant: == is false, != is true
        filter("exists meta[\"k\"] and meta[\"k\"] != 3", r -> at(r.meta(), "k") != null
            && (!isNumber(at(r.meta(), "k")) || num(at(r.meta(), "k")) != 3)),
        filter("meta[\"k\"] + 1 > 10", r -> isNumber(at(r.meta(), "k")) && num(at(r.meta(), "k")) + 1 > 10),
        filter("json_contains(meta[\"list\"], 3)", r -> longs(at(r.meta(), "list")) != null && longs(at(r.meta(), "list")).contains(3L)),
        filter("json_contains_all(meta[\"list\"], [1, 2])", r -> longs(at(r.meta(), "list")) != null
            && longs(at(r.meta(), "list")).containsAll(List.of(1L, 2L))),
        filter("json_contains_any(meta[\"list\"], [7, 8])", r -> longs(at(r.meta(), "list")) != null
            && (longs(at(r.meta(), "list")).contains(7L) || longs(at(r.meta(), "list")).contains(8L))),
        filter("JSON_CONTAINS(meta[\"list\"], 9) and age > 40", r -> longs(at(r.meta(), "list")) != null
            && longs(at(r.meta(), "list")).contains(9L) && r.age() > 40),
        // ARRAY
        filter("array_contains(tags, \"red\")", r -> r.tags().contains("red")),
        filter("array_contains_all(nums, [1, 2])", r -> r.nums().containsAll(List.of(1L, 2L))),
        filter("array_contains_any(tags, [\"blue\", \"white\"])", r -> r.tags().contains("blue") || r.tags().contains("white")),
        filter("array_length(nums) == 3", r -> r.nums().size() == 3),
        filter("array_length(tags) > 2", r -> r.tags().size() > 2),
        filter("array_length(tags) == 0", r -> r.tags().isEmpty()),
        filter("nums[0] == 4", r -> !r.nums().isEmpty() && r.nums().get(0) == 4),
        filter("nums[2] > 6", r -> r.nums().size() > 2 && r.nums().get(2) > 6),
        filter("tags[1] == \"green\"", r -> r.tags().size() > 1 && r.tags().get(1).equals("green")),
        filter("not array_contains(nums, 0)", r -> !r.nums().contains(0L)),
        // dynamic fields
        filter("color == \"red\"", r -> "red".equals(r.color())),
        filter("$meta[\"color\"] in [\"green\", \"blue\"]", r -> "green".equals(r.color()) || "blue".equals(r.color())),
        filter("dyn_k >= 7", r -> r.dynK() != null && r.dynK() >= 7),
        filter("dyn_k < 2 and color != \"white\"", r -> r.dynK() != null && r.dynK() < 2 && r.color() != null
            && !r.color().equals("white")),
        // quoting, escapes and non-ASCII text
        filter("name == 'it\\'s'", r -> r.name().equals("it's")),
        filter("name == \"it's\"", r -> r.name().equals("it's")),
        filter("name == \"say \\\"hi\\\"\"", r -> r.name().equals("say \"hi\"")),
        filter("name like \"say%\"", r -> like(r.name(), "say%")),
        filter("name == \"back\\\\slash\"", r -> r.name().equals("back\\slash")),
        filter("name like \"ünï%\"", r -> like(r.name(), "ünï%")),
        filter("name in [\"日本語\", \"ünïcödé\"]", r -> r.name().equals("日本語") || r.name().equals("ünïcödé")),
        // more shapes: empty lists, field-to-field comparison, scientific notation, precedence
        filter("age in []", r -> false),
        filter("age not in []", r -> true),
        filter("score > age", r -> r.score() > r.age()),
        filter("age <= score * 2", r -> r.age() <= r.score() * 2),
        filter("score >= 1.5e1", r -> r.score() >= 15),
        filter("age < 10 or age > 70 and flag == true", r -> r.age() < 10 || (r.age() > 70 && r.flag())),
        filter("(age < 10 or age > 70) and flag == true", r -> (r.age() < 10 || r.age() > 70) && r.flag()),
        filter("flag != false and not (age >= 5)", r -> r.flag() && r.age() < 5),
        // JSON paths with arrays and arithmetic
        filter("meta[\"list\"][1] > 5", r -> isNumber(at(r.meta(), "list", 1)) && num(at(r.meta(), "list", 1)) > 5),
        filter("meta[\"k\"] * 2 > 10", r -> isNumber(at(r.meta(), "k")) && num(at(r.meta(), "k")) * 2 > 10),
        filter("array_length(meta[\"list\"]) == 2", r -> longs(at(r.meta(), "list")) != null && longs(at(r.meta(), "list")).size() == 2),
        filter("array_contains(meta[\"list\"], 4)", r -> longs(at(r.meta(), "list")) != null && longs(at(r.meta(), "list")).contains(4L)),
        filter("exists dyn_k and not exists color", r -> r.dynK() != null && r.color() == null),
        // templates
        template("age > {min}", Map.of("min", 70), r -> r.age() > 70),
        template("age in {ages} and flag == {f}", Map.of("ages", List.of(10L, 20L, 30L), "f", true),
            r -> List.of(10, 20, 30).contains(r.age()) && r.flag()),
        template("name == {n} or score < {s}", Map.of("n", "gamma", "s", 0.75), r -> r.name().equals("gamma") || r.score() < 0.75),
        template("{lo} <= age <= {hi}", Map.of("lo", 20, "hi", 22), r -> r.age() >= 20 && r.age() <= 22),
        template("meta[\"k\"] > {k}", Map.of("k", 12), r -> isNumber(at(r.meta(), "k")) && num(at(r.meta(), "k")) > 12),
        template("array_contains_any(tags, {t})", Map.of("t", List.of("green")), r -> r.tags().contains("green")),
        template("name like {p}", Map.of("p", "%ta"), r -> like(r.name(), "%ta")),
        template("json_contains_any(meta[\"list\"], {vals})", Map.of("vals", List.of(1L, 9L)), r -> longs(at(r.meta(), "list")) != null
            && (longs(at(r.meta(), "list")).contains(1L) || longs(at(r.meta(), "list")).contains(9L))),
        template("name == {n}", Map.of("n", "say \"hi\""), r -> r.name().equals("say \"hi\"")));
  }

  static TreeSet<Long> expectedIds(Predicate<Row> predicate) {
    TreeSet<Long> out = new TreeSet<>();
    for (Row r : rows) {
      if (predicate.test(r)) {
        out.add(r.id());
      }
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("filters")
  void queryReturnsExactlyTheRowsTheFilterSelects(String filter, Map<String, Object> templates, Predicate<Row> predicate) {
    TreeSet<Long> expected = expectedIds(predicate);
    List<Long> actual = client.query(QueryReq.builder().collectionName(NAME).filter(filter)
        .filterTemplateValues(new HashMap<>(templates)).outputFields(List.of("id")).consistencyLevel(ConsistencyLevel.STRONG)
        .build()).getQueryResults().stream().map(r -> (Long) r.getEntity().get("id")).toList();
    assertThat(actual).doesNotHaveDuplicates();
    assertThat(new TreeSet<>(actual)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("filters")
  void searchReturnsExactlyTheRowsTheFilterSelects(String filter, Map<String, Object> templates, Predicate<Row> predicate) {
    TreeSet<Long> expected = expectedIds(predicate);
    SearchResp resp = client.search(SearchReq.builder().collectionName(NAME).data(SdkSupport.queries(new float[] {0, 0, 0, 0}))
        .limit(ROWS).filter(filter).filterTemplateValues(new HashMap<>(templates)).consistencyLevel(ConsistencyLevel.STRONG)
        .build());
    List<Long> actual = resp.getSearchResults().get(0).stream().map(h -> (Long) h.getId()).toList();
    assertThat(actual).doesNotHaveDuplicates();
    assertThat(new TreeSet<>(actual)).isEqualTo(expected);
  }

  @Test
  void countWithFilterEqualsTheNumberOfMatchingRows() {
    long count = (Long) client.query(QueryReq.builder().collectionName(NAME).filter("age > 40 and array_length(tags) >= 1")
        .outputFields(List.of("count(*)")).consistencyLevel(ConsistencyLevel.STRONG).build())
        .getQueryResults().get(0).getEntity().get("count(*)");
    assertThat(count).isEqualTo(expectedIds(r -> r.age() > 40 && !r.tags().isEmpty()).size());
  }
}
