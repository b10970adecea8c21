package io.quiver.engine.expr;

import io.quiver.engine.schema.FieldSchema;
import io.quiver.engine.segment.ColumnReader;
import io.quiver.engine.segment.ConstantColumn;
import io.quiver.engine.segment.SegmentView;
import io.quiver.engine.util.FixedBitSet;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Fast paths for equality and IN on a VarChar column; NULL cells are UNKNOWN. */
final class StringColumnPredicates {

  private StringColumnPredicates() {}

  /** {@code x == value}, or {@code x != value} when {@code negate}. */
  record Equal(FieldSchema field, String value, boolean negate) implements Predicate {
    @Override
    public Truth eval(SegmentView segment, FixedBitSet scope) {
      ColumnReader c = segment.column(field.id());
      boolean nulls = c.field().nullable() || c instanceof ConstantColumn;
      return RowScan.run(segment.rowCount(), scope, (base, mask, w, t, f) -> {
        long in = 0;
        long known = mask;
        for (long m = mask; m != 0; m &= m - 1) {
          int b = Long.numberOfTrailingZeros(m);
          int row = base + b;
          String x;
          if ((nulls && c.isNull(row)) || (x = c.getString(row)) == null) {
            known &= ~(1L << b);
          } else if (value.equals(x)) {
            in |= 1L << b;
          }
        }
        long tb = negate ? known & ~in : in;
        t[w] = tb;
        f[w] = known & ~tb;
      });
    }

    @Override
    public int cost() {
      return 2;
    }

    @Override
    public KeyRange keyRange(long fieldId) {
      return field.id() == fieldId && !negate ? new KeyRange.Points(List.of(value)) : null;
    }

    @Override
    public List<Object> pointKeys(long pkFieldId) {
      return field.id() == pkFieldId && !negate ? List.of(value) : null;
    }
  }

  /** {@code x in (values)}. */
  record In(FieldSchema field, Set<String> values) implements Predicate {
    static In of(FieldSchema field, List<Object> values) {
      Set<String> set = new LinkedHashSet<>();
      for (Object v : values) {
        set.add((String) v);
      }
      return new In(field, set);
    }

    @Override
    public Truth eval(SegmentView segment, FixedBitSet scope) {
      ColumnReader c = segment.column(field.id());
      boolean nulls = c.field().nullable() || c instanceof ConstantColumn;
      return RowScan.run(segment.rowCount(), scope, (base, mask, w, t, f) -> {
        long in = 0;
        long known = mask;
        for (long m = mask; m != 0; m &= m - 1) {
          int b = Long.numberOfTrailingZeros(m);
          int row = base + b;
          String x;
          if ((nulls && c.isNull(row)) || (x = c.getString(row)) == null) {
            known &= ~(1L << b);
          } else if (values.contains(x)) {
            in |= 1L << b;
          }
        }
        t[w] = in;
        f[w] = known & ~in;
      });
    }

    @Override
    public int cost() {
      return 3;
    }

    @Override
    public KeyRange keyRange(long fieldId) {
      return field.id() == fieldId ? new KeyRange.Points(new ArrayList<>(values)) : null;
    }

    @Override
    public List<Object> pointKeys(long pkFieldId) {
      return field.id() == pkFieldId ? new ArrayList<>(values) : null;
    }
  }
}
