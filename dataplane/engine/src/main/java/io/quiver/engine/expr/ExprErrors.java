package io.quiver.engine.expr;

import io.quiver.engine.error.QuiverException;

/** Builds the INVALID_ARGUMENT errors of the filter language; positions are 0-based offsets. */
final class ExprErrors {

  private static final int NEAR_LIMIT = 24;

  private ExprErrors() {}

  /** A malformed expression: {@code filter syntax error at position 12 (near 'xyz'): expected ...}. */
  static QuiverException syntax(String text, int pos, String message) {
    return QuiverException.invalid("filter syntax error at position %d (%s): %s", pos, near(text, pos), message);
  }

  /** A well-formed expression that is wrong for the schema or the operand types. */
  static QuiverException semantic(int pos, String format, Object... args) {
    return QuiverException.invalid("%s (at position %d)", String.format(format, args), pos);
  }

  private static String near(String text, int pos) {
    if (pos >= text.length()) {
      return "at end of input";
    }
    int end = pos;
    while (end < text.length() && end - pos < NEAR_LIMIT && !Character.isWhitespace(text.charAt(end))) {
      end++;
    }
    if (end == pos) {
      end = pos + 1;
    }
    return "near '" + text.substring(pos, end) + "'";
  }
}
