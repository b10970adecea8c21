package io.quiver.engine.expr;

import io.quiver.engine.expr.Operand.Kind;
import io.quiver.engine.expr.RowPredicates.ContainsMode;
import io.quiver.engine.schema.CollectionSchema;
import io.quiver.engine.schema.DataType;
import io.quiver.engine.schema.FieldSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Binds a parsed expression to a collection schema: resolves names (schema fields, {@code
 * $meta}, and unknown names as keys of the dynamic field), type-checks every operator, folds
 * constant arithmetic, and picks an executable {@link Predicate} for each condition, preferring
 * the primitive fast paths of {@link NumericColumnPredicates}.
 */
final class Planner {

  private static final Set<String> UNSUPPORTED_FUNCTIONS = Set.of(
      "text_match", "phrase_match", "random_sample", "element_filter", "match_all", "match_any",
      "match_least", "match_most", "match_exact", "st_equals", "st_touches", "st_overlaps",
      "st_crosses", "st_contains", "st_intersects", "st_within", "st_dwithin", "st_isvalid");

  private final CollectionSchema schema;

  Planner(CollectionSchema schema) {
    this.schema = schema;
  }

  Predicate plan(Ast node) {
    return predicate(node);
  }

  // ---------------------------------------------------------------- conditions

  private Predicate predicate(Ast node) {
    return switch (node) {
      case Ast.Logical l -> {
        List<Predicate> children = new ArrayList<>(l.children().size());
        for (Ast c : l.children()) {
          children.add(predicate(c));
        }
        yield l.and() ? LogicalPredicate.and(children) : LogicalPredicate.or(children);
      }
      case Ast.Not n -> LogicalPredicate.not(predicate(n.operand()));
      case Ast.Compare c -> compare(c.op(), operand(c.left()), operand(c.right()), c.pos());
      case Ast.Range r -> range(r);
      case Ast.In in -> in(in);
      case Ast.Like like -> like(like);
      case Ast.IsNull n -> nullCheck(n);
      case Ast.Exists e -> exists(e);
      case Ast.Call call when containsMode(call) != null -> contains(call, containsMode(call));
      default -> throw notACondition(node);
    };
  }

  private RuntimeException notACondition(Ast node) {
    Operand o = operand(node);
    if (o instanceof Operand.Const) {
      return ExprErrors.semantic(node.pos(), "a constant cannot be used as a condition; compare a field with it");
    }
    if (o.kind() == Kind.BOOL || o.kind() == Kind.JSON) {
      String text = node instanceof Ast.Field f ? f.text() : "it";
      return ExprErrors.semantic(node.pos(), "%s cannot be used alone as a condition; compare it, e.g. %s == true",
          o.describe(), text);
    }
    return ExprErrors.semantic(node.pos(), "expected a condition (a comparison, IN, LIKE, IS NULL, ...), got %s",
        o.describe());
  }

  private Predicate compare(CmpOp op, Operand left, Operand right, int pos) {
    if (left instanceof Operand.Const && right instanceof Operand.Const) {
      throw ExprErrors.semantic(pos, "a comparison between two constants is not supported; compare a field");
    }
    if (left instanceof Operand.Const) {
      Operand t = left;
      left = right;
      right = t;
      op = op.flip();
    }
    checkComparable(op, left, right, pos);
    if (!(right instanceof Operand.Const k)) {
      return new RowPredicates.Compare(left, op, right);
    }
    Object v = coerce(left, k.value());
    if (left instanceof Operand.Column c && c.kind() == Kind.STRING && v instanceof String str && !op.isOrdering()) {
      return new StringColumnPredicates.Equal(c.field(), str, op == CmpOp.NE);
    }
    if (isNumber(v) && !isNaN(v)) {
      Predicate fast = fastCompare(op, left, v);
      if (fast != null) {
        return fast;
      }
    }
    return new RowPredicates.Compare(left, op, new Operand.Const(v));
  }

  private static Predicate fastCompare(CmpOp op, Operand left, Object v) {
    if (left instanceof Operand.Column c && c.kind() == Kind.INT) {
      return new NumericColumnPredicates.LongRange(c.field(), LongBounds.of(op, v));
    }
    if (left instanceof Operand.Column c && c.kind() == Kind.FLOAT) {
      return new NumericColumnPredicates.DoubleRange(c.field(), DoubleBounds.of(op, v));
    }
    if (left instanceof Operand.Arith a && a.op() != ArithOp.POW) {
      boolean constFirst = a.left() instanceof Operand.Const;
      Operand col = constFirst ? a.right() : a.left();
      Operand cst = constFirst ? a.left() : a.right();
      if (col instanceof Operand.Column c && c.kind().isNumeric() && cst instanceof Operand.Const k
          && isNumber(k.value()) && !isNaN(k.value())) {
        if (c.kind() == Kind.INT && k.value() instanceof Long l) {
          return new NumericColumnPredicates.LongArith(c.field(), a.op(), l, constFirst, LongBounds.of(op, v));
        }
        return new NumericColumnPredicates.DoubleArith(
            c.field(), a.op(), toDouble(k.value()), constFirst, DoubleBounds.of(op, v));
      }
    }
    return null;
  }

  private Predicate range(Ast.Range r) {
    Operand lower = operand(r.lower());
    Operand middle = operand(r.middle());
    Operand upper = operand(r.upper());
    if (middle instanceof Operand.Const) {
      throw ExprErrors.semantic(r.middle().pos(), "the middle of a range comparison must be a field, got %s",
          middle.describe());
    }
    Predicate first = compare(r.op1(), lower, middle, r.pos());
    Predicate second = compare(r.op2(), middle, upper, r.pos());
    if (first instanceof NumericColumnPredicates.LongRange a && second instanceof NumericColumnPredicates.LongRange b
        && !a.bounds().negate() && !b.bounds().negate()) {
      return new NumericColumnPredicates.LongRange(a.field(), a.bounds().intersect(b.bounds()));
    }
    if (first instanceof NumericColumnPredicates.DoubleRange a && second instanceof NumericColumnPredicates.DoubleRange b
        && !a.bounds().negate() && !b.bounds().negate()) {
      return new NumericColumnPredicates.DoubleRange(a.field(), a.bounds().intersect(b.bounds()));
    }
    return LogicalPredicate.and(List.of(first, second));
  }

  private Predicate in(Ast.In in) {
    Operand x = operand(in.operand());
    if (x instanceof Operand.Const) {
      throw ExprErrors.semantic(in.operand().pos(), "the left side of 'in' must be a field, got %s", x.describe());
    }
    Operand list = operand(in.list());
    if (!(list instanceof Operand.Const k) || !(k.value() instanceof List<?> raw)) {
      throw ExprErrors.semantic(in.list().pos(), "the right side of 'in' must be a list such as [1, 2], got %s",
          list.describe());
    }
    List<Object> values = new ArrayList<>(raw.size());
    for (Object e : raw) {
      Operand.Const c = new Operand.Const(e);
      if (!comparable(x, c)) {
        throw ExprErrors.semantic(in.pos(), "cannot compare %s with %s %s in the 'in' list", x.describe(),
            c.describe(), Values.show(e));
      }
      values.add(coerce(x, e));
    }
    Predicate p;
    if (x instanceof Operand.Column c && c.kind() == Kind.INT) {
      p = NumericColumnPredicates.LongIn.of(c.field(), longMembers(values));
    } else if (x instanceof Operand.Column c && c.kind() == Kind.FLOAT) {
      p = new NumericColumnPredicates.DoubleIn(c.field(), doubleMembers(values));
    } else if (x instanceof Operand.Column c && c.kind() == Kind.STRING) {
      p = StringColumnPredicates.In.of(c.field(), values);
    } else {
      p = RowPredicates.In.of(x, values);
    }
    return in.negated() ? LogicalPredicate.not(p) : p;
  }

  /** The distinct integers among {@code values} (integral doubles included, others can never match). */
  private static long[] longMembers(List<Object> values) {
    long[] out = new long[values.size()];
    int n = 0;
    for (Object v : values) {
      if (isNumber(v) && !isNaN(v)) {
        LongBounds b = LongBounds.of(CmpOp.EQ, v);
        if (b.isPoint()) {
          out[n++] = b.lo();
        }
      }
    }
    return Arrays.stream(out, 0, n).distinct().toArray();
  }

  private static double[] doubleMembers(List<Object> values) {
    double[] out = new double[values.size()];
    int n = 0;
    for (Object v : values) {
      double d = toDouble(v);
      boolean exact = !(v instanceof Long l) || Values.compareLongDouble(l, d) == 0;
      if (!Double.isNaN(d) && exact) {
        out[n++] = d + 0.0;
      }
    }
    return Arrays.stream(out, 0, n).sorted().distinct().toArray();
  }

  private Predicate like(Ast.Like like) {
    Operand x = operand(like.operand());
    if (x instanceof Operand.Const || (x.kind() != Kind.STRING && x.kind() != Kind.JSON)) {
      throw ExprErrors.semantic(like.pos(), "LIKE can only be applied to a VarChar field or a JSON value, got %s",
          x.describe());
    }
    Operand pattern = operand(like.pattern());
    if (!(pattern instanceof Operand.Const k) || !(k.value() instanceof String s)) {
      throw ExprErrors.semantic(like.pattern().pos(), "the pattern of LIKE must be a string, got %s",
          pattern.describe());
    }
    return new RowPredicates.Like(x, LikePattern.compile(s));
  }

  private Predicate nullCheck(Ast.IsNull n) {
    Operand x = operand(n.operand());
    if (!(x instanceof Operand.Column || x instanceof Operand.JsonPath || x instanceof Operand.ArrayElement)) {
      throw ExprErrors.semantic(n.pos(), "IS NULL can only be applied to a field or a JSON key, got %s", x.describe());
    }
    return new RowPredicates.NullCheck(x, n.negated());
  }

  private Predicate exists(Ast.Exists e) {
    Operand x = operand(e.operand());
    if (!(x instanceof Operand.JsonPath)) {
      throw ExprErrors.semantic(e.pos(), "EXISTS can only be applied to a JSON key such as meta[\"key\"], got %s",
          x.describe());
    }
    return new RowPredicates.NullCheck(x, true);
  }

  private static ContainsMode containsMode(Ast.Call call) {
    return switch (call.name().toLowerCase(Locale.ROOT)) {
      case "json_contains", "array_contains" -> ContainsMode.ONE;
      case "json_contains_all", "array_contains_all" -> ContainsMode.ALL;
      case "json_contains_any", "array_contains_any" -> ContainsMode.ANY;
      default -> null;
    };
  }

  private Predicate contains(Ast.Call call, ContainsMode mode) {
    String fn = call.name();
    if (call.args().size() != 2) {
      throw ExprErrors.semantic(call.pos(), "%s takes 2 arguments, got %d", fn, call.args().size());
    }
    Operand target = operand(call.args().get(0));
    boolean array = target instanceof Operand.Column c && c.kind() == Kind.ARRAY;
    if (!array && !(target.kind() == Kind.JSON && !(target instanceof Operand.Const))) {
      throw ExprErrors.semantic(call.args().get(0).pos(),
          "%s needs an Array field or a JSON value as its first argument, got %s", fn, target.describe());
    }
    Ast valueNode = call.args().get(1);
    Operand value = operand(valueNode);
    if (!(value instanceof Operand.Const k)) {
      throw ExprErrors.semantic(valueNode.pos(), "the second argument of %s must be a constant, got %s", fn,
          value.describe());
    }
    List<Object> elements;
    if (mode == ContainsMode.ONE) {
      elements = List.of(k.value());
    } else if (k.value() instanceof List<?> list) {
      elements = new ArrayList<>(list);
    } else {
      throw ExprErrors.semantic(valueNode.pos(), "%s needs a list as its second argument, got %s", fn,
          value.describe());
    }
    List<Object> coerced = new ArrayList<>(elements.size());
    for (Object e : elements) {
      if (array) {
        FieldSchema f = ((Operand.Column) target).field();
        Operand.Const c = new Operand.Const(e);
        if (!compatible(Kind.of(f.elementType()), c.kind())) {
          throw ExprErrors.semantic(valueNode.pos(), "cannot compare the %s elements of Array field '%s' with %s %s",
              f.elementType().milvusName(), f.name(), c.describe(), Values.show(e));
        }
        coerced.add(f.elementType() == DataType.FLOAT ? roundToFloat(e) : e);
      } else {
        coerced.add(e);
      }
    }
    return new RowPredicates.Contains(target, mode, new ValueSet(coerced));
  }

  // ---------------------------------------------------------------- type rules

  /** Whether values of kinds {@code a} and {@code b} can be tested for equality. */
  private static boolean compatible(Kind a, Kind b) {
    if (a == Kind.OBJECT || b == Kind.OBJECT) {
      return a == Kind.JSON || b == Kind.JSON;
    }
    if (a == Kind.JSON || b == Kind.JSON) {
      return true;
    }
    if (a.isNumeric() && b.isNumeric()) {
      return true;
    }
    if (a == b && (a == Kind.STRING || a == Kind.BOOL)) {
      return true;
    }
    return (a == Kind.ARRAY || a == Kind.LIST) && (b == Kind.ARRAY || b == Kind.LIST);
  }

  /** Equality compatibility of an operand and a constant, looking into array elements. */
  private static boolean comparable(Operand x, Operand.Const c) {
    if (!compatible(x.kind(), c.kind())) {
      return false;
    }
    if (x instanceof Operand.Column col && col.kind() == Kind.ARRAY && c.value() instanceof List<?> list) {
      Kind element = Kind.of(col.field().elementType());
      for (Object e : list) {
        if (!compatible(element, new Operand.Const(e).kind())) {
          return false;
        }
      }
    }
    return true;
  }

  private static void checkComparable(CmpOp op, Operand left, Operand right, int pos) {
    if (op.isOrdering()) {
      for (Operand o : List.of(left, right)) {
        if (o.kind() == Kind.BOOL || o.kind() == Kind.ARRAY || o.kind() == Kind.LIST || o.kind() == Kind.OBJECT) {
          throw ExprErrors.semantic(pos, "operator '%s' cannot be applied to %s", op.symbol(), o.describe());
        }
      }
    }
    boolean ok = right instanceof Operand.Const c ? comparable(left, c) : compatible(left.kind(), right.kind());
    if (!ok) {
      if (left.kind() == Kind.ARRAY && right.kind() != Kind.LIST && right.kind() != Kind.ARRAY) {
        throw ExprErrors.semantic(pos, "cannot compare %s with %s; index it (%s[0]) or use array_contains",
            left.describe(), right.describe(), ((Operand.Column) left).field().name());
      }
      throw ExprErrors.semantic(pos, "cannot compare %s with %s", left.describe(), right.describe());
    }
  }

  /** A constant as compared with {@code target}: rounded to float precision for Float operands. */
  private static Object coerce(Operand target, Object v) {
    if (target.float32() && isNumber(v)) {
      return roundToFloat(v);
    }
    if (target instanceof Operand.Column c && c.kind() == Kind.ARRAY && c.field().elementType() == DataType.FLOAT
        && v instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object e : list) {
        out.add(roundToFloat(e));
      }
      return out;
    }
    return v;
  }

  private static Object roundToFloat(Object v) {
    return isNumber(v) ? (double) (float) toDouble(v) : v;
  }

  private static boolean isNumber(Object v) {
    return v instanceof Long || v instanceof Double;
  }

  private static boolean isNaN(Object v) {
    return v instanceof Double d && d.isNaN();
  }

  private static double toDouble(Object v) {
    return ((Number) v).doubleValue();
  }

  // ---------------------------------------------------------------- values

  private Operand operand(Ast node) {
    return switch (node) {
      case Ast.Literal l -> new Operand.Const(l.value());
      case Ast.ListLit list -> new Operand.Const(listValue(list));
      case Ast.Field f -> field(f);
      case Ast.Unary u -> unary(u);
      case Ast.Binary b -> arith(b);
      case Ast.Call c -> callValue(c);
      default -> throw ExprErrors.semantic(node.pos(), "a condition cannot be used as a value here");
    };
  }

  private List<Object> listValue(Ast.ListLit list) {
    List<Object> out = new ArrayList<>(list.elements().size());
    for (Ast e : list.elements()) {
      Operand o = operand(e);
      if (!(o instanceof Operand.Const c)) {
        throw ExprErrors.semantic(e.pos(), "list elements must be constants, got %s", o.describe());
      }
      out.add(c.value());
    }
    return out;
  }

  private Operand field(Ast.Field f) {
    String name = f.name();
    FieldSchema dynamic = schema.dynamicField();
    if (name.equals(FieldSchema.DYNAMIC_FIELD_NAME)) {
      if (dynamic == null) {
        throw ExprErrors.semantic(f.pos(), "field '%s' does not exist (the collection has no dynamic field)", name);
      }
      return f.path().isEmpty() ? new Operand.Column(dynamic) : new Operand.JsonPath(dynamic, f.path(), f.text());
    }
    FieldSchema field = schema.field(name);
    if (field == null || field.dynamic()) {
      if (dynamic == null) {
        throw ExprErrors.semantic(f.pos(), "field '%s' does not exist", name);
      }
      List<Object> path = new ArrayList<>(f.path().size() + 1);
      path.add(name);
      path.addAll(f.path());
      return new Operand.JsonPath(dynamic, List.copyOf(path), f.text());
    }
    if (Kind.of(field.type()) == null) {
      throw ExprErrors.semantic(f.pos(), "%s field '%s' cannot be used in a filter", field.type().milvusName(), name);
    }
    if (f.path().isEmpty()) {
      return new Operand.Column(field);
    }
    if (field.type() == DataType.JSON) {
      return new Operand.JsonPath(field, f.path(), f.text());
    }
    if (field.type() == DataType.ARRAY) {
      if (f.path().size() != 1 || !(f.path().getFirst() instanceof Integer index)) {
        throw ExprErrors.semantic(f.pos(), "Array field '%s' takes a single integer index, as in %s[0]", name, name);
      }
      return new Operand.ArrayElement(field, index, f.text());
    }
    throw ExprErrors.semantic(f.pos(), "%s field '%s' cannot be indexed with []", field.type().milvusName(), name);
  }

  private Operand unary(Ast.Unary u) {
    Operand o = operand(u.operand());
    if (!o.kind().isNumeric() && o.kind() != Kind.JSON) {
      throw ExprErrors.semantic(u.pos(), "cannot apply unary '%s' to %s", u.negate() ? "-" : "+", o.describe());
    }
    if (!u.negate()) {
      return o;
    }
    if (o instanceof Operand.Const c) {
      return new Operand.Const(c.value() instanceof Long l ? (Object) (-l) : (Object) (-(Double) c.value()));
    }
    return new Operand.Arith(ArithOp.SUB, new Operand.Const(0L), o, arithKind(ArithOp.SUB, Kind.INT, o.kind()));
  }

  private Operand arith(Ast.Binary b) {
    Operand l = operand(b.left());
    Operand r = operand(b.right());
    ArithOp op = b.op();
    for (Operand o : List.of(l, r)) {
      if (!o.kind().isNumeric() && o.kind() != Kind.JSON) {
        throw ExprErrors.semantic(b.pos(), "cannot apply '%s' to %s", op.symbol(), o.describe());
      }
    }
    if (op == ArithOp.MOD && (l.kind() == Kind.FLOAT || r.kind() == Kind.FLOAT)) {
      throw ExprErrors.semantic(b.pos(), "modulo can only apply on integer types");
    }
    if ((op == ArithOp.DIV || op == ArithOp.MOD) && r instanceof Operand.Const k && toDouble(k.value()) == 0) {
      throw ExprErrors.semantic(b.pos(), "division or modulus by zero");
    }
    if (l instanceof Operand.Const a && r instanceof Operand.Const c) {
      return new Operand.Const(Operand.Arith.apply(op, a.value(), c.value()));
    }
    return new Operand.Arith(op, l, r, arithKind(op, l.kind(), r.kind()));
  }

  private static Kind arithKind(ArithOp op, Kind a, Kind b) {
    if (op == ArithOp.POW || a == Kind.FLOAT || b == Kind.FLOAT) {
      return Kind.FLOAT;
    }
    return a == Kind.INT && b == Kind.INT ? Kind.INT : Kind.NUMBER;
  }

  private Operand callValue(Ast.Call call) {
    String fn = call.name().toLowerCase(Locale.ROOT);
    if (fn.equals("array_length")) {
      if (call.args().size() != 1) {
        throw ExprErrors.semantic(call.pos(), "array_length takes 1 argument, got %d", call.args().size());
      }
      Operand target = operand(call.args().getFirst());
      boolean ok = target instanceof Operand.JsonPath
          || (target instanceof Operand.Column c && (c.kind() == Kind.ARRAY || c.kind() == Kind.JSON));
      if (!ok) {
        throw ExprErrors.semantic(call.args().getFirst().pos(),
            "array_length can only be applied to an Array field or a JSON value, got %s", target.describe());
      }
      return new Operand.ArrayLength(target, call.name() + "(" + describeName(call.args().getFirst()) + ")");
    }
    if (containsMode(call) != null) {
      throw ExprErrors.semantic(call.pos(), "%s(...) is a condition and cannot be used as a value", call.name());
    }
    throw unknownFunction(call);
  }

  private static String describeName(Ast node) {
    return node instanceof Ast.Field f ? f.text() : "...";
  }

  private static RuntimeException unknownFunction(Ast.Call call) {
    String fn = call.name().toLowerCase(Locale.ROOT);
    if (UNSUPPORTED_FUNCTIONS.contains(fn)) {
      return ExprErrors.semantic(call.pos(), "function '%s' is not supported", call.name());
    }
    return ExprErrors.semantic(call.pos(), "unknown function '%s'", call.name());
  }
}
