package io.quiver.engine.expr;

import static io.quiver.engine.expr.Rows.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.engine.schema.CollectionSchema;
import io.quiver.engine.schema.DataType;
import io.quiver.engine.schema.FieldSchema;
import io.quiver.engine.util.FixedBitSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Evaluation over every column kind, with the null, NaN and JSON edge cases. */
class FilterExprEvaluationTest {

  private static final CollectionSchema SCHEMA = TestSchemas.all(true);

  private static Rows rows() {
    return new Rows(SCHEMA);
  }

  @Test
  void comparesIntegerColumnsOfEveryWidth() {
    Rows r = rows()
        .add("i8", -128, "i16", -32768, "i32", Integer.MIN_VALUE, "i64", Long.MIN_VALUE)
        .add("i8", 0, "i16", 0, "i32", 0, "i64", 0L)
        .add("i8", 127, "i16", 32767, "i32", Integer.MAX_VALUE, "i64", Long.MAX_VALUE);
    assertThat(r.match("i8 > 0")).containsExactly(2);
    assertThat(r.match("i8 >= -128")).containsExactly(0, 1, 2);
    assertThat(r.match("i8 < 1000")).containsExactly(0, 1, 2);
    assertThat(r.match("i8 == 1000")).isEmpty();
    assertThat(r.match("i8 != 1000")).containsExactly(0, 1, 2);
    assertThat(r.match("i16 <= -32768")).containsExactly(0);
    assertThat(r.match("i32 == 2147483647")).containsExactly(2);
    assertThat(r.match("i64 == 9223372036854775807")).containsExactly(2);
    assertThat(r.match("i64 == -9223372036854775808")).containsExactly(0);
    assertThat(r.match("i64 > -9223372036854775808")).containsExactly(1, 2);
    assertThat(r.match("i64 != 0")).containsExactly(0, 2);
    assertThat(r.match("0 < i64")).containsExactly(2);
    assertThat(r.match("0 >= i64")).containsExactly(0, 1);
  }

  @Test
  void keepsInt64PrecisionAgainstIntegerAndFloatConstants() {
    Rows r = rows().add("i64", 9007199254740993L).add("i64", 9007199254740992L).add("i64", 3L);
    assertThat(r.match("i64 == 9007199254740993")).containsExactly(0);
    assertThat(r.match("i64 > 9007199254740992")).containsExactly(0);
    assertThat(r.match("i64 in [9007199254740993]")).containsExactly(0);
    assertThat(r.match("i64 == 9007199254740992.0")).containsExactly(1);
    assertThat(r.match("i64 > 2.5")).containsExactly(0, 1, 2);
    assertThat(r.match("i64 < 3.5")).containsExactly(2);
    assertThat(r.match("i64 == 3.0")).containsExactly(2);
    assertThat(r.match("i64 == 3.5")).isEmpty();
    assertThat(r.match("i64 != 3.5")).containsExactly(0, 1, 2);
    assertThat(r.match("i64 < 1e300")).containsExactly(0, 1, 2);
    assertThat(r.match("i64 > -1e300")).containsExactly(0, 1, 2);
    assertThat(r.match("i64 in [3.0, 4.5]")).containsExactly(2);
  }

  @Test
  void comparesFloatColumnsAtFloatPrecision() {
    Rows r = rows().add("f", 0.1f, "d", 0.1).add("f", 2.5f, "d", 2.5).add("f", -0.0f, "d", -0.0);
    assertThat(r.match("f == 0.1")).containsExactly(0);
    assertThat(r.match("f > 0.1")).containsExactly(1);
    assertThat(r.match("f in [0.1, 7]")).containsExactly(0);
    assertThat(r.match("d == 0.1")).containsExactly(0);
    assertThat(r.match("f == 0")).containsExactly(2);
    assertThat(r.match("d == 0.0")).containsExactly(2);
    assertThat(r.match("d in [0]")).containsExactly(2);
    assertThat(r.match("d > -0.0")).containsExactly(0, 1);
    assertThat(r.match("f >= 2")).containsExactly(1);
    assertThat(r.match("d == 5 / 2")).isEmpty(); // integer division: 2
    assertThat(r.match("d == 5 / 2.0")).containsExactly(1);
  }

  @Test
  void nanNeverMatchesAnyComparisonEvenNegated() {
    Rows r = rows().add("d", Double.NaN, "f", Float.NaN).add("d", 1.0, "f", 1f);
    for (String e : List.of("d == 1", "d != 1", "d > 0", "d < 0", "d in [1]", "d not in [1]", "f != 1")) {
      assertThat(r.match(e)).as(e).doesNotContain(0);
    }
    assertThat(r.match("not (d == 1)")).isEmpty();
    assertThat(r.match("not (d > 5)")).containsExactly(1);
    assertThat(r.match("d == {x}", Map.of("x", Double.NaN))).isEmpty();
    assertThat(r.match("d != {x}", Map.of("x", Double.NaN))).isEmpty();
    assertThat(r.match("i64 < {x}", Map.of("x", Double.NaN))).isEmpty();
    assertThat(r.match("d * 0 == 0")).containsExactly(1);
  }

  @Test
  void comparesStringsByCodePoint() {
    Rows r = rows().add("s", "apple").add("s", "banana").add("s", "").add("s", "\uffff").add("s", "😀");
    assertThat(r.match("s == 'apple'")).containsExactly(0);
    assertThat(r.match("s != \"apple\"")).containsExactly(1, 2, 3, 4);
    assertThat(r.match("s > 'apple'")).containsExactly(1, 3, 4);
    assertThat(r.match("s < 'b'")).containsExactly(0, 2);
    assertThat(r.match("s == ''")).containsExactly(2);
    assertThat(r.match("'a' <= s < 'b'")).containsExactly(0);
    assertThat(r.match("s > '\\uffff'")).containsExactly(4); // UTF-8 order: U+1F600 sorts after U+FFFF
    assertThat(r.match("s in ['banana', 'cherry']")).containsExactly(1);
    assertThat(r.match("s not in ['banana', 'cherry']")).containsExactly(0, 2, 3, 4);
  }

  @Test
  void matchesLikePatterns() {
    Rows r = rows().add("s", "apple").add("s", "pineapple").add("s", "apply").add("s", "a%b").add("s", "a_b")
        .add("s", "").add("s", "ab").add("s", "😀x");
    assertThat(r.match("s like 'app%'")).containsExactly(0, 2);
    assertThat(r.match("s like '%apple'")).containsExactly(0, 1);
    assertThat(r.match("s like '%pp%'")).containsExactly(0, 1, 2);
    assertThat(r.match("s like 'apple'")).containsExactly(0);
    assertThat(r.match("s like 'appl_'")).containsExactly(0, 2);
    assertThat(r.match("s like 'a%e'")).containsExactly(0);
    assertThat(r.match("s like '%'")).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    assertThat(r.match("s like '_'")).isEmpty();
    assertThat(r.match("s like '_x'")).containsExactly(7);
    assertThat(r.match("s like 'a\\%b'")).containsExactly(3);
    assertThat(r.match("s like 'a\\\\%b'")).containsExactly(3);
    assertThat(r.match("s like 'a\\_b'")).containsExactly(4);
    assertThat(r.match("s like 'a_b'")).containsExactly(3, 4);
    assertThat(r.match("s like '%a%p%e'")).containsExactly(0, 1);
    assertThat(r.match("not s like 'app%'")).containsExactly(1, 3, 4, 5, 6, 7);
  }

  @Test
  void comparesBoolColumns() {
    Rows r = rows().add("b", true).add("b", false);
    assertThat(r.match("b == true")).containsExactly(0);
    assertThat(r.match("b != true")).containsExactly(1);
    assertThat(r.match("b == False")).containsExactly(1);
    assertThat(r.match("b in [true]")).containsExactly(0);
    assertThat(r.match("false == b")).containsExactly(1);
  }

  @Test
  void nullCellsAreUnknownInThreeValuedLogic() {
    Rows r = rows()
        .add("ni", 5L, "ns", "x", "nb", true, "nd", 1.5, "nf", 1.5f)
        .add() // every nullable field null
        .add("ni", 7L, "ns", "y", "nb", false, "nd", 2.5, "nf", 2.5f);
    assertThat(r.match("ni == 5")).containsExactly(0);
    assertThat(r.match("ni != 5")).containsExactly(2);
    assertThat(r.match("not (ni == 5)")).containsExactly(2);
    assertThat(r.match("ni in [5, 7]")).containsExactly(0, 2);
    assertThat(r.match("ni not in [5]")).containsExactly(2);
    assertThat(r.match("ns like '%'")).containsExactly(0, 2);
    assertThat(r.match("nb == true or nb == false")).containsExactly(0, 2);
    assertThat(r.match("nd > 0")).containsExactly(0, 2);
    assertThat(r.match("nf < 2")).containsExactly(0);
    assertThat(r.match("ni + 1 == 6")).containsExactly(0);
    assertThat(r.match("ni is null")).containsExactly(1);
    assertThat(r.match("ni is not null")).containsExactly(0, 2);
    assertThat(r.match("ns IS NULL and nd is null")).containsExactly(1);
    // Kleene: UNKNOWN or TRUE = TRUE, UNKNOWN and FALSE = FALSE, NOT UNKNOWN = UNKNOWN
    assertThat(r.match("ni == 5 or i64 == 0")).containsExactly(0, 1, 2);
    assertThat(r.match("not (ni == 5 and i64 == 1)")).containsExactly(0, 1, 2);
    assertThat(r.match("not (ni == 5 and i64 == 0)")).containsExactly(2);
    assertThat(r.match("not (ni == 5 or i64 == 1)")).containsExactly(2);
    assertThat(r.match("i64 is null")).isEmpty();
    assertThat(r.match("i64 is not null")).containsExactly(0, 1, 2);
  }

  @Test
  void comparesTwoColumns() {
    Rows r = rows().add("i64", 5L, "d", 4.5, "i32", 5, "s", "a", "ns", "a")
        .add("i64", 2L, "d", 2.0, "i32", 3, "s", "b", "ns", "a")
        .add("i64", 1L, "d", 9.0, "i32", 1, "s", "c");
    assertThat(r.match("i64 > d")).containsExactly(0);
    assertThat(r.match("i64 == d")).containsExactly(1);
    assertThat(r.match("i64 == i32")).containsExactly(0, 2);
    assertThat(r.match("s == ns")).containsExactly(0);
    assertThat(r.match("s != ns")).containsExactly(1);
    assertThat(r.match("i64 + i32 > 9")).containsExactly(0);
    assertThat(r.match("i64 * 2 == i32 + 1")).containsExactly(1, 2);
  }

  @Test
  void evaluatesArithmetic() {
    Rows r = rows().add("i64", 3L, "i32", -7, "d", 1.5).add("i64", 4L, "i32", 7, "d", -2.0).add("i64", 0L, "i32", 0);
    assertThat(r.match("i64 + 2 == 5")).containsExactly(0);
    assertThat(r.match("i64 * 3 > 10")).containsExactly(1);
    assertThat(r.match("i64 % 2 == 0")).containsExactly(1, 2);
    assertThat(r.match("i32 % 2 == -1")).containsExactly(0);
    assertThat(r.match("i32 / 2 == -3")).containsExactly(0);
    assertThat(r.match("2 * i64 == 6")).containsExactly(0);
    assertThat(r.match("10 - i64 > 6")).containsExactly(0, 2);
    assertThat(r.match("12 / i64 == 4")).containsExactly(0); // row 2 divides by zero: unknown
    assertThat(r.match("not (12 / i64 == 4)")).containsExactly(1);
    assertThat(r.match("12 % i64 == 0")).containsExactly(0, 1);
    assertThat(r.match("-i64 < -3")).containsExactly(1);
    assertThat(r.match("i64 ** 2 == 16")).containsExactly(1);
    assertThat(r.match("d * 2 == 3")).containsExactly(0);
    assertThat(r.match("i64 / 2.0 == 1.5")).containsExactly(0);
    assertThat(r.match("i64 - 1 != 2")).containsExactly(1, 2);
    assertThat(r.match("i64 == 1 + 2 * 1")).containsExactly(0);
    assertThat(r.match("i64 == 2 ** 2")).containsExactly(1);
    assertThat(r.match("i64 + 9223372036854775807 < 0")).containsExactly(0, 1); // int64 wraps
  }

  @Test
  void evaluatesRanges() {
    Rows r = rows().add("i64", 1L, "d", 1.0, "s", "a").add("i64", 3L, "d", 3.0, "s", "b")
        .add("i64", 5L, "d", 5.0, "s", "c");
    assertThat(r.match("1 < i64 < 5")).containsExactly(1);
    assertThat(r.match("1 <= i64 < 5")).containsExactly(0, 1);
    assertThat(r.match("1 <= i64 <= 5")).containsExactly(0, 1, 2);
    assertThat(r.match("5 > i64 > 1")).containsExactly(1);
    assertThat(r.match("10 >= i64 > 2")).containsExactly(1, 2);
    assertThat(r.match("5 < i64 < 1")).isEmpty();
    assertThat(r.match("0.5 < d < 3.5")).containsExactly(0, 1);
    assertThat(r.match("'a' < s <= 'c'")).containsExactly(1, 2);
    assertThat(r.match("1 < i64 + 1 < 5")).containsExactly(0, 1);
    assertThat(r.match("not (1 < i64 < 5)")).containsExactly(0, 2);
  }

  @Test
  void navigatesJsonPaths() {
    Rows r = rows()
        .add("j", json("{\"a\": 1, \"b\": \"x\", \"c\": [1, 2, 3], \"n\": {\"k\": true}}"))
        .add("j", json("{\"a\": 2.5, \"b\": \"y\", \"c\": []}"))
        .add("j", json("{\"a\": \"1\", \"b\": null}"))
        .add("j", json("[10, 20]"))
        .add("j", json("{\"a\": true, \"c\": [[1, 2], 3]}"))
        .add("j", json("{\"a\": 9007199254740993}"));
    assertThat(r.match("j[\"a\"] == 1")).containsExactly(0);
    assertThat(r.match("j['a'] > 1")).containsExactly(1, 5);
    assertThat(r.match("j[\"a\"] == \"1\"")).containsExactly(2);
    assertThat(r.match("j[\"a\"] == true")).containsExactly(4);
    assertThat(r.match("j[\"a\"] == 9007199254740993")).containsExactly(5);
    assertThat(r.match("j[\"a\"] == 2.5")).containsExactly(1);
    // a value of another type is FALSE, so != and NOT match it; a missing key is UNKNOWN
    assertThat(r.match("j[\"a\"] != 1")).containsExactly(1, 2, 4, 5);
    assertThat(r.match("not (j[\"a\"] == 1)")).containsExactly(1, 2, 4, 5);
    assertThat(r.match("j[\"a\"] < 100")).containsExactly(0, 1);
    assertThat(r.match("j[\"b\"] like 'x%'")).containsExactly(0);
    assertThat(r.match("j[\"b\"] != 'x'")).containsExactly(1);
    assertThat(r.match("j[\"n\"][\"k\"] == true")).containsExactly(0);
    assertThat(r.match("j[\"c\"][1] == 2")).containsExactly(0);
    assertThat(r.match("j[\"c\"][0] == [1, 2]")).containsExactly(4);
    assertThat(r.match("j[\"c\"] == [1, 2, 3]")).containsExactly(0);
    assertThat(r.match("j[\"c\"] == []")).containsExactly(1);
    assertThat(r.match("j[0] == 10")).containsExactly(3);
    assertThat(r.match("j[\"0\"] == 10")).containsExactly(3);
    assertThat(r.match("j[\"a\"] in [1, \"1\", true]")).containsExactly(0, 2, 4);
    assertThat(r.match("j[\"a\"] not in [1, \"1\", true]")).containsExactly(1, 5);
    assertThat(r.match("j[\"a\"] in [1.0]")).containsExactly(0);
    assertThat(r.match("j[\"b\"] is null")).containsExactly(2, 3, 4, 5);
    assertThat(r.match("j[\"b\"] is not null")).containsExactly(0, 1);
    assertThat(r.match("exists j[\"c\"]")).containsExactly(0, 1, 4);
    assertThat(r.match("1 <= j[\"a\"] < 3")).containsExactly(0, 1);
    assertThat(r.match("j[\"a\"] + 1 == 2")).containsExactly(0);
    assertThat(r.match("j[\"a\"] % 2 == 1")).containsExactly(0, 5);
    assertThat(r.match("j[\"a\"] > i64")).containsExactly(0, 1, 5);
  }

  @Test
  void jsonContainsAndArrayLength() {
    Rows r = rows()
        .add("j", json("{\"c\": [1, 2, 3]}"))
        .add("j", json("{\"c\": [\"a\", 2.0]}"))
        .add("j", json("{\"c\": []}"))
        .add("j", json("{\"c\": 5}"))
        .add("j", json("{}"))
        .add("j", json("{\"c\": [[1, 2], [3]]}"));
    assertThat(r.match("json_contains(j[\"c\"], 2)")).containsExactly(0, 1);
    assertThat(r.match("JSON_CONTAINS(j[\"c\"], 'a')")).containsExactly(1);
    assertThat(r.match("json_contains_all(j[\"c\"], [1, 2])")).containsExactly(0);
    assertThat(r.match("json_contains_all(j[\"c\"], [])")).containsExactly(0, 1, 2, 5);
    assertThat(r.match("json_contains_any(j[\"c\"], [3, 'a'])")).containsExactly(0, 1);
    assertThat(r.match("json_contains_any(j[\"c\"], [])")).isEmpty();
    assertThat(r.match("json_contains(j[\"c\"], [1, 2])")).containsExactly(5);
    assertThat(r.match("not json_contains(j[\"c\"], 2)")).containsExactly(2, 3, 5);
    assertThat(r.match("array_length(j[\"c\"]) == 2")).containsExactly(1, 5);
    assertThat(r.match("array_length(j[\"c\"]) >= 0")).containsExactly(0, 1, 2, 5);
  }

  @Test
  void evaluatesArrayColumns() {
    Rows r = rows()
        .add("ai", List.of(1L, 2L, 3L), "as", List.of("red", "green"), "af", List.of(0.1f), "na", List.of(1L))
        .add("ai", List.of(), "as", List.of("blue"), "af", List.of())
        .add("ai", List.of(5L), "as", List.of(), "af", List.of(2.5f), "na", List.of());
    assertThat(r.match("ai[0] == 1")).containsExactly(0);
    assertThat(r.match("ai[0] > 0")).containsExactly(0, 2);
    assertThat(r.match("ai[2] != 3")).isEmpty(); // out of bounds is unknown
    assertThat(r.match("as[1] like 'g%'")).containsExactly(0);
    assertThat(r.match("af[0] == 0.1")).containsExactly(0);
    assertThat(r.match("ai == [1, 2, 3]")).containsExactly(0);
    assertThat(r.match("ai != []")).containsExactly(0, 2);
    assertThat(r.match("af == [2.5]")).containsExactly(2);
    assertThat(r.match("array_contains(ai, 2)")).containsExactly(0);
    assertThat(r.match("ARRAY_CONTAINS(as, 'blue')")).containsExactly(1);
    assertThat(r.match("array_contains_all(ai, [1, 3])")).containsExactly(0);
    assertThat(r.match("array_contains_any(ai, [5, 3])")).containsExactly(0, 2);
    assertThat(r.match("array_contains(af, 0.1)")).containsExactly(0);
    assertThat(r.match("json_contains(ai, 5)")).containsExactly(2);
    assertThat(r.match("array_length(ai) == 0")).containsExactly(1);
    assertThat(r.match("array_length(as) >= 1")).containsExactly(0, 1);
    assertThat(r.match("array_contains(na, 1)")).containsExactly(0);
    assertThat(r.match("not array_contains(na, 1)")).containsExactly(2);
    assertThat(r.match("na is null")).containsExactly(1);
    assertThat(r.match("ai[1] is null")).containsExactly(1, 2);
    assertThat(r.match("array_length(na) == 0")).containsExactly(2);
  }

  @Test
  void readsUnknownNamesFromTheDynamicField() {
    Rows r = rows()
        .add("$meta", json("{\"color\": \"red\", \"size\": 3, \"tags\": [\"a\", \"b\"]}"))
        .add("$meta", json("{\"color\": \"blue\", \"size\": 3.0}"))
        .add("$meta", json("{\"color\": null, \"size\": \"3\"}"))
        .add("$meta", json("{}"));
    assertThat(r.match("color == 'red'")).containsExactly(0);
    assertThat(r.match("$meta[\"color\"] == 'red'")).containsExactly(0);
    assertThat(r.match("color in ['red', 'blue']")).containsExactly(0, 1);
    assertThat(r.match("color != 'red'")).containsExactly(1);
    assertThat(r.match("size == 3")).containsExactly(0, 1);
    assertThat(r.match("size == '3'")).containsExactly(2);
    assertThat(r.match("tags[1] == 'b'")).containsExactly(0);
    assertThat(r.match("json_contains(tags, 'a')")).containsExactly(0);
    assertThat(r.match("color is null")).containsExactly(2, 3);
    assertThat(r.match("exists size")).containsExactly(0, 1, 2);
    assertThat(r.match("exists $meta[\"tags\"]")).containsExactly(0);
    assertThat(r.match("size > 2 and color like 'b%'")).containsExactly(1);
    assertThat(r.match("i64 == 0 and nope == 1")).isEmpty();
    assertThat(r.match("nope is null")).containsExactly(0, 1, 2, 3);
  }

  @Test
  void templatesWorkLikeLiterals() {
    Rows r = rows().add("i64", 5L, "s", "a", "d", 0.5, "b", true, "j", json("{\"k\": [1, 2]}"))
        .add("i64", 15L, "s", "b", "d", 1.5, "b", false, "j", json("{\"k\": [3]}"));
    assertThat(r.match("i64 > {min}", Map.of("min", 10L))).containsExactly(1);
    assertThat(r.match("i64 > {min}", Map.of("min", 10))).containsExactly(1);
    assertThat(r.match("d < {x}", Map.of("x", 1.0))).containsExactly(0);
    assertThat(r.match("s == {x}", Map.of("x", "b"))).containsExactly(1);
    assertThat(r.match("b == {x}", Map.of("x", true))).containsExactly(0);
    assertThat(r.match("i64 in {ids}", Map.of("ids", List.of(5L, 6L)))).containsExactly(0);
    assertThat(r.match("j[\"k\"] == {x}", Map.of("x", List.of(json("1"), json("2"))))).containsExactly(0);
    assertThat(r.match("json_contains_any(j[\"k\"], {x})", Map.of("x", List.of(3L, 9L)))).containsExactly(1);
    assertThat(r.match("{lo} < i64 < {hi}", Map.of("lo", 1L, "hi", 10L))).containsExactly(0);
  }

  @Test
  void fieldsMissingFromASegmentReadAsNull() {
    Rows r = rows().add("ni", 1L).add("ni", 2L);
    FilterExpr f = FilterExpr.compile("ni is null", SCHEMA, Map.of());
    assertThat(Rows.indexes(f.evaluate(r.segment("ni")))).containsExactly(0, 1);
    FilterExpr g = FilterExpr.compile("ni > 0", SCHEMA, Map.of());
    assertThat(Rows.indexes(g.evaluate(r.segment("ni")))).isEmpty();
    assertThat(Rows.indexes(g.evaluate(r.segment()))).containsExactly(0, 1);
  }

  @Test
  void fieldsAddedLaterReadTheirDefaultValue() {
    FieldSchema late = new FieldSchema(200, "late", "", DataType.INT64, DataType.NONE, false, false, true, 7L, false,
        false, false, 0, 0, 0, Map.of());
    FieldSchema tag = new FieldSchema(201, "tag", "", DataType.VARCHAR, DataType.NONE, false, false, true, "t", false,
        false, false, 0, 16, 0, Map.of());
    CollectionSchema schema = SCHEMA.withField(late).withField(tag);
    Rows r = new Rows(schema).add().add();
    InMemorySegment old = r.segment("late", "tag");
    assertThat(Rows.indexes(FilterExpr.compile("late == 7", schema, Map.of()).evaluate(old))).containsExactly(0, 1);
    assertThat(Rows.indexes(FilterExpr.compile("late is null", schema, Map.of()).evaluate(old))).isEmpty();
    assertThat(Rows.indexes(FilterExpr.compile("tag in ['t']", schema, Map.of()).evaluate(old))).containsExactly(0, 1);
    assertThat(Rows.indexes(FilterExpr.compile("late + 1 == 8 and tag like 't%'", schema, Map.of()).evaluate(old)))
        .containsExactly(0, 1);
  }

  @Test
  void evaluatesOnlyCandidateRows() {
    Rows r = rows();
    for (int i = 0; i < 200; i++) {
      r.add("i64", (long) i);
    }
    FixedBitSet candidates = new FixedBitSet(200);
    for (int i = 0; i < 200; i += 3) {
      candidates.set(i);
    }
    FilterExpr f = FilterExpr.compile("i64 % 2 == 0 or s == 'x'", SCHEMA, Map.of());
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < 200; i += 6) {
      expected.add(i);
    }
    assertThat(Rows.indexes(f.evaluate(r.segment(), candidates))).isEqualTo(expected);
    assertThat(Rows.indexes(FilterExpr.compile("", SCHEMA, Map.of()).evaluate(r.segment(), candidates)))
        .isEqualTo(Rows.indexes(candidates));
    assertThat(candidates.cardinality()).isEqualTo(67);
  }

  @Test
  void evaluatesWhatTheSdksGenerateOnAVarCharPrimaryKey() {
    Rows r = new Rows(TestSchemas.varcharKey())
        .add("pk", "a", "n", 1L).add("pk", "b", "n", 2L).add("pk", "c", "n", 3L).add("pk", "d", "n", 4L);
    assertThat(r.match("pk in [\"a\",\"c\"]")).containsExactly(0, 2);
    assertThat(r.match("pk > 'b' && n > 3")).containsExactly(3);
    assertThat(r.match("pk > '' && n > 1")).containsExactly(1, 2, 3);
    assertThat(r.match("( n < 4 ) and pk > \"a\"")).containsExactly(1, 2);
    assertThat(r.match("pk == 'b'")).containsExactly(1);
    assertThat(r.match("pk != 'b'")).containsExactly(0, 2, 3);
    assertThat(r.match("n > {min}", Map.of("min", 2L))).containsExactly(2, 3);
    Rows ints = rows().add("id", 5L).add("id", -9223372036854775807L).add("id", Long.MIN_VALUE);
    assertThat(ints.match("id > -9223372036854775807")).containsExactly(0);
    assertThat(ints.match("id in [1,2,3,5]")).containsExactly(0);
    assertThat(ints.match("( id < 6 ) and id > -9223372036854775808")).containsExactly(0, 1);
  }

  @Test
  void unescapesStringLiteralsBeforeComparing() {
    Rows r = rows().add("s", "é").add("s", "it's").add("s", "say \"hi\"").add("s", "a\\b").add("s", "日本");
    assertThat(r.match("s == '\\u00e9'")).containsExactly(0);
    assertThat(r.match("s == 'it\\'s'")).containsExactly(1);
    assertThat(r.match("s == \"it's\"")).containsExactly(1);
    assertThat(r.match("s == 'say \"hi\"'")).containsExactly(2);
    assertThat(r.match("s == \"a\\\\b\"")).containsExactly(3);
    assertThat(r.match("s == r'a\\b'")).containsExactly(3);
    assertThat(r.match("s in ['日本']")).containsExactly(4);
  }

  @Test
  void blankFilterAndEmptySegments() {
    Rows r = rows().add().add();
    assertThat(Rows.indexes(FilterExpr.compile(" ", SCHEMA, Map.of()).evaluate(r.segment()))).containsExactly(0, 1);
    Rows empty = rows();
    assertThat(FilterExpr.compile("i64 > 1 and s like 'a%'", SCHEMA, Map.of()).evaluate(empty.segment()).length())
        .isZero();
  }

  @Test
  void evaluatesLargeSegmentsAcrossWordBoundaries() {
    Rows r = rows();
    int n = 1000;
    for (int i = 0; i < n; i++) {
      r.add("i64", (long) i, "ni", i % 7 == 0 ? null : (long) i, "s", "k" + (i % 10));
    }
    List<Integer> got = r.match("(i64 >= 63 and i64 < 130 and ni is not null) or (s == 'k3' and i64 > 990)");
    List<Integer> want = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if ((i >= 63 && i < 130 && i % 7 != 0) || (i % 10 == 3 && i > 990)) {
        want.add(i);
      }
    }
    assertThat(got).isEqualTo(want);
    assertThat(r.match("not (ni > 500)")).hasSize((int) IntStream.range(0, 501).filter(i -> i % 7 != 0).count());
  }
}
