package io.quiver.engine.expr;

import io.quiver.engine.segment.KeyStats;
import java.util.List;

/**
 * What a filter requires of one field, as far as segment pruning is concerned: whether a segment
 * whose values of the field lie in {@code [min, max]} can hold a matching row. Only ever answers
 * false when no row of such a segment can match (the filter is TRUE only for non-null values in
 * the range or set). Immutable.
 */
public sealed interface KeyRange {

  /** Whether a segment with key range {@code stats} may hold a row that matches. */
  boolean mayMatch(KeyStats stats);

  /** {@code lo <= x <= hi} on an integer field. */
  record Longs(long lo, long hi) implements KeyRange {
    @Override
    public boolean mayMatch(KeyStats s) {
      if (s.min() == null) {
        return false; // only nulls: a comparison is never TRUE
      }
      if (!(s.min() instanceof Long min) || !(s.max() instanceof Long max)) {
        return true;
      }
      return lo <= hi && lo <= max && hi >= min;
    }
  }

  /** {@code lo <= x <= hi} on a floating field. */
  record Doubles(double lo, double hi) implements KeyRange {
    @Override
    public boolean mayMatch(KeyStats s) {
      if (s.min() == null) {
        return false;
      }
      if (!(s.min() instanceof Double min) || !(s.max() instanceof Double max)) {
        return true;
      }
      return lo <= hi && lo <= max && hi >= min;
    }
  }

  /** {@code x} equals one of {@code values} (Long, Double or String, as the field's values). */
  record Points(List<Object> values) implements KeyRange {
    @Override
    public boolean mayMatch(KeyStats s) {
      if (s.min() == null) {
        return false;
      }
      for (Object v : values) {
        if (v.getClass() != s.min().getClass() || s.max() == null || v.getClass() != s.max().getClass()) {
          return true; // not comparable: cannot rule the segment out
        }
        if (KeyStats.ORDER.compare(v, s.min()) >= 0 && KeyStats.ORDER.compare(v, s.max()) <= 0) {
          return true;
        }
      }
      return false;
    }
  }

  /** Every one of {@code parts} holds (AND). */
  record All(List<KeyRange> parts) implements KeyRange {
    @Override
    public boolean mayMatch(KeyStats s) {
      for (KeyRange p : parts) {
        if (!p.mayMatch(s)) {
          return false;
        }
      }
      return true;
    }
  }

  /** At least one of {@code parts} holds (OR). */
  record Any(List<KeyRange> parts) implements KeyRange {
    @Override
    public boolean mayMatch(KeyStats s) {
      for (KeyRange p : parts) {
        if (p.mayMatch(s)) {
          return true;
        }
      }
      return false;
    }
  }
}
