package io.quiver.engine.expr;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An int64 test {@code lo <= x <= hi}, or its negation. Every comparison of an integer value with
 * a numeric constant reduces to one exactly, whatever the constant's type ({@code x > 2.5} is
 * {@code x >= 3}, {@code x == 2.5} is empty), so integer columns never go through double.
 */
record LongBounds(long lo, long hi, boolean negate) {

  static final LongBounds EMPTY = new LongBounds(1, 0, false);
  static final LongBounds ALL = new LongBounds(Long.MIN_VALUE, Long.MAX_VALUE, false);

  private static final BigDecimal MIN = BigDecimal.valueOf(Long.MIN_VALUE);
  private static final BigDecimal MAX = BigDecimal.valueOf(Long.MAX_VALUE);

  boolean test(long x) {
    return (x >= lo && x <= hi) != negate;
  }

  /** The values {@code x} with {@code x op c}; {@code c} is a Long or a non-NaN Double. */
  static LongBounds of(CmpOp op, Object c) {
    if (c instanceof Double d && Double.isInfinite(d)) {
      boolean positive = d > 0;
      return switch (op) {
        case EQ -> EMPTY;
        case NE -> ALL;
        case LT, LE -> positive ? ALL : EMPTY;
        case GT, GE -> positive ? EMPTY : ALL;
      };
    }
    BigDecimal v = c instanceof Long l ? BigDecimal.valueOf(l) : new BigDecimal((Double) c);
    BigDecimal floor = v.setScale(0, RoundingMode.FLOOR);
    BigDecimal ceil = v.setScale(0, RoundingMode.CEILING);
    return switch (op) {
      case EQ -> floor.equals(ceil) ? range(v, v) : EMPTY;
      case NE -> {
        LongBounds eq = floor.equals(ceil) ? range(v, v) : EMPTY;
        yield new LongBounds(eq.lo, eq.hi, true);
      }
      case LT -> range(MIN, ceil.subtract(BigDecimal.ONE));
      case LE -> range(MIN, floor);
      case GT -> range(floor.add(BigDecimal.ONE), MAX);
      case GE -> range(ceil, MAX);
    };
  }

  private static LongBounds range(BigDecimal lo, BigDecimal hi) {
    if (lo.compareTo(hi) > 0 || hi.compareTo(MIN) < 0 || lo.compareTo(MAX) > 0) {
      return EMPTY;
    }
    return new LongBounds(lo.max(MIN).longValueExact(), hi.min(MAX).longValueExact(), false);
  }

  /** Both tests at once; neither may be negated. */
  LongBounds intersect(LongBounds other) {
    long l = Math.max(lo, other.lo);
    long h = Math.min(hi, other.hi);
    return l > h ? EMPTY : new LongBounds(l, h, false);
  }

  boolean isPoint() {
    return !negate && lo == hi;
  }

  boolean isEmpty() {
    return !negate && lo > hi;
  }
}
