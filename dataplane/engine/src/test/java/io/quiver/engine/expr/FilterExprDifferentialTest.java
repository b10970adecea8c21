package io.quiver.engine.expr;

import static io.quiver.engine.expr.ReferenceSemantics.value;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quiver.engine.schema.CollectionSchema;
import io.quiver.engine.schema.DataType;
import io.quiver.engine.schema.FieldSchema;
import io.quiver.engine.util.FixedBitSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Differential test: random expressions over random rows, evaluated by {@link FilterExpr} and by
 * the row-by-row {@link ReferenceSemantics}, must select exactly the same rows, also when only a
 * random candidate subset is evaluated.
 */
class FilterExprDifferentialTest {

  private static final CollectionSchema SCHEMA = schema();
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private static final List<String> INT_FIELDS = List.of("id", "i8", "i32", "i64", "ni");
  private static final List<String> FLOAT_FIELDS = List.of("f", "d", "nf", "nd");
  private static final List<String> NUMERIC_FIELDS = List.of("id", "i8", "i32", "i64", "ni", "f", "d", "nf", "nd");
  private static final List<String> OPS = List.of("==", "!=", "<", "<=", ">", ">=");
  private static final List<String> STRINGS = List.of("", "a", "A", "ab", "abc", "b", "ba", "a%", "é", "😀", "\uffff");
  private static final List<String> PATTERNS =
      List.of("a%", "%a", "%b%", "a_", "_", "%", "a\\%", "ab", "%a%b", "_b%", "", "😀");

  private static CollectionSchema schema() {
    List<FieldSchema> fields = new ArrayList<>();
    fields.add(TestSchemas.primaryKey(100, "id", DataType.INT64));
    fields.add(TestSchemas.field(101, "b", DataType.BOOL));
    fields.add(TestSchemas.field(102, "i8", DataType.INT8));
    fields.add(TestSchemas.field(103, "i32", DataType.INT32));
    fields.add(TestSchemas.field(104, "i64", DataType.INT64));
    fields.add(TestSchemas.field(105, "f", DataType.FLOAT));
    fields.add(TestSchemas.field(106, "d", DataType.DOUBLE));
    fields.add(TestSchemas.field(107, "s", DataType.VARCHAR));
    fields.add(TestSchemas.field(108, "nb", DataType.BOOL, DataType.NONE, true));
    fields.add(TestSchemas.field(109, "ni", DataType.INT64, DataType.NONE, true));
    fields.add(TestSchemas.field(110, "nf", DataType.FLOAT, DataType.NONE, true));
    fields.add(TestSchemas.field(111, "nd", DataType.DOUBLE, DataType.NONE, true));
    fields.add(TestSchemas.field(112, "ns", DataType.VARCHAR, DataType.NONE, true));
    fields.add(TestSchemas.field(113, "j", DataType.JSON));
    fields.add(TestSchemas.field(114, "nj", DataType.JSON, DataType.NONE, true));
    fields.add(TestSchemas.field(115, "ai", DataType.ARRAY, DataType.INT64, false));
    fields.add(TestSchemas.field(116, "as", DataType.ARRAY, DataType.VARCHAR, false));
    fields.add(FieldSchema.dynamicField(117));
    return new CollectionSchema("differential", fields, true);
  }

  // ------------------------------------------------------------------ the property

  /** Generated rows and a candidate subset of them. */
  record Data(List<Map<String, Object>> rows, FixedBitSet candidates) {
    @Override
    public String toString() {
      return rows.size() + " rows";
    }
  }

  @Property(tries = 600)
  void evaluatorAgreesWithReferenceInterpreter(@ForAll("expressions") Ex ex, @ForAll("data") Data data) {
    FilterExpr filter = FilterExpr.compile(ex.text(), SCHEMA, Map.of());
    InMemorySegment segment = new InMemorySegment(SCHEMA, data.rows());
    FixedBitSet all = filter.evaluate(segment);
    FixedBitSet some = filter.evaluate(segment, data.candidates());
    assertThat(all.length()).isEqualTo(data.rows().size());
    for (int i = 0; i < data.rows().size(); i++) {
      Map<String, Object> row = data.rows().get(i);
      boolean expected = Boolean.TRUE.equals(ex.eval(row));
      assertThat(all.get(i)).as("%s on row %d %s", ex.text(), i, row).isEqualTo(expected);
      assertThat(some.get(i)).as("%s on candidate row %d %s", ex.text(), i, row)
          .isEqualTo(expected && data.candidates().get(i));
    }
  }

  @Provide
  Arbitrary<Data> data() {
    return Combinators.combine(Arbitraries.longs(), Arbitraries.integers().between(0, 200))
        .as((seed, n) -> generate(new Random(seed), n));
  }

  private static Data generate(Random rnd, int n) {
    List<Map<String, Object>> rows = new ArrayList<>(n);
    FixedBitSet candidates = new FixedBitSet(n);
    double density = rnd.nextDouble();
    for (int i = 0; i < n; i++) {
      rows.add(row(rnd, i));
      if (rnd.nextDouble() < density) {
        candidates.set(i);
      }
    }
    return new Data(rows, candidates);
  }

  private static <T> T pick(Random rnd, List<T> values) {
    return values.get(rnd.nextInt(values.size()));
  }

  private static long smallOrExtreme(Random rnd, long min, long max) {
    int k = rnd.nextInt(20);
    if (k == 0) {
      return min;
    }
    if (k == 1) {
      return max;
    }
    return rnd.nextInt(9) - 4;
  }

  private static final List<Double> DOUBLES =
      List.of(0.0, -0.0, 0.5, -1.5, 2.0, 3.0, 0.1, 1e300, -1e300, Double.NaN, 9007199254740992.0, 1.0, -4.0);

  private static Map<String, Object> row(Random rnd, int i) {
    Map<String, Object> r = new HashMap<>();
    r.put("id", (long) i);
    r.put("b", rnd.nextBoolean());
    r.put("i8", (int) smallOrExtreme(rnd, Byte.MIN_VALUE, Byte.MAX_VALUE));
    r.put("i32", (int) smallOrExtreme(rnd, Integer.MIN_VALUE, Integer.MAX_VALUE));
    r.put("i64", smallOrExtreme(rnd, Long.MIN_VALUE, rnd.nextBoolean() ? Long.MAX_VALUE : 9007199254740993L));
    r.put("f", (float) (double) pick(rnd, DOUBLES));
    r.put("d", pick(rnd, DOUBLES));
    r.put("s", pick(rnd, STRINGS));
    if (rnd.nextInt(3) > 0) {
      r.put("nb", rnd.nextBoolean());
      r.put("ni", smallOrExtreme(rnd, Long.MIN_VALUE, Long.MAX_VALUE));
      r.put("nf", (float) (double) pick(rnd, DOUBLES));
      r.put("nd", pick(rnd, DOUBLES));
      r.put("ns", pick(rnd, STRINGS));
      r.put("nj", json(rnd));
    }
    r.put("j", json(rnd));
    List<Long> ai = new ArrayList<>();
    List<String> as = new ArrayList<>();
    for (int k = rnd.nextInt(4); k > 0; k--) {
      ai.add((long) rnd.nextInt(5) - 1);
      as.add(pick(rnd, STRINGS));
    }
    r.put("ai", ai);
    r.put("as", as);
    ObjectNode meta = JSON.objectNode();
    switch (rnd.nextInt(4)) {
      case 0 -> meta.put("m", rnd.nextInt(5) - 2);
      case 1 -> meta.put("m", pick(rnd, STRINGS));
      case 2 -> meta.putNull("m");
      default -> { }
    }
    if (rnd.nextBoolean()) {
      ArrayNode t = meta.putArray("t");
      for (int k = rnd.nextInt(3); k > 0; k--) {
        t.add(pick(rnd, STRINGS));
      }
    }
    r.put("$meta", meta);
    return r;
  }

  private static JsonNode scalar(Random rnd) {
    return switch (rnd.nextInt(6)) {
      case 0 -> JSON.numberNode(rnd.nextInt(7) - 3);
      case 1 -> JSON.numberNode(pick(rnd, List.of(0.5, -1.5, 2.0, 1e300)));
      case 2 -> JSON.textNode(pick(rnd, STRINGS));
      case 3 -> JSON.booleanNode(rnd.nextBoolean());
      case 4 -> JSON.nullNode();
      default -> JSON.numberNode(9007199254740993L);
    };
  }

  private static JsonNode json(Random rnd) {
    int shape = rnd.nextInt(10);
    if (shape == 0) {
      return JSON.arrayNode().add(1).add(2);
    }
    if (shape == 1) {
      return scalar(rnd);
    }
    ObjectNode o = JSON.objectNode();
    switch (rnd.nextInt(8)) {
      case 0 -> { }
      case 1 -> o.putArray("k").add(1).add(rnd.nextInt(3));
      case 2 -> o.putObject("k").put("x", 1);
      default -> o.set("k", scalar(rnd));
    }
    if (rnd.nextBoolean()) {
      ObjectNode inner = o.putObject("o");
      if (rnd.nextBoolean()) {
        inner.set("x", scalar(rnd));
      }
    }
    switch (rnd.nextInt(4)) {
      case 0 -> { }
      case 1 -> o.set("arr", scalar(rnd));
      default -> {
        ArrayNode arr = o.putArray("arr");
        for (int k = rnd.nextInt(4); k > 0; k--) {
          arr.add(rnd.nextBoolean() ? JSON.numberNode(rnd.nextInt(4)) : JSON.textNode(pick(rnd, STRINGS)));
        }
      }
    }
    return o;
  }

  // ------------------------------------------------------------------ expressions

  /** A generated expression: its text and its reference meaning on a row. */
  interface Ex {
    String text();

    Boolean eval(Map<String, Object> row);
  }

  record Leaf(String text, Function<Map<String, Object>, Boolean> meaning) implements Ex {
    @Override
    public Boolean eval(Map<String, Object> row) {
      return meaning.apply(row);
    }

    @Override
    public String toString() {
      return text;
    }
  }

  record Not(Ex e, String word) implements Ex {
    @Override
    public String text() {
      return word + " (" + e.text() + ")";
    }

    @Override
    public Boolean eval(Map<String, Object> row) {
      return ReferenceSemantics.not(e.eval(row));
    }

    @Override
    public String toString() {
      return text();
    }
  }

  record Junction(Ex a, Ex b, String word) implements Ex {
    boolean isAnd() {
      return word.equalsIgnoreCase("and") || word.equals("&&");
    }

    @Override
    public String text() {
      return "(" + a.text() + ") " + word + " (" + b.text() + ")";
    }

    @Override
    public Boolean eval(Map<String, Object> row) {
      Boolean x = a.eval(row);
      Boolean y = b.eval(row);
      return isAnd() ? ReferenceSemantics.and(x, y) : ReferenceSemantics.or(x, y);
    }

    @Override
    public String toString() {
      return text();
    }
  }

  @Provide
  Arbitrary<Ex> expressions() {
    return expression(3);
  }

  private Arbitrary<Ex> expression(int depth) {
    Arbitrary<Ex> leaf = Arbitraries.oneOf(List.of(numericCompare(), stringCompare(), boolCompare(), inList(),
        like(), nullCheck(), range(), integerArithmetic(), floatArithmetic(), jsonCompare(), contains(),
        arrayLength(), arrayElement(), columnCompare()));
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<Ex> sub = Arbitraries.lazy(() -> expression(depth - 1));
    return Arbitraries.frequencyOf(
        Tuple.of(4, leaf),
        Tuple.of(1, Combinators.combine(sub, Arbitraries.of("not", "NOT", "!")).as(Not::new)),
        Tuple.of(2, Combinators.combine(sub, sub, Arbitraries.of("and", "AND", "&&")).as(Junction::new)),
        Tuple.of(2, Combinators.combine(sub, sub, Arbitraries.of("or", "OR", "||")).as(Junction::new)));
  }

  private static Arbitrary<Object> numericLiteral() {
    return Arbitraries.oneOf(List.of(
        Arbitraries.longs().between(-5, 5).map(l -> (Object) l),
        Arbitraries.of(Long.MAX_VALUE, Long.MIN_VALUE, 1000L, 127L, -128L, 9007199254740993L, 9007199254740992L)
            .map(l -> (Object) l),
        Arbitraries.of(0.5, -1.5, 2.0, 0.1, -0.0, 1e300, 3.0, 9007199254740992.0, -4.5).map(d -> (Object) d)));
  }

  static String render(Object literal) {
    return switch (literal) {
      case String s -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
      case List<?> list -> {
        List<String> parts = new ArrayList<>();
        for (Object e : list) {
          parts.add(render(e));
        }
        yield "[" + String.join(", ", parts) + "]";
      }
      default -> String.valueOf(literal);
    };
  }

  private static String flip(String op) {
    return switch (op) {
      case "<" -> ">";
      case "<=" -> ">=";
      case ">" -> "<";
      case ">=" -> "<=";
      default -> op;
    };
  }

  private static boolean float32(String field) {
    return field.equals("f") || field.equals("nf");
  }

  /** A literal as compared with {@code field}. */
  private static Object seenBy(String field, Object literal) {
    return value(float32(field) ? ReferenceSemantics.roundToFloat(literal) : literal);
  }

  private static Arbitrary<Ex> compare(Arbitrary<String> fields, Arbitrary<String> ops, Arbitrary<Object> literals) {
    return Combinators.combine(fields, ops, literals, Arbitraries.of(false, true)).as((field, op, lit, litFirst) -> {
      String text = litFirst ? render(lit) + " " + flip(op) + " " + field : field + " " + op + " " + render(lit);
      return new Leaf(text, row -> ReferenceSemantics.compare(op, value(row.get(field)), seenBy(field, lit)));
    });
  }

  private Arbitrary<Ex> numericCompare() {
    return compare(Arbitraries.of(NUMERIC_FIELDS), Arbitraries.of(OPS), numericLiteral());
  }

  private Arbitrary<Ex> stringCompare() {
    return compare(Arbitraries.of("s", "ns"), Arbitraries.of(OPS), Arbitraries.of(STRINGS).map(s -> (Object) s));
  }

  private Arbitrary<Ex> boolCompare() {
    return Combinators.combine(Arbitraries.of("b", "nb"), Arbitraries.of("==", "!="), Arbitraries.of(true, false),
        Arbitraries.of("true", "True", "TRUE")).as((field, op, lit, spelling) -> {
          String word = lit ? spelling : spelling.replace("true", "false").replace("True", "False").replace("TRUE", "FALSE");
          return new Leaf(field + " " + op + " " + word,
              row -> ReferenceSemantics.compare(op, value(row.get(field)), lit));
        });
  }

  private Arbitrary<Ex> inList() {
    Arbitrary<Ex> numeric = Combinators.combine(Arbitraries.of(NUMERIC_FIELDS), numericLiteral().list().ofMaxSize(4),
        Arbitraries.of(false, true)).as((field, list, negated) -> inLeaf(field, new ArrayList<>(list), negated));
    Arbitrary<Ex> strings = Combinators.combine(Arbitraries.of("s", "ns"),
        Arbitraries.of(STRINGS).map(s -> (Object) s).list().ofMaxSize(4), Arbitraries.of(false, true))
        .as((field, list, negated) -> inLeaf(field, new ArrayList<>(list), negated));
    return Arbitraries.oneOf(List.of(numeric, strings));
  }

  private static Ex inLeaf(String field, List<Object> list, boolean negated) {
    List<Object> seen = list.stream().map(l -> seenBy(field, l)).toList();
    String text = field + (negated ? " not in " : " in ") + render(list);
    return new Leaf(text, row -> {
      Boolean in = ReferenceSemantics.in(value(row.get(field)), seen);
      return negated ? ReferenceSemantics.not(in) : in;
    });
  }

  /** JSON operands: text and how to read them from a row. */
  private record JsonRef(String text, String field, List<Object> path) {
    Object read(Map<String, Object> row) {
      Object cell = row.get(field);
      return cell == null ? null : ReferenceSemantics.json(ReferenceSemantics.path((JsonNode) cell, path));
    }
  }

  private static final List<JsonRef> JSON_REFS = List.of(
      new JsonRef("j[\"k\"]", "j", List.of("k")),
      new JsonRef("j['o'][\"x\"]", "j", List.of("o", "x")),
      new JsonRef("j[\"arr\"][0]", "j", List.of("arr", 0)),
      new JsonRef("nj[\"k\"]", "nj", List.of("k")),
      new JsonRef("m", "$meta", List.of("m")),
      new JsonRef("$meta[\"m\"]", "$meta", List.of("m")),
      new JsonRef("t[1]", "$meta", List.of("t", 1)));

  private static final List<JsonRef> JSON_ARRAYS = List.of(
      new JsonRef("j[\"arr\"]", "j", List.of("arr")),
      new JsonRef("j[\"k\"]", "j", List.of("k")),
      new JsonRef("t", "$meta", List.of("t")),
      new JsonRef("$meta[\"t\"]", "$meta", List.of("t")));

  private Arbitrary<Ex> like() {
    Arbitrary<Ex> columns = Combinators.combine(Arbitraries.of("s", "ns"), Arbitraries.of(PATTERNS))
        .as((field, pattern) -> new Leaf(field + " like " + render(pattern),
            row -> ReferenceSemantics.like(value(row.get(field)), pattern)));
    Arbitrary<Ex> json = Combinators.combine(Arbitraries.of(JSON_REFS), Arbitraries.of(PATTERNS))
        .as((ref, pattern) -> new Leaf(ref.text() + " LIKE " + render(pattern),
            row -> ReferenceSemantics.like(ref.read(row), pattern)));
    return Arbitraries.oneOf(List.of(columns, json));
  }

  private Arbitrary<Ex> nullCheck() {
    Arbitrary<Ex> columns = Combinators.combine(Arbitraries.of("ni", "nd", "nf", "ns", "nb", "nj", "j", "i64", "s"),
        Arbitraries.of(false, true)).as((field, negated) -> new Leaf(field + (negated ? " is not null" : " IS NULL"),
            row -> (value(row.get(field)) == null) != negated));
    Arbitrary<Ex> json = Combinators.combine(Arbitraries.of(JSON_REFS), Arbitraries.of(0, 1, 2))
        .as((ref, form) -> new Leaf(switch (form) {
          case 0 -> ref.text() + " is null";
          case 1 -> ref.text() + " is not null";
          default -> "exists " + ref.text();
        }, row -> (ref.read(row) == null) == (form == 0)));
    Arbitrary<Ex> element = Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.of(false, true))
        .as((index, negated) -> new Leaf("ai[" + index + "]" + (negated ? " is not null" : " is null"),
            row -> (element(row, "ai", index) == null) != negated));
    return Arbitraries.oneOf(List.of(columns, json, element));
  }

  private static Object element(Map<String, Object> row, String field, int index) {
    List<?> list = (List<?>) row.get(field);
    return list == null || index >= list.size() ? null : value(list.get(index));
  }

  private Arbitrary<Ex> range() {
    return Combinators.combine(Arbitraries.of(NUMERIC_FIELDS), numericLiteral(), numericLiteral(),
        Arbitraries.of("<", "<="), Arbitraries.of("<", "<="), Arbitraries.of(false, true))
        .as((field, lo, hi, op1, op2, descending) -> {
          String text = descending
              ? render(hi) + " " + flip(op2) + " " + field + " " + flip(op1) + " " + render(lo)
              : render(lo) + " " + op1 + " " + field + " " + op2 + " " + render(hi);
          return new Leaf(text, row -> {
            Object v = value(row.get(field));
            return ReferenceSemantics.and(
                ReferenceSemantics.compare(op1, seenBy(field, lo), v),
                ReferenceSemantics.compare(op2, v, seenBy(field, hi)));
          });
        });
  }

  private Arbitrary<Ex> integerArithmetic() {
    Arbitrary<Object> operand = Arbitraries.oneOf(List.of(
        Arbitraries.of(-3L, -1L, 1L, 2L, 3L, 7L, Long.MAX_VALUE, Long.MIN_VALUE).map(l -> (Object) l),
        Arbitraries.of(0.5, -1.5, 2.0).map(d -> (Object) d)));
    return Combinators.combine(Arbitraries.of("i8", "i32", "i64", "ni", "id"), Arbitraries.of("+", "-", "*", "/", "%"),
        operand, Arbitraries.of(false, true), Arbitraries.of(OPS), numericLiteral())
        .as((field, aop, c, constFirst, op, v) -> arithLeaf(field, aop.equals("%") && c instanceof Double ? "*" : aop,
            c, constFirst, op, v, c instanceof Long));
  }

  private Arbitrary<Ex> floatArithmetic() {
    return Combinators.combine(Arbitraries.of("f", "d", "nd"), Arbitraries.of("+", "-", "*", "/"),
        Arbitraries.of(0.5, -1.5, 2.0, 3.0, 1e300).map(d -> (Object) d), Arbitraries.of(false, true),
        Arbitraries.of(OPS), numericLiteral())
        .as((field, aop, c, constFirst, op, v) -> arithLeaf(field, aop, c, constFirst, op, v, false));
  }

  private static Ex arithLeaf(String field, String aop, Object c, boolean constFirst, String op, Object v,
      boolean integer) {
    String expr = constFirst ? render(c) + " " + aop + " " + field : field + " " + aop + " " + render(c);
    return new Leaf(expr + " " + op + " " + render(v), row -> {
      Object x = value(row.get(field));
      Object r = constFirst ? ReferenceSemantics.arith(aop, value(c), x, integer)
          : ReferenceSemantics.arith(aop, x, value(c), integer);
      return ReferenceSemantics.compare(op, r, value(v));
    });
  }

  private Arbitrary<Ex> jsonCompare() {
    Arbitrary<Object> literal = Arbitraries.oneOf(List.of(numericLiteral(),
        Arbitraries.of(STRINGS).map(s -> (Object) s)));
    Arbitrary<Ex> ordered = Combinators.combine(Arbitraries.of(JSON_REFS), Arbitraries.of(OPS), literal)
        .as((ref, op, lit) -> new Leaf(ref.text() + " " + op + " " + render(lit),
            row -> ReferenceSemantics.compare(op, ref.read(row), value(lit))));
    Arbitrary<Ex> bools = Combinators.combine(Arbitraries.of(JSON_REFS), Arbitraries.of("==", "!="),
        Arbitraries.of(true, false)).as((ref, op, lit) -> new Leaf(ref.text() + " " + op + " " + lit,
            row -> ReferenceSemantics.compare(op, ref.read(row), lit)));
    Arbitrary<Ex> in = Combinators.combine(Arbitraries.of(JSON_REFS), literal.list().ofMaxSize(3),
        Arbitraries.of(false, true)).as((ref, list, negated) -> {
          List<Object> values = list.stream().map(ReferenceSemantics::value).toList();
          return new Leaf(ref.text() + (negated ? " not in " : " in ") + render(list), row -> {
            Boolean r = ReferenceSemantics.in(ref.read(row), values);
            return negated ? ReferenceSemantics.not(r) : r;
          });
        });
    Arbitrary<Ex> arrays = Combinators.combine(Arbitraries.of(JSON_ARRAYS), Arbitraries.of("==", "!="),
        Arbitraries.integers().between(0, 3).list().ofMaxSize(3)).as((ref, op, list) -> {
          List<Object> longs = list.stream().map(i -> (Object) (long) i).toList();
          return new Leaf(ref.text() + " " + op + " " + render(longs),
              row -> ReferenceSemantics.compare(op, ref.read(row), value(longs)));
        });
    return Arbitraries.oneOf(List.of(ordered, bools, in, arrays));
  }

  private Arbitrary<Ex> contains() {
    Arbitrary<String> modes = Arbitraries.of("one", "all", "any");
    Arbitrary<Ex> ints = Combinators.combine(modes, Arbitraries.longs().between(-1, 4).list().ofMaxSize(3),
        Arbitraries.of("array_contains", "json_contains", "ARRAY_CONTAINS")).as((mode, values, fn) ->
            containsLeaf(fn, "ai", row -> value(row.get("ai")), mode, new ArrayList<>(values)));
    Arbitrary<Ex> strings = Combinators.combine(modes, Arbitraries.of(STRINGS).list().ofMaxSize(3))
        .as((mode, values) -> containsLeaf("array_contains", "as", row -> value(row.get("as")), mode,
            new ArrayList<>(values)));
    Arbitrary<Object> mixed = Arbitraries.oneOf(List.of(Arbitraries.longs().between(0, 3).map(l -> (Object) l),
        Arbitraries.of(STRINGS).map(s -> (Object) s)));
    Arbitrary<Ex> json = Combinators.combine(modes, Arbitraries.of(JSON_ARRAYS), mixed.list().ofMaxSize(3))
        .as((mode, ref, values) -> containsLeaf("json_contains", ref.text(), ref::read, mode, new ArrayList<>(values)));
    return Arbitraries.oneOf(List.of(ints, strings, json));
  }

  private static Ex containsLeaf(String fn, String target, Function<Map<String, Object>, Object> read, String mode,
      List<Object> values) {
    if (mode.equals("one") && values.isEmpty()) {
      mode = "any";
    }
    String m = mode;
    String name = m.equals("one") ? fn : fn + (fn.equals(fn.toUpperCase()) ? "_" + m.toUpperCase() : "_" + m);
    String arg = m.equals("one") ? render(values.getFirst()) : render(values);
    List<Object> refValues = (m.equals("one") ? values.subList(0, 1) : values).stream()
        .map(ReferenceSemantics::value).toList();
    return new Leaf(name + "(" + target + ", " + arg + ")",
        row -> ReferenceSemantics.contains(read.apply(row), m, refValues));
  }

  private Arbitrary<Ex> arrayLength() {
    Arbitrary<Ex> columns = Combinators.combine(Arbitraries.of("ai", "as"), Arbitraries.of(OPS),
        Arbitraries.longs().between(-1, 4)).as((field, op, n) -> new Leaf(
            "array_length(" + field + ") " + op + " " + n,
            row -> ReferenceSemantics.compare(op, value((long) ((List<?>) row.get(field)).size()), value(n))));
    Arbitrary<Ex> json = Combinators.combine(Arbitraries.of(JSON_ARRAYS), Arbitraries.of(OPS),
        Arbitraries.longs().between(-1, 4)).as((ref, op, n) -> new Leaf(
            "ARRAY_LENGTH(" + ref.text() + ") " + op + " " + n, row -> {
              Object v = ref.read(row);
              Object len = v instanceof ReferenceSemantics.Arr a ? value((long) a.elements().size()) : null;
              return ReferenceSemantics.compare(op, len, value(n));
            }));
    return Arbitraries.oneOf(List.of(columns, json));
  }

  private Arbitrary<Ex> arrayElement() {
    Arbitrary<Ex> ints = Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.of(OPS),
        numericLiteral()).as((index, op, lit) -> new Leaf("ai[" + index + "] " + op + " " + render(lit),
            row -> ReferenceSemantics.compare(op, element(row, "ai", index), value(lit))));
    Arbitrary<Ex> strings = Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.of(OPS),
        Arbitraries.of(STRINGS)).as((index, op, lit) -> new Leaf("as[" + index + "] " + op + " " + render(lit),
            row -> ReferenceSemantics.compare(op, element(row, "as", index), lit)));
    return Arbitraries.oneOf(List.of(ints, strings));
  }

  private Arbitrary<Ex> columnCompare() {
    Arbitrary<Ex> numeric = Combinators.combine(Arbitraries.of(NUMERIC_FIELDS), Arbitraries.of(OPS),
        Arbitraries.of(NUMERIC_FIELDS)).as((a, op, b) -> new Leaf(a + " " + op + " " + b,
            row -> ReferenceSemantics.compare(op, value(row.get(a)), value(row.get(b)))));
    Arbitrary<Ex> strings = Combinators.combine(Arbitraries.of("s", "ns"), Arbitraries.of(OPS),
        Arbitraries.of("s", "ns")).as((a, op, b) -> new Leaf(a + " " + op + " " + b,
            row -> ReferenceSemantics.compare(op, value(row.get(a)), value(row.get(b)))));
    Arbitrary<Ex> sums = Combinators.combine(Arbitraries.of(INT_FIELDS), Arbitraries.of(INT_FIELDS),
        Arbitraries.of(OPS), Arbitraries.of(FLOAT_FIELDS)).as((a, b, op, c) -> new Leaf(
            a + " + " + b + " " + op + " " + c, row -> ReferenceSemantics.compare(op,
                ReferenceSemantics.arith("+", value(row.get(a)), value(row.get(b)), true), value(row.get(c)))));
    return Arbitraries.oneOf(List.of(numeric, strings, sums));
  }
}
