package io.quiver.engine.expr;

/** The comparison operators. */
enum CmpOp {
  EQ("=="),
  NE("!="),
  LT("<"),
  LE("<="),
  GT(">"),
  GE(">=");

  private final String symbol;

  CmpOp(String symbol) {
    this.symbol = symbol;
  }

  String symbol() {
    return symbol;
  }

  boolean isOrdering() {
    return this != EQ && this != NE;
  }

  /** The operator with its operands swapped: {@code a < b} is {@code b > a}. */
  CmpOp flip() {
    return switch (this) {
      case EQ, NE -> this;
      case LT -> GT;
      case LE -> GE;
      case GT -> LT;
      case GE -> LE;
    };
  }

  /** Whether the operator holds for a three-way comparison result {@code cmp} (sign only). */
  boolean test(int cmp) {
    return switch (this) {
      case EQ -> cmp == 0;
      case NE -> cmp != 0;
      case LT -> cmp < 0;
      case LE -> cmp <= 0;
      case GT -> cmp > 0;
      case GE -> cmp >= 0;
    };
  }

  static CmpOp of(Token.Kind kind) {
    return switch (kind) {
      case EQ -> EQ;
      case NE -> NE;
      case LT -> LT;
      case LE -> LE;
      case GT -> GT;
      case GE -> GE;
      default -> throw new IllegalArgumentException("not a comparison: " + kind);
    };
  }
}
