package io.quiver.engine.expr;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.engine.schema.CollectionSchema;
import io.quiver.engine.schema.DataType;
import io.quiver.engine.schema.FieldSchema;
import io.quiver.engine.schema.SchemaBuilder;
import io.quiver.engine.segment.KeyStats;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Extraction of the clustering-key range from filters, and which segment ranges it rules out. */
class KeyRangeTest {

  static FieldSchema field(String name, DataType type, boolean pk, boolean clustering, Map<String, String> params) {
    return new FieldSchema(0, name, "", type, DataType.NONE, pk, false, false, null, false, clustering, false, 0, 0, 0, params);
  }

  static final CollectionSchema SCHEMA = SchemaBuilder.build("", List.of(
      field("id", DataType.INT64, true, false, Map.of()),
      field("k", DataType.INT64, false, true, Map.of()),
      field("other", DataType.INT64, false, false, Map.of()),
      field("vec", DataType.FLOAT_VECTOR, false, false, Map.of("dim", "2"))), false);

  static final CollectionSchema STRING_KEY = SchemaBuilder.build("", List.of(
      field("id", DataType.INT64, true, false, Map.of()),
      field("s", DataType.VARCHAR, false, true, Map.of("max_length", "16")),
      field("vec", DataType.FLOAT_VECTOR, false, false, Map.of("dim", "2"))), false);

  static final CollectionSchema DOUBLE_KEY = SchemaBuilder.build("", List.of(
      field("id", DataType.INT64, true, false, Map.of()),
      field("d", DataType.DOUBLE, false, true, Map.of()),
      field("vec", DataType.FLOAT_VECTOR, false, false, Map.of("dim", "2"))), false);

  static FilterExpr f(String expr) {
    return FilterExpr.compile(expr, SCHEMA, Map.of());
  }

  /** A segment whose key k lies in [min, max]. */
  static KeyStats seg(long min, long max) {
    return new KeyStats(SCHEMA.field("k").id(), min, max);
  }

  @Test
  void equalityAndInMatchOnlySegmentsWhoseRangeHoldsAValue() {
    assertThat(f("k == 15").mayMatch(seg(10, 19))).isTrue();
    assertThat(f("k == 15").mayMatch(seg(20, 29))).isFalse();
    assertThat(f("15 == k").mayMatch(seg(0, 9))).isFalse();
    assertThat(f("k in [3, 25]").mayMatch(seg(10, 19))).isFalse();
    assertThat(f("k in [3, 25]").mayMatch(seg(20, 29))).isTrue();
    assertThat(f("k in []").mayMatch(seg(0, 100))).isFalse();
  }

  @Test
  void comparisonsBoundTheRange() {
    assertThat(f("k < 10").mayMatch(seg(10, 19))).isFalse();
    assertThat(f("k <= 10").mayMatch(seg(10, 19))).isTrue();
    assertThat(f("k > 19").mayMatch(seg(10, 19))).isFalse();
    assertThat(f("k >= 19").mayMatch(seg(10, 19))).isTrue();
    assertThat(f("k > 9.5").mayMatch(seg(0, 9))).isFalse();
    assertThat(f("k >= 20 and k < 30").mayMatch(seg(10, 19))).isFalse();
    assertThat(f("k >= 20 and k < 30").mayMatch(seg(25, 40))).isTrue();
  }

  @Test
  void conjunctionsWithOtherTermsStillPruneDisjunctionsOnlyWhenEveryBranchIsOnTheKey() {
    assertThat(f("k == 5 and other > 3").mayMatch(seg(10, 19))).isFalse();
    assertThat(f("other > 3 and k in [1, 2]").mayMatch(seg(0, 9))).isTrue();
    assertThat(f("k == 5 or k == 25").mayMatch(seg(10, 19))).isFalse();
    assertThat(f("k == 5 or k == 15").mayMatch(seg(10, 19))).isTrue();
    assertThat(f("k == 5 or other == 1").mayMatch(seg(10, 19))).isTrue();
    assertThat(f("k == 5 or other == 1").keyRange()).isEmpty();
  }

  @Test
  void filtersThatDoNotBoundTheKeyNeverPrune() {
    assertThat(f("k != 15").mayMatch(seg(15, 15))).isTrue();
    assertThat(f("not (k == 15)").mayMatch(seg(15, 15))).isTrue();
    assertThat(f("other == 1").mayMatch(seg(10, 19))).isTrue();
    assertThat(f("k not in [15]").mayMatch(seg(15, 15))).isTrue();
    assertThat(f("").mayMatch(seg(10, 19))).isTrue();
    assertThat(f("k == 15").mayMatch(null)).isTrue(); // unknown range
    assertThat(f("k + 1 == 15").mayMatch(seg(0, 5))).isTrue(); // arithmetic is not extracted
  }

  @Test
  void aSegmentWhoseKeysAreAllNullMatchesNoKeyComparison() {
    assertThat(f("k == 15").mayMatch(new KeyStats(SCHEMA.field("k").id(), null, null))).isFalse();
    assertThat(f("other == 1").mayMatch(new KeyStats(SCHEMA.field("k").id(), null, null))).isTrue();
  }

  @Test
  void varcharAndDoubleKeys() {
    long s = STRING_KEY.field("s").id();
    FilterExpr eq = FilterExpr.compile("s == 'm'", STRING_KEY, Map.of());
    assertThat(eq.mayMatch(new KeyStats(s, "a", "k"))).isFalse();
    assertThat(eq.mayMatch(new KeyStats(s, "k", "p"))).isTrue();
    FilterExpr in = FilterExpr.compile("s in ['b', 'z']", STRING_KEY, Map.of());
    assertThat(in.mayMatch(new KeyStats(s, "c", "y"))).isFalse();
    assertThat(in.mayMatch(new KeyStats(s, "a", "c"))).isTrue();

    long d = DOUBLE_KEY.field("d").id();
    FilterExpr lt = FilterExpr.compile("d < 1.5", DOUBLE_KEY, Map.of());
    assertThat(lt.mayMatch(new KeyStats(d, 1.5, 3.0))).isFalse();
    assertThat(lt.mayMatch(new KeyStats(d, 1.0, 3.0))).isTrue();
    FilterExpr deq = FilterExpr.compile("d in [0.5, 4.0]", DOUBLE_KEY, Map.of());
    assertThat(deq.mayMatch(new KeyStats(d, 1.0, 3.0))).isFalse();
    assertThat(deq.mayMatch(new KeyStats(d, 3.0, 5.0))).isTrue();
  }
}
