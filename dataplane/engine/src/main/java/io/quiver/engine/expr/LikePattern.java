package io.quiver.engine.expr;

/**
 * A compiled SQL LIKE pattern: {@code %} matches any sequence (also empty), {@code _} exactly one
 * character (code point), and a backslash makes the next character literal ({@code \%}, {@code
 * \_}, {@code \\}). The whole value must match; matching is case-sensitive. Prefix, suffix,
 * infix and exact patterns use plain string tests.
 */
final class LikePattern {

  private enum Shape { EXACT, PREFIX, SUFFIX, INFIX, GENERAL }

  /** Pattern units: a char, or one of these (chars are non-negative). */
  private static final int ANY_ONE = -1;
  private static final int ANY_SEQ = -2;

  private final String source;
  private final Shape shape;
  private final String literal;
  private final int[] units;

  private LikePattern(String source, Shape shape, String literal, int[] units) {
    this.source = source;
    this.shape = shape;
    this.literal = literal;
    this.units = units;
  }

  static LikePattern compile(String pattern) {
    int[] buf = new int[pattern.length()];
    int n = 0;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\' && i + 1 < pattern.length()) {
        buf[n++] = pattern.charAt(++i);
      } else if (c == '%') {
        if (n == 0 || buf[n - 1] != ANY_SEQ) {
          buf[n++] = ANY_SEQ;
        }
      } else if (c == '_') {
        buf[n++] = ANY_ONE;
      } else {
        buf[n++] = c;
      }
    }
    int[] units = java.util.Arrays.copyOf(buf, n);
    int seqCount = 0;
    boolean anyOne = false;
    for (int u : units) {
      if (u == ANY_SEQ) {
        seqCount++;
      } else if (u == ANY_ONE) {
        anyOne = true;
      }
    }
    Shape shape = Shape.GENERAL;
    if (!anyOne) {
      boolean lead = n > 0 && units[0] == ANY_SEQ;
      boolean trail = n > 0 && units[n - 1] == ANY_SEQ;
      if (seqCount == 0) {
        shape = Shape.EXACT;
      } else if (seqCount == 1 && trail) {
        shape = Shape.PREFIX;
      } else if (seqCount == 1 && lead) {
        shape = Shape.SUFFIX;
      } else if (seqCount == 2 && lead && trail && n >= 2) {
        shape = Shape.INFIX;
      }
    }
    StringBuilder lit = new StringBuilder();
    for (int u : units) {
      if (u >= 0) {
        lit.append((char) u);
      }
    }
    return new LikePattern(pattern, shape, lit.toString(), units);
  }

  boolean matches(String s) {
    return switch (shape) {
      case EXACT -> s.equals(literal);
      case PREFIX -> s.startsWith(literal);
      case SUFFIX -> s.endsWith(literal);
      case INFIX -> s.contains(literal);
      case GENERAL -> matchGeneral(s);
    };
  }

  /** Wildcard matching with backtracking to the last {@code %}: O(len(s) * len(pattern)) worst case. */
  private boolean matchGeneral(String s) {
    int n = s.length();
    int m = units.length;
    int si = 0;
    int pi = 0;
    int starP = -1;
    int starS = -1;
    while (si < n) {
      int u = pi < m ? units[pi] : 0;
      if (pi < m && u == ANY_ONE) {
        si += Character.charCount(s.codePointAt(si));
        pi++;
      } else if (pi < m && u == ANY_SEQ) {
        starP = pi++;
        starS = si;
      } else if (pi < m && u == s.charAt(si)) {
        si++;
        pi++;
      } else if (starP >= 0) {
        pi = starP + 1;
        starS += Character.charCount(s.codePointAt(starS));
        si = starS;
      } else {
        return false;
      }
    }
    while (pi < m && units[pi] == ANY_SEQ) {
      pi++;
    }
    return pi == m;
  }

  @Override
  public String toString() {
    return source;
  }
}
