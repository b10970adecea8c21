package io.quiver.engine.expr;

import io.quiver.engine.expr.Token.Kind;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A recursive-descent (precedence-climbing) parser for the Milvus filter language. Precedence,
 * loosest first:
 *
 * <ol>
 *   <li>{@code or || OR}
 *   <li>{@code and && AND}
 *   <li>{@code not ! NOT} (prefix)
 *   <li>comparisons {@code == != < <= > >=} (a chain of two of one direction is a range:
 *       {@code 1 < a <= 5}), {@code [not] in}, {@code like}, {@code is [not] null}
 *   <li>{@code + -}
 *   <li>{@code * / %}
 *   <li>unary {@code - +}
 *   <li>{@code **} (right-associative)
 *   <li>indexing {@code f["key"][0]}, literals, {@code {template}}, calls, {@code (...)}, lists,
 *       {@code exists}
 * </ol>
 *
 * <p>Milvus's grammar binds {@code not} tighter than comparisons, which makes {@code not a > 1}
 * an error there; here it reads as {@code not (a > 1)}, as in SQL. Every expression Milvus
 * accepts parses to the same meaning. Template placeholders are replaced by their values here.
 */
final class Parser {

  /** Deepest nesting of parentheses, NOTs, unary signs and arithmetic accepted. */
  static final int MAX_DEPTH = 128;

  private static final BigInteger TWO_POW_63 = BigInteger.ONE.shiftLeft(63);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private final String text;
  private final List<Token> tokens;
  private final Map<String, Object> templates;
  private int p;
  private int depth;

  private Parser(String text, Map<String, Object> templates) {
    this.text = text;
    this.tokens = Lexer.tokenize(text);
    this.templates = templates;
  }

  static Ast parse(String text, Map<String, Object> templates) {
    Parser parser = new Parser(text, templates);
    Ast ast = parser.parseOr();
    Token t = parser.peek();
    if (!t.is(Kind.EOF)) {
      throw parser.error(t, t.is(Kind.RPAREN) ? "unbalanced ')'" : "expected an operator or the end of the expression");
    }
    return ast;
  }

  private Token peek() {
    return tokens.get(p);
  }

  private Token peek(int ahead) {
    return tokens.get(Math.min(p + ahead, tokens.size() - 1));
  }

  private Token advance() {
    Token t = tokens.get(p);
    if (!t.is(Kind.EOF)) {
      p++;
    }
    return t;
  }

  private boolean accept(Kind kind) {
    if (peek().is(kind)) {
      p++;
      return true;
    }
    return false;
  }

  private Token expect(Kind kind, String what) {
    Token t = peek();
    if (!t.is(kind)) {
      throw error(t, "expected " + what);
    }
    return advance();
  }

  private RuntimeException error(Token at, String message) {
    if (at.is(Kind.UNSUPPORTED)) {
      return ExprErrors.syntax(text, at.pos(), unsupported(at.text()));
    }
    return ExprErrors.syntax(text, at.pos(), message);
  }

  private static String unsupported(String op) {
    return switch (op) {
      case "=" -> "'=' is not an operator; use '==' to compare";
      case "=~", "!~" -> "regular-expression match '" + op + "' is not supported; use LIKE";
      default -> "operator '" + op + "' is not supported";
    };
  }

  private void enter(Token at) {
    if (++depth > MAX_DEPTH) {
      throw ExprErrors.syntax(text, at.pos(), "expression nests deeper than " + MAX_DEPTH + " levels");
    }
  }

  private void leave() {
    depth--;
  }

  private Ast parseOr() {
    Token first = peek();
    Ast left = parseAnd();
    if (!peek().is(Kind.OR)) {
      return left;
    }
    List<Ast> children = new ArrayList<>();
    children.add(left);
    while (accept(Kind.OR)) {
      children.add(parseAnd());
    }
    return new Ast.Logical(first.pos(), false, children);
  }

  private Ast parseAnd() {
    Token first = peek();
    Ast left = parseNot();
    if (!peek().is(Kind.AND)) {
      return left;
    }
    List<Ast> children = new ArrayList<>();
    children.add(left);
    while (accept(Kind.AND)) {
      children.add(parseNot());
    }
    return new Ast.Logical(first.pos(), true, children);
  }

  private Ast parseNot() {
    Token t = peek();
    if (t.is(Kind.NOT)) {
      advance();
      enter(t);
      Ast operand = parseNot();
      leave();
      return new Ast.Not(t.pos(), operand);
    }
    return parsePredicate();
  }

  private Ast parsePredicate() {
    Ast left = parseAdditive();
    Token t = peek();
    if (t.isComparison()) {
      advance();
      Ast right = parseAdditive();
      Token t2 = peek();
      if (!t2.isComparison()) {
        return new Ast.Compare(t.pos(), CmpOp.of(t.kind()), left, right);
      }
      CmpOp op1 = CmpOp.of(t.kind());
      CmpOp op2 = CmpOp.of(t2.kind());
      boolean ascending = (op1 == CmpOp.LT || op1 == CmpOp.LE) && (op2 == CmpOp.LT || op2 == CmpOp.LE);
      boolean descending = (op1 == CmpOp.GT || op1 == CmpOp.GE) && (op2 == CmpOp.GT || op2 == CmpOp.GE);
      if (!ascending && !descending) {
        throw error(t2, "a chained comparison must be a range such as 'lower < field <= upper' or 'upper > field >= lower'");
      }
      advance();
      Ast upper = parseAdditive();
      if (peek().isComparison()) {
        throw error(peek(), "at most two comparison operators can be chained");
      }
      return new Ast.Range(t.pos(), left, op1, right, op2, upper);
    }
    if (t.is(Kind.IN)) {
      advance();
      return new Ast.In(t.pos(), left, parseAdditive(), false);
    }
    if (t.is(Kind.NOT) && peek(1).is(Kind.IN)) {
      advance();
      advance();
      return new Ast.In(t.pos(), left, parseAdditive(), true);
    }
    if (t.is(Kind.LIKE)) {
      advance();
      return new Ast.Like(t.pos(), left, parseAdditive());
    }
    if (t.isWord("is")) {
      advance();
      boolean negated = accept(Kind.NOT);
      if (!negated && peek().isWord("not")) {
        advance();
        negated = true;
      }
      if (!peek().isWord("null")) {
        throw error(peek(), negated ? "expected 'null' after 'is not'" : "expected 'null' or 'not null' after 'is'");
      }
      advance();
      return new Ast.IsNull(t.pos(), left, negated);
    }
    return left;
  }

  private Ast parseAdditive() {
    Ast left = parseMultiplicative();
    while (peek().is(Kind.PLUS) || peek().is(Kind.MINUS)) {
      Token op = advance();
      left = binary(op, left, parseMultiplicative());
    }
    return left;
  }

  private Ast parseMultiplicative() {
    Ast left = parseUnary();
    while (peek().is(Kind.STAR) || peek().is(Kind.SLASH) || peek().is(Kind.PERCENT)) {
      Token op = advance();
      left = binary(op, left, parseUnary());
    }
    return left;
  }

  private Ast binary(Token op, Ast left, Ast right) {
    int d = 1 + Math.max(arithDepth(left), arithDepth(right));
    if (d > MAX_DEPTH) {
      throw ExprErrors.syntax(text, op.pos(), "arithmetic nests deeper than " + MAX_DEPTH + " levels");
    }
    return new Ast.Binary(op.pos(), ArithOp.of(op.kind()), left, right, d);
  }

  private static int arithDepth(Ast node) {
    return node instanceof Ast.Binary b ? b.depth() : 0;
  }

  private Ast parseUnary() {
    Token t = peek();
    if (t.is(Kind.MINUS) || t.is(Kind.PLUS)) {
      advance();
      Token next = peek();
      if (t.is(Kind.MINUS) && next.is(Kind.INT) && TWO_POW_63.equals(next.value()) && !peek(1).is(Kind.POW)) {
        advance();
        return new Ast.Literal(t.pos(), Long.MIN_VALUE);
      }
      enter(t);
      Ast operand = parseUnary();
      leave();
      return new Ast.Unary(t.pos(), t.is(Kind.MINUS), operand);
    }
    return parsePower();
  }

  private Ast parsePower() {
    Ast base = parsePostfix();
    Token t = peek();
    if (t.is(Kind.POW)) {
      advance();
      enter(t);
      Ast exponent = parseUnary();
      leave();
      return binary(t, base, exponent);
    }
    return base;
  }

  private Ast parsePostfix() {
    Ast primary = parsePrimary();
    if (!(primary instanceof Ast.Field field) || !peek().is(Kind.LBRACKET)) {
      return primary;
    }
    List<Object> path = new ArrayList<>();
    int end = field.pos() + field.text().length();
    while (peek().is(Kind.LBRACKET)) {
      advance();
      Token key = advance();
      if (key.is(Kind.STRING)) {
        String k = (String) key.value();
        if (k.isEmpty()) {
          throw error(key, "a JSON key must not be empty");
        }
        path.add(k);
      } else if (key.is(Kind.INT)) {
        BigInteger index = (BigInteger) key.value();
        if (index.bitLength() > 31) {
          throw error(key, "index " + index + " is too large");
        }
        path.add(index.intValue());
      } else {
        throw error(key, "expected a quoted JSON key or a non-negative integer index inside '[ ]'");
      }
      Token close = expect(Kind.RBRACKET, "']'");
      end = close.pos() + 1;
    }
    return new Ast.Field(field.pos(), field.name(), List.copyOf(path), text.substring(field.pos(), end));
  }

  private Ast parsePrimary() {
    Token t = peek();
    switch (t.kind()) {
      case INT -> {
        advance();
        BigInteger v = (BigInteger) t.value();
        if (v.compareTo(LONG_MAX) > 0) {
          throw error(t, "integer literal " + t.text() + " is out of the int64 range");
        }
        return new Ast.Literal(t.pos(), v.longValue());
      }
      case FLOAT, STRING, BOOL -> {
        advance();
        return new Ast.Literal(t.pos(), t.value());
      }
      case TEMPLATE -> {
        advance();
        return new Ast.Literal(t.pos(), TemplateValues.literal(templates, (String) t.value(), t.pos()));
      }
      case IDENT -> {
        advance();
        if (peek().is(Kind.LPAREN)) {
          return call(t);
        }
        return new Ast.Field(t.pos(), t.text(), List.of(), t.text());
      }
      case META -> {
        advance();
        return new Ast.Field(t.pos(), t.text(), List.of(), t.text());
      }
      case LPAREN -> {
        advance();
        enter(t);
        Ast inner = parseOr();
        leave();
        if (!peek().is(Kind.RPAREN)) {
          throw error(peek(), "expected ')' to close the '(' at position " + t.pos());
        }
        advance();
        return inner;
      }
      case LBRACKET -> {
        return list(t);
      }
      case EXISTS -> {
        advance();
        enter(t);
        Ast operand = parsePostfix();
        leave();
        return new Ast.Exists(t.pos(), operand);
      }
      case EOF -> throw error(t, "unexpected end of expression; expected a field or a value");
      default -> throw error(t, "expected a field or a value");
    }
  }

  private Ast call(Token name) {
    Token open = advance(); // '('
    enter(open);
    List<Ast> args = new ArrayList<>();
    if (!peek().is(Kind.RPAREN)) {
      do {
        if (peek().is(Kind.RPAREN)) {
          break; // trailing comma
        }
        args.add(parseOr());
      } while (accept(Kind.COMMA));
    }
    if (!peek().is(Kind.RPAREN)) {
      throw error(peek(), "expected ',' or ')' in the arguments of " + name.text() + "(");
    }
    advance();
    leave();
    return new Ast.Call(name.pos(), name.text(), args);
  }

  private Ast list(Token open) {
    advance();
    enter(open);
    List<Ast> elements = new ArrayList<>();
    if (!peek().is(Kind.RBRACKET)) {
      do {
        if (peek().is(Kind.RBRACKET)) {
          break; // trailing comma
        }
        elements.add(parseAdditive());
      } while (accept(Kind.COMMA));
    }
    if (!peek().is(Kind.RBRACKET)) {
      throw error(peek(), "expected ',' or ']' in the list opened at position " + open.pos());
    }
    advance();
    leave();
    return new Ast.ListLit(open.pos(), elements);
  }
}
