package io.quiver.engine.expr;

/**
 * The arithmetic operators. On two integers {@code + - * / %} stay in int64 (wrapping on
 * overflow, truncating division, remainder with the sign of the dividend, as in C++ and Go);
 * {@code **} and any operation with a floating operand are computed in double.
 */
enum ArithOp {
  ADD("+"),
  SUB("-"),
  MUL("*"),
  DIV("/"),
  MOD("%"),
  POW("**");

  private final String symbol;

  ArithOp(String symbol) {
    this.symbol = symbol;
  }

  String symbol() {
    return symbol;
  }

  /** Integer arithmetic; the caller rules out a zero divisor for DIV and MOD, and POW. */
  long apply(long a, long b) {
    return switch (this) {
      case ADD -> a + b;
      case SUB -> a - b;
      case MUL -> a * b;
      case DIV -> a / b;
      case MOD -> a % b;
      case POW -> throw new IllegalStateException("** is computed in double");
    };
  }

  double apply(double a, double b) {
    return switch (this) {
      case ADD -> a + b;
      case SUB -> a - b;
      case MUL -> a * b;
      case DIV -> a / b;
      case MOD -> a % b;
      case POW -> Math.pow(a, b);
    };
  }

  static ArithOp of(Token.Kind kind) {
    return switch (kind) {
      case PLUS -> ADD;
      case MINUS -> SUB;
      case STAR -> MUL;
      case SLASH -> DIV;
      case PERCENT -> MOD;
      case POW -> POW;
      default -> throw new IllegalArgumentException("not an arithmetic operator: " + kind);
    };
  }
}
