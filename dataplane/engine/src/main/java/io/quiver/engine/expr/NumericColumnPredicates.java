package io.quiver.engine.expr;

import io.quiver.engine.schema.FieldSchema;
import io.quiver.engine.segment.ColumnReader;
import io.quiver.engine.segment.ConstantColumn;
import io.quiver.engine.segment.SegmentView;
import io.quiver.engine.util.FixedBitSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The fast paths: conditions on one integer or floating column against constants, evaluated in
 * tight loops over the primitive accessors without boxing. NULL cells and NaN values are
 * UNKNOWN (neither TRUE nor FALSE).
 */
final class NumericColumnPredicates {

  private NumericColumnPredicates() {}

  private static boolean mayHaveNulls(ColumnReader c) {
    return c.field().nullable() || c instanceof ConstantColumn;
  }

  /** {@code lo <= x <= hi} (or not) on an INT8..INT64 column. */
  record LongRange(FieldSchema field, LongBounds bounds) implements Predicate {
    @Override
    public Truth eval(SegmentView segment, FixedBitSet scope) {
      ColumnReader c = segment.column(field.id());
      boolean nulls = mayHaveNulls(c);
      long lo = bounds.lo();
      // x in [lo, hi] as one unsigned comparison; an empty range tests nothing.
      long span = bounds.hi() - lo;
      boolean empty = bounds.lo() > bounds.hi();
      boolean negate = bounds.negate();
      return RowScan.run(segment.rowCount(), scope, (base, mask, w, t, f) -> {
        long in = 0;
        long known = mask;
        for (long m = mask; m != 0; m &= m - 1) {
          int b = Long.numberOfTrailingZeros(m);
          int row = base + b;
          if (nulls && c.isNull(row)) {
            known &= ~(1L << b);
            continue;
          }
          long x = c.getLong(row);
          in |= (Long.compareUnsigned(x - lo, span) <= 0 ? 1L : 0L) << b;
        }
        if (empty) {
          in = 0;
        }
        long tb = negate ? known & ~in : in;
        t[w] = tb;
        f[w] = known & ~tb;
      });
    }

    @Override
    public int cost() {
      return 1;
    }

    @Override
    public KeyRange keyRange(long fieldId) {
      return field.id() == fieldId && !bounds.negate() ? new KeyRange.Longs(bounds.lo(), bounds.hi()) : null;
    }

    @Override
    public List<Object> pointKeys(long pkFieldId) {
      if (field.id() != pkFieldId) {
        return null;
      }
      if (bounds.isPoint()) {
        return List.of(bounds.lo());
      }
      return bounds.isEmpty() ? List.of() : null;
    }
  }

  /** {@code lo <= x <= hi} (or not) on a FLOAT or DOUBLE column. */
  record DoubleRange(FieldSchema field, DoubleBounds bounds) implements Predicate {
    @Override
    public Truth eval(SegmentView segment, FixedBitSet scope) {
      ColumnReader c = segment.column(field.id());
      boolean nulls = mayHaveNulls(c);
      double lo = bounds.lo();
      double hi = bounds.hi();
      boolean negate = bounds.negate();
      return RowScan.run(segment.rowCount(), scope, (base, mask, w, t, f) -> {
        long in = 0;
        long known = mask;
        for (long m = mask; m != 0; m &= m - 1) {
          int b = Long.numberOfTrailingZeros(m);
          int row = base + b;
          if (nulls && c.isNull(row)) {
            known &= ~(1L << b);
            continue;
          }
          double x = c.getDouble(row);
          in |= ((x >= lo) & (x <= hi) ? 1L : 0L) << b;
          if (x != x) {
            known &= ~(1L << b);
          }
        }
        long tb = negate ? known & ~in : in;
        t[w] = tb;
        f[w] = known & ~tb;
      });
    }

    @Override
    public int cost() {
      return 1;
    }

    @Override
    public KeyRange keyRange(long fieldId) {
      return field.id() == fieldId && !bounds.negate() ? new KeyRange.Doubles(bounds.lo(), bounds.hi()) : null;
    }
  }

  /** {@code x in (...)} on an INT8..INT64 column; {@code values} are distinct. */
  record LongIn(FieldSchema field, long[] values, LongHashSet set) implements Predicate {
    /** Up to this many values are tested by a linear, branch-free scan instead of hashing. */
    private static final int LINEAR_MAX = 8;

    static LongIn of(FieldSchema field, long[] values) {
      return new LongIn(field, values, new LongHashSet(values));
    }

    @Override
    public Truth eval(SegmentView segment, FixedBitSet scope) {
      ColumnReader c = segment.column(field.id());
      boolean nulls = mayHaveNulls(c);
      boolean linear = values.length <= LINEAR_MAX;
      long[] vs = values;
      return RowScan.run(segment.rowCount(), scope, (base, mask, w, t, f) -> {
        long in = 0;
        long known = mask;
        for (long m = mask; m != 0; m &= m - 1) {
          int b = Long.numberOfTrailingZeros(m);
          int row = base + b;
          if (nulls && c.isNull(row)) {
            known &= ~(1L << b);
            continue;
          }
          long x = c.getLong(row);
          boolean hit;
          if (linear) {
            hit = false;
            for (long v : vs) {
              hit |= x == v;
            }
          } else {
            hit = set.contains(x);
          }
          in |= (hit ? 1L : 0L) << b;
        }
        t[w] = in;
        f[w] = known & ~in;
      });
    }

    @Override
    public int cost() {
      return 2;
    }

    @Override
    public KeyRange keyRange(long fieldId) {
      if (field.id() != fieldId) {
        return null;
      }
      List<Object> keys = new ArrayList<>(values.length);
      for (long v : values) {
        keys.add(v);
      }
      return new KeyRange.Points(keys);
    }

    @Override
    public List<Object> pointKeys(long pkFieldId) {
      if (field.id() != pkFieldId) {
        return null;
      }
      List<Object> keys = new ArrayList<>(values.length);
      for (long v : values) {
        keys.add(v);
      }
      return keys;
    }
  }

  /** {@code x in (...)} on a FLOAT or DOUBLE column; {@code sorted} holds no NaN and no -0.0. */
  record DoubleIn(FieldSchema field, double[] sorted) implements Predicate {
    @Override
    public Truth eval(SegmentView segment, FixedBitSet scope) {
      ColumnReader c = segment.column(field.id());
      boolean nulls = mayHaveNulls(c);
      return RowScan.run(segment.rowCount(), scope, (base, mask, w, t, f) -> {
        long in = 0;
        long known = mask;
        for (long m = mask; m != 0; m &= m - 1) {
          int b = Long.numberOfTrailingZeros(m);
          int row = base + b;
          if (nulls && c.isNull(row)) {
            known &= ~(1L << b);
            continue;
          }
          double x = c.getDouble(row) + 0.0; // -0.0 -> 0.0
          if (x != x) {
            known &= ~(1L << b);
          } else if (Arrays.binarySearch(sorted, x) >= 0) {
            in |= 1L << b;
          }
        }
        t[w] = in;
        f[w] = known & ~in;
      });
    }

    @Override
    public int cost() {
      return 2;
    }

    @Override
    public KeyRange keyRange(long fieldId) {
      if (field.id() != fieldId) {
        return null;
      }
      List<Object> keys = new ArrayList<>(sorted.length);
      for (double v : sorted) {
        keys.add(v);
      }
      return new KeyRange.Points(keys);
    }
  }

  /**
   * {@code (x op c) in bounds}, or {@code (c op x)} when {@code constFirst}, for an integer
   * column and an integer constant, in int64 arithmetic. A zero divisor from the column makes
   * the row UNKNOWN; a constant zero divisor is rejected when planning.
   */
  record LongArith(FieldSchema field, ArithOp op, long c, boolean constFirst, LongBounds bounds) implements Predicate {
    @Override
    public Truth eval(SegmentView segment, FixedBitSet scope) {
      ColumnReader col = segment.column(field.id());
      boolean nulls = mayHaveNulls(col);
      boolean divides = op == ArithOp.DIV || op == ArithOp.MOD;
      return RowScan.run(segment.rowCount(), scope, (base, mask, w, t, f) -> {
        long in = 0;
        long known = mask;
        for (long m = mask; m != 0; m &= m - 1) {
          int b = Long.numberOfTrailingZeros(m);
          int row = base + b;
          if (nulls && col.isNull(row)) {
            known &= ~(1L << b);
            continue;
          }
          long x = col.getLong(row);
          long r;
          if (constFirst) {
            if (divides && x == 0) {
              known &= ~(1L << b);
              continue;
            }
            r = op.apply(c, x);
          } else {
            r = op.apply(x, c);
          }
          if (bounds.test(r)) {
            in |= 1L << b;
          }
        }
        t[w] = in;
        f[w] = known & ~in;
      });
    }

    @Override
    public int cost() {
      return 2;
    }
  }

  /**
   * {@code (x op c) in bounds}, or {@code (c op x)}, in double arithmetic, for a numeric column
   * (integer values are widened) and a numeric constant. NaN results are UNKNOWN.
   */
  record DoubleArith(FieldSchema field, ArithOp op, double c, boolean constFirst, DoubleBounds bounds) implements Predicate {
    @Override
    public Truth eval(SegmentView segment, FixedBitSet scope) {
      ColumnReader col = segment.column(field.id());
      boolean nulls = mayHaveNulls(col);
      boolean integer = field.type().isInteger();
      return RowScan.run(segment.rowCount(), scope, (base, mask, w, t, f) -> {
        long in = 0;
        long known = mask;
        for (long m = mask; m != 0; m &= m - 1) {
          int b = Long.numberOfTrailingZeros(m);
          int row = base + b;
          if (nulls && col.isNull(row)) {
            known &= ~(1L << b);
            continue;
          }
          double x = integer ? (double) col.getLong(row) : col.getDouble(row);
          double r = constFirst ? op.apply(c, x) : op.apply(x, c);
          if (r != r) {
            known &= ~(1L << b);
          } else if (bounds.test(r)) {
            in |= 1L << b;
          }
        }
        t[w] = in;
        f[w] = known & ~in;
      });
    }

    @Override
    public int cost() {
      return 2;
    }
  }
}
