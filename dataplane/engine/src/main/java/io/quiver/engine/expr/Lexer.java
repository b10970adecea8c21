package io.quiver.engine.expr;

import io.quiver.engine.expr.Token.Kind;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a filter expression into tokens, following the lexical rules of Milvus's
 * {@code Plan.g4}: decimal, octal ({@code 017}), hex ({@code 0x1F}) and binary ({@code 0b101})
 * integers; decimal and hex floats; strings in double or single quotes with C-style escapes;
 * raw strings {@code r"..."}; {@code {name}} template placeholders; keywords in lower or upper
 * case ({@code and AND && or OR || not NOT ! in IN like LIKE exists EXISTS}); booleans {@code
 * true True TRUE false False FALSE}.
 *
 * <p>Deliberate extensions: identifiers may contain any Unicode letter, strings may span lines,
 * and an unknown escape such as {@code \%} keeps its backslash (so LIKE patterns can escape
 * wildcards with one backslash).
 */
final class Lexer {

  private final String text;
  private int pos;

  private Lexer(String text) {
    this.text = text;
  }

  static List<Token> tokenize(String text) {
    Lexer lexer = new Lexer(text);
    List<Token> out = new ArrayList<>();
    Token t;
    do {
      t = lexer.next();
      out.add(t);
    } while (t.kind() != Kind.EOF);
    return out;
  }

  private Token next() {
    skipWhitespace();
    if (pos >= text.length()) {
      return new Token(Kind.EOF, pos, "", null);
    }
    int start = pos;
    char c = text.charAt(pos);
    if (isDigit(c) || (c == '.' && pos + 1 < text.length() && isDigit(text.charAt(pos + 1)))) {
      return number();
    }
    if (c == '"' || c == '\'') {
      return string(start, false);
    }
    if ((c == 'r' || c == 'R') && pos + 1 < text.length() && (text.charAt(pos + 1) == '"' || text.charAt(pos + 1) == '\'')) {
      pos++;
      return string(start, true);
    }
    if (Character.isLetter(c) || c == '_') {
      return word();
    }
    if (c == '$') {
      if (text.startsWith("$meta", pos) && !isIdentPart(pos + 5)) {
        pos += 5;
        return new Token(Kind.META, start, "$meta", null);
      }
      throw ExprErrors.syntax(text, pos, "unexpected character '$' (only $meta may start with '$')");
    }
    if (c == '{') {
      return template();
    }
    return symbol(start, c);
  }

  private void skipWhitespace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private boolean isIdentPart(int at) {
    if (at >= text.length()) {
      return false;
    }
    char c = text.charAt(at);
    return Character.isLetterOrDigit(c) || c == '_';
  }

  private Token word() {
    int start = pos;
    while (isIdentPart(pos)) {
      pos++;
    }
    String w = text.substring(start, pos);
    Kind kind = switch (w) {
      case "and", "AND" -> Kind.AND;
      case "or", "OR" -> Kind.OR;
      case "not", "NOT" -> Kind.NOT;
      case "in", "IN" -> Kind.IN;
      case "like", "LIKE" -> Kind.LIKE;
      case "exists", "EXISTS" -> Kind.EXISTS;
      case "true", "True", "TRUE", "false", "False", "FALSE" -> Kind.BOOL;
      default -> Kind.IDENT;
    };
    Object value = switch (kind) {
      case BOOL -> Boolean.valueOf(w.equalsIgnoreCase("true"));
      case IDENT -> w;
      default -> null;
    };
    return new Token(kind, start, w, value);
  }

  private Token template() {
    int start = pos;
    pos++; // '{'
    skipWhitespace();
    int nameStart = pos;
    if (pos < text.length() && (Character.isLetter(text.charAt(pos)) || text.charAt(pos) == '_')) {
      while (isIdentPart(pos)) {
        pos++;
      }
    }
    String name = text.substring(nameStart, pos);
    skipWhitespace();
    if (name.isEmpty() || pos >= text.length() || text.charAt(pos) != '}') {
      throw ExprErrors.syntax(text, start, "a template placeholder must be written {name}");
    }
    pos++;
    return new Token(Kind.TEMPLATE, start, text.substring(start, pos), name);
  }

  private Token symbol(int start, char c) {
    char n = pos + 1 < text.length() ? text.charAt(pos + 1) : '\0';
    Kind kind;
    int len = 1;
    switch (c) {
      case '(' -> kind = Kind.LPAREN;
      case ')' -> kind = Kind.RPAREN;
      case '[' -> kind = Kind.LBRACKET;
      case ']' -> kind = Kind.RBRACKET;
      case ',' -> kind = Kind.COMMA;
      case '+' -> kind = Kind.PLUS;
      case '-' -> kind = Kind.MINUS;
      case '/' -> kind = Kind.SLASH;
      case '%' -> kind = Kind.PERCENT;
      case '*' -> {
        kind = n == '*' ? Kind.POW : Kind.STAR;
        len = n == '*' ? 2 : 1;
      }
      case '=' -> {
        kind = n == '=' ? Kind.EQ : Kind.UNSUPPORTED;
        len = (n == '=' || n == '~') ? 2 : 1;
      }
      case '!' -> {
        kind = n == '=' ? Kind.NE : n == '~' ? Kind.UNSUPPORTED : Kind.NOT;
        len = (n == '=' || n == '~') ? 2 : 1;
      }
      case '<' -> {
        kind = n == '=' ? Kind.LE : n == '<' ? Kind.UNSUPPORTED : Kind.LT;
        len = (n == '=' || n == '<') ? 2 : 1;
      }
      case '>' -> {
        kind = n == '=' ? Kind.GE : n == '>' ? Kind.UNSUPPORTED : Kind.GT;
        len = (n == '=' || n == '>') ? 2 : 1;
      }
      case '&' -> {
        kind = n == '&' ? Kind.AND : Kind.UNSUPPORTED;
        len = n == '&' ? 2 : 1;
      }
      case '|' -> {
        kind = n == '|' ? Kind.OR : Kind.UNSUPPORTED;
        len = n == '|' ? 2 : 1;
      }
      case '^', '~' -> kind = Kind.UNSUPPORTED;
      default -> throw ExprErrors.syntax(text, start, "unexpected character '" + new String(Character.toChars(text.codePointAt(start))) + "'");
    }
    pos += len;
    return new Token(kind, start, text.substring(start, pos), null);
  }

  private Token number() {
    int start = pos;
    if (text.charAt(pos) == '0' && pos + 1 < text.length()) {
      char x = text.charAt(pos + 1);
      if (x == 'x' || x == 'X') {
        return hexNumber(start);
      }
      if (x == 'b' || x == 'B') {
        pos += 2;
        int digits = pos;
        while (pos < text.length() && (text.charAt(pos) == '0' || text.charAt(pos) == '1')) {
          pos++;
        }
        return integer(start, digits, 2);
      }
    }
    boolean isFloat = false;
    while (pos < text.length() && isDigit(text.charAt(pos))) {
      pos++;
    }
    if (pos < text.length() && text.charAt(pos) == '.') {
      isFloat = true;
      pos++;
      while (pos < text.length() && isDigit(text.charAt(pos))) {
        pos++;
      }
    }
    if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
      int save = pos;
      pos++;
      if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
        pos++;
      }
      if (pos < text.length() && isDigit(text.charAt(pos))) {
        isFloat = true;
        while (pos < text.length() && isDigit(text.charAt(pos))) {
          pos++;
        }
      } else {
        pos = save;
      }
    }
    if (isFloat) {
      return floating(start, text.substring(start, pos));
    }
    if (text.charAt(start) == '0' && pos - start > 1) {
      for (int i = start + 1; i < pos; i++) {
        if (text.charAt(i) > '7') {
          throw ExprErrors.syntax(text, start, "invalid octal literal '" + text.substring(start, pos) + "' (a leading 0 means octal)");
        }
      }
      return integer(start, start + 1, 8);
    }
    return integer(start, start, 10);
  }

  private Token hexNumber(int start) {
    pos += 2;
    int digits = pos;
    while (pos < text.length() && Character.digit(text.charAt(pos), 16) >= 0) {
      pos++;
    }
    boolean isFloat = false;
    if (pos < text.length() && text.charAt(pos) == '.') {
      isFloat = true;
      pos++;
      while (pos < text.length() && Character.digit(text.charAt(pos), 16) >= 0) {
        pos++;
      }
    }
    if (pos < text.length() && (text.charAt(pos) == 'p' || text.charAt(pos) == 'P')) {
      isFloat = true;
      pos++;
      if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
        pos++;
      }
      while (pos < text.length() && isDigit(text.charAt(pos))) {
        pos++;
      }
    }
    if (isFloat) {
      return floating(start, text.substring(start, pos));
    }
    return integer(start, digits, 16);
  }

  private Token integer(int start, int digitsStart, int radix) {
    checkNumberEnd(start);
    String digits = text.substring(digitsStart, pos);
    if (digits.isEmpty()) {
      if (radix == 8) {
        return new Token(Kind.INT, start, text.substring(start, pos), BigInteger.ZERO);
      }
      throw ExprErrors.syntax(text, start, "invalid number literal '" + text.substring(start, pos) + "'");
    }
    return new Token(Kind.INT, start, text.substring(start, pos), new BigInteger(digits, radix));
  }

  private Token floating(int start, String literal) {
    checkNumberEnd(start);
    double d;
    try {
      d = Double.parseDouble(literal.endsWith(".") && literal.startsWith("0x") ? literal + "p0" : literal);
    } catch (NumberFormatException e) {
      throw ExprErrors.syntax(text, start, "invalid number literal '" + literal + "'");
    }
    if (Double.isInfinite(d)) {
      throw ExprErrors.syntax(text, start, "float literal '" + literal + "' is out of the double range");
    }
    return new Token(Kind.FLOAT, start, literal, d);
  }

  private void checkNumberEnd(int start) {
    if (isIdentPart(pos) || (pos < text.length() && text.charAt(pos) == '.')) {
      int end = pos;
      while (isIdentPart(end) || (end < text.length() && text.charAt(end) == '.')) {
        end++;
      }
      throw ExprErrors.syntax(text, start, "invalid number literal '" + text.substring(start, end) + "'");
    }
  }

  private Token string(int start, boolean raw) {
    char quote = text.charAt(pos);
    pos++;
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= text.length()) {
        throw ExprErrors.syntax(text, start, "unterminated string literal");
      }
      char c = text.charAt(pos);
      if (c == quote) {
        pos++;
        break;
      }
      if (c != '\\') {
        sb.append(c);
        pos++;
        continue;
      }
      if (pos + 1 >= text.length()) {
        throw ExprErrors.syntax(text, start, "unterminated string literal");
      }
      if (raw) {
        sb.append(c).append(text.charAt(pos + 1));
        pos += 2;
        continue;
      }
      escape(sb, start);
    }
    return new Token(Kind.STRING, start, text.substring(start, pos), sb.toString());
  }

  /** Appends the escape sequence at {@code pos} (a backslash) and moves past it. */
  private void escape(StringBuilder sb, int stringStart) {
    int escStart = pos;
    char e = text.charAt(pos + 1);
    pos += 2;
    switch (e) {
      case 'n' -> sb.append('\n');
      case 't' -> sb.append('\t');
      case 'r' -> sb.append('\r');
      case 'b' -> sb.append('\b');
      case 'f' -> sb.append('\f');
      case 'v' -> sb.append('\u000b');
      case 'a' -> sb.append('\u0007');
      case '\\', '\'', '"', '?' -> sb.append(e);
      case '\n' -> { } // line continuation
      case 'x' -> sb.appendCodePoint(hexEscape(escStart, 1, 2));
      case 'u' -> sb.appendCodePoint(hexEscape(escStart, 4, 4));
      case 'U' -> sb.appendCodePoint(hexEscape(escStart, 8, 8));
      default -> {
        if (e >= '0' && e <= '7') {
          int v = e - '0';
          for (int i = 0; i < 2 && pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '7'; i++) {
            v = v * 8 + (text.charAt(pos++) - '0');
          }
          sb.append((char) v);
        } else {
          sb.append('\\').append(e);
        }
      }
    }
  }

  private int hexEscape(int escStart, int min, int max) {
    int v = 0;
    int n = 0;
    while (n < max && pos < text.length() && Character.digit(text.charAt(pos), 16) >= 0) {
      v = v * 16 + Character.digit(text.charAt(pos), 16);
      pos++;
      n++;
    }
    if (n < min || !Character.isValidCodePoint(v)) {
      throw ExprErrors.syntax(text, escStart, "invalid escape sequence in string literal");
    }
    return v;
  }
}
