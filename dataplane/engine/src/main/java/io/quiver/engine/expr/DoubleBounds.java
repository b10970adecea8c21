package io.quiver.engine.expr;

/**
 * A double test {@code lo <= x <= hi} (IEEE comparisons, so -0.0 equals 0.0), or its negation.
 * Strict bounds become inclusive ones with {@link Math#nextUp}/{@link Math#nextDown}. NaN values
 * are excluded before the test: they make every comparison unknown.
 */
record DoubleBounds(double lo, double hi, boolean negate) {

  static final DoubleBounds EMPTY = new DoubleBounds(1, 0, false);
  static final DoubleBounds ALL = new DoubleBounds(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, false);

  boolean test(double x) {
    return (x >= lo && x <= hi) != negate;
  }

  /**
   * The doubles {@code x} with {@code x op c} exactly, for a Long or non-NaN Double {@code c}: an
   * int64 that no double represents still gets exact bounds ({@code x < 2^53 + 1} includes
   * {@code 2^53}), and equality with it is empty.
   */
  static DoubleBounds of(CmpOp op, Object c) {
    if (c instanceof Double d) {
      return of(op, (double) d);
    }
    long l = (Long) c;
    double d = (double) l;
    int cmp = Values.compareLongDouble(l, d);
    if (cmp == 0) {
      return of(op, d);
    }
    // d is the nearest double to l, so no double lies strictly between them.
    return switch (op) {
      case EQ -> EMPTY;
      case NE -> new DoubleBounds(EMPTY.lo, EMPTY.hi, true);
      case LT, LE -> of(cmp > 0 ? CmpOp.LE : CmpOp.LT, d);
      case GT, GE -> of(cmp > 0 ? CmpOp.GT : CmpOp.GE, d);
    };
  }

  /** The values {@code x} with {@code x op c}; {@code c} is not NaN. */
  static DoubleBounds of(CmpOp op, double c) {
    return switch (op) {
      case EQ -> new DoubleBounds(c, c, false);
      case NE -> new DoubleBounds(c, c, true);
      case LT -> c == Double.NEGATIVE_INFINITY ? EMPTY : new DoubleBounds(Double.NEGATIVE_INFINITY, Math.nextDown(c), false);
      case LE -> new DoubleBounds(Double.NEGATIVE_INFINITY, c, false);
      case GT -> c == Double.POSITIVE_INFINITY ? EMPTY : new DoubleBounds(Math.nextUp(c), Double.POSITIVE_INFINITY, false);
      case GE -> new DoubleBounds(c, Double.POSITIVE_INFINITY, false);
    };
  }

  /** Both tests at once; neither may be negated. */
  DoubleBounds intersect(DoubleBounds other) {
    double l = Math.max(lo, other.lo);
    double h = Math.min(hi, other.hi);
    return l > h ? EMPTY : new DoubleBounds(l, h, false);
  }
}
