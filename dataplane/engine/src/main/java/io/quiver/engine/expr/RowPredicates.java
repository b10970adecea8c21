package io.quiver.engine.expr;

import io.quiver.engine.expr.Operand.RowReader;
import io.quiver.engine.segment.ColumnReader;
import io.quiver.engine.segment.SegmentView;
import io.quiver.engine.util.FixedBitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The general conditions, evaluated row by row over {@link Operand}s in the normalized value
 * model of {@link Values}. An unknown operand value (NULL cell, missing JSON key, JSON null,
 * index out of bounds) makes the condition UNKNOWN; a JSON value of a type the constant cannot
 * be compared with makes it FALSE ({@code !=}: TRUE).
 */
final class RowPredicates {

  private RowPredicates() {}

  /** Cost of a condition reading {@code operand}: JSON parsing and boxing cost more. */
  static int readCost(Operand operand) {
    return switch (operand) {
      case Operand.Const ignored -> 0;
      case Operand.Column c -> c.kind() == Operand.Kind.JSON || c.kind() == Operand.Kind.ARRAY ? 8 : 3;
      case Operand.JsonPath ignored -> 10;
      case Operand.ArrayElement ignored -> 6;
      case Operand.ArrayLength l -> readCost(l.target());
      case Operand.Arith a -> 1 + readCost(a.left()) + readCost(a.right());
    };
  }

  /** {@code left op right}. */
  record Compare(Operand left, CmpOp op, Operand right) implements Predicate {
    @Override
    public Truth eval(SegmentView segment, FixedBitSet scope) {
      RowReader l = left.bind(segment);
      RowReader r = right.bind(segment);
      return RowScan.run(segment.rowCount(), scope, row -> {
        Object a = l.get(row);
        if (a == null) {
          return Values.UNKNOWN;
        }
        Object b = r.get(row);
        if (b == null) {
          return Values.UNKNOWN;
        }
        return Values.test(op, Values.compare(a, b));
      });
    }

    @Override
    public int cost() {
      return readCost(left) + readCost(right);
    }
  }

  /** {@code operand in (values)}. */
  record In(Operand operand, List<Object> values, ValueSet set) implements Predicate {
    static In of(Operand operand, List<Object> values) {
      return new In(operand, List.copyOf(values), new ValueSet(values));
    }

    @Override
    public Truth eval(SegmentView segment, FixedBitSet scope) {
      RowReader r = operand.bind(segment);
      return RowScan.run(segment.rowCount(), scope, row -> {
        Object v = r.get(row);
        if (v == null || (v instanceof Double d && d.isNaN())) {
          return Values.UNKNOWN;
        }
        return set.contains(v) ? Values.TRUE : Values.FALSE;
      });
    }

    @Override
    public int cost() {
      return readCost(operand) + 1;
    }
  }

  /** {@code operand like pattern}: TRUE or FALSE for strings, FALSE for other JSON values. */
  record Like(Operand operand, LikePattern pattern) implements Predicate {
    @Override
    public Truth eval(SegmentView segment, FixedBitSet scope) {
      RowReader r = operand.bind(segment);
      return RowScan.run(segment.rowCount(), scope, row -> {
        Object v = r.get(row);
        if (v == null) {
          return Values.UNKNOWN;
        }
        return v instanceof String s && pattern.matches(s) ? Values.TRUE : Values.FALSE;
      });
    }

    @Override
    public int cost() {
      return readCost(operand) + 2;
    }
  }

  /** {@code operand is null} ({@code negated}: is not null); never UNKNOWN. */
  record NullCheck(Operand operand, boolean negated) implements Predicate {
    @Override
    public Truth eval(SegmentView segment, FixedBitSet scope) {
      int ifNull = negated ? Values.FALSE : Values.TRUE;
      int ifValue = negated ? Values.TRUE : Values.FALSE;
      if (operand instanceof Operand.Column c && c.kind() != Operand.Kind.JSON) {
        // Only the validity matters; a JSON cell may also hold a JSON null, so it is read.
        ColumnReader column = segment.column(c.field().id());
        return RowScan.run(segment.rowCount(), scope, row -> column.isNull(row) ? ifNull : ifValue);
      }
      RowReader r = operand.bind(segment);
      return RowScan.run(segment.rowCount(), scope, row -> r.get(row) == null ? ifNull : ifValue);
    }

    @Override
    public int cost() {
      return operand instanceof Operand.Column c && c.kind() != Operand.Kind.JSON ? 1 : readCost(operand);
    }
  }

  /** The three forms of array / JSON containment. */
  enum ContainsMode {
    /** The array holds an element equal to the one constant. */
    ONE,
    /** The array holds an element equal to each constant. */
    ALL,
    /** The array holds an element equal to some constant. */
    ANY
  }

  /**
   * {@code json_contains / array_contains[_all|_any](operand, values)}: UNKNOWN when the value is
   * unknown, FALSE when it is not an array.
   */
  record Contains(Operand operand, ContainsMode mode, ValueSet set) implements Predicate {
    @Override
    public Truth eval(SegmentView segment, FixedBitSet scope) {
      RowReader r = operand.bind(segment);
      return RowScan.run(segment.rowCount(), scope, row -> {
        Object v = r.get(row);
        if (v == null) {
          return Values.UNKNOWN;
        }
        if (!Values.isArray(v)) {
          return Values.FALSE;
        }
        return test(Values.elements(v)) ? Values.TRUE : Values.FALSE;
      });
    }

    private boolean test(List<Object> elements) {
      if (mode == ContainsMode.ALL) {
        if (set.hasUnmatchable()) {
          return false;
        }
        Set<Object> seen = new HashSet<>();
        for (Object e : elements) {
          if (e != null) {
            Object k = Values.key(e);
            if (k != null && set.keys().contains(k)) {
              seen.add(k);
            }
          }
        }
        return seen.size() == set.size();
      }
      for (Object e : elements) {
        if (e != null && set.contains(e)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public int cost() {
      return readCost(operand) + 4;
    }
  }
}
