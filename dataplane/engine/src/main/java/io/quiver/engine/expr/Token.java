package io.quiver.engine.expr;

/**
 * One lexical token of a filter expression.
 *
 * @param kind what the token is
 * @param pos 0-based character offset of the token's first character in the expression
 * @param text the token's source text
 * @param value the literal value: {@link java.math.BigInteger} for INT, {@link Double} for FLOAT,
 *     {@link String} for STRING (unescaped) and IDENT and TEMPLATE (the variable name),
 *     {@link Boolean} for BOOL; {@code null} otherwise
 */
record Token(Kind kind, int pos, String text, Object value) {

  enum Kind {
    INT, FLOAT, STRING, BOOL, IDENT, META, TEMPLATE,
    LPAREN, RPAREN, LBRACKET, RBRACKET, COMMA,
    EQ, NE, LT, LE, GT, GE,
    PLUS, MINUS, STAR, SLASH, PERCENT, POW,
    AND, OR, NOT, IN, LIKE, EXISTS,
    /** An operator of Milvus's grammar that Quiver rejects ({@code & | ^ ~ << >> =~ !~ =}). */
    UNSUPPORTED,
    EOF
  }

  boolean is(Kind k) {
    return kind == k;
  }

  /** Whether this is the identifier {@code word}, ignoring case (contextual keywords IS, NULL). */
  boolean isWord(String word) {
    return kind == Kind.IDENT && text.equalsIgnoreCase(word);
  }

  boolean isComparison() {
    return switch (kind) {
      case EQ, NE, LT, LE, GT, GE -> true;
      default -> false;
    };
  }
}
