package io.quiver.engine.expr;

import java.util.List;

/**
 * The syntax tree the {@link Parser} produces: untyped and not yet bound to a schema. Every
 * node carries the 0-based offset it is reported at (the operator for binary forms).
 */
sealed interface Ast {

  int pos();

  /** A constant: Long, Double, String, Boolean, or List of those (template lists, nested). */
  record Literal(int pos, Object value) implements Ast {}

  /** {@code [e1, e2, ...]}; the elements must fold to constants. */
  record ListLit(int pos, List<Ast> elements) implements Ast {}

  /**
   * A name, optionally indexed: {@code age}, {@code $meta}, {@code meta["a"][0]}, {@code arr[2]}.
   *
   * @param path String keys and Integer indexes, in order
   * @param text the source text, for messages
   */
  record Field(int pos, String name, List<Object> path, String text) implements Ast {}

  /** Unary minus ({@code negate}) or plus. */
  record Unary(int pos, boolean negate, Ast operand) implements Ast {}

  /** @param depth the nesting depth of arithmetic below and including this node */
  record Binary(int pos, ArithOp op, Ast left, Ast right, int depth) implements Ast {}

  record Compare(int pos, CmpOp op, Ast left, Ast right) implements Ast {}

  /** A chained comparison {@code lower op1 middle op2 upper}, both operators of one direction. */
  record Range(int pos, Ast lower, CmpOp op1, Ast middle, CmpOp op2, Ast upper) implements Ast {}

  record In(int pos, Ast operand, Ast list, boolean negated) implements Ast {}

  record Like(int pos, Ast operand, Ast pattern) implements Ast {}

  record IsNull(int pos, Ast operand, boolean negated) implements Ast {}

  record Exists(int pos, Ast operand) implements Ast {}

  /** A function call; {@code name} as written. */
  record Call(int pos, String name, List<Ast> args) implements Ast {}

  /** An n-ary AND ({@code and == true}) or OR. */
  record Logical(int pos, boolean and, List<Ast> children) implements Ast {}

  record Not(int pos, Ast operand) implements Ast {}
}
