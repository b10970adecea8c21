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
