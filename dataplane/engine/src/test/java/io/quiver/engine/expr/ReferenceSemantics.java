package io.quiver.engine.expr;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A deliberately naive, independent model of the filter semantics, for differential testing:
 * numbers are exact BigDecimals (NaN apart), strings compare by code point arrays, LIKE goes
 * through java.util.regex, and truth values are Boolean with {@code null} for UNKNOWN.
 */
final class ReferenceSemantics {

  private ReferenceSemantics() {}

  /**
   * A number: {@code value} exact when finite (null for NaN and infinities), {@code dbl} the
   * double it came from (keeps -0.0 for IEEE arithmetic).
   */
  record Num(BigDecimal value, double dbl) {
    Num(BigDecimal value) {
      this(value, value.doubleValue());
    }

    static Num of(double d) {
      return new Num(Double.isNaN(d) || Double.isInfinite(d) ? null : new BigDecimal(d), d);
    }

    boolean isNaN() {
      return value == null && Double.isNaN(dbl);
    }

    /** -1, 0, 1 for -inf, finite, +inf. */
    int infinity() {
      return value != null ? 0 : dbl > 0 ? 1 : -1;
    }
  }

  record Arr(List<Object> elements) {}

  /** Engine or literal value to the reference model: Num, String, Boolean, Arr, JsonNode object; null = unknown. */
  static Object value(Object v) {
    return switch (v) {
      case null -> null;
      case Integer i -> new Num(BigDecimal.valueOf(i));
      case Long l -> new Num(BigDecimal.valueOf(l));
      case Float f -> Num.of(f.doubleValue());
      case Double d -> Num.of(d);
      case String s -> s;
      case Boolean b -> b;
      case List<?> list -> {
        List<Object> out = new ArrayList<>();
        for (Object e : list) {
          out.add(value(e));
        }
        yield new Arr(out);
      }
      case JsonNode n -> json(n);
      default -> throw new IllegalArgumentException(v.getClass().toString());
    };
  }

  static Object json(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return null;
    }
    if (n.isTextual()) {
      return n.textValue();
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    if (n.isIntegralNumber()) {
      return new Num(new BigDecimal(n.bigIntegerValue()));
    }
    if (n.isNumber()) {
      return Num.of(n.doubleValue());
    }
    if (n.isArray()) {
      List<Object> out = new ArrayList<>();
      for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) {
        out.add(json(it.next()));
      }
      return new Arr(out);
    }
    return n;
  }

  /** Follows keys (String) and indexes (Integer); null when absent. */
  static JsonNode path(JsonNode root, List<Object> path) {
    JsonNode cur = root;
    for (Object p : path) {
      if (cur == null) {
        return null;
      }
      if (p instanceof String k) {
        cur = cur.isObject() ? cur.get(k) : null;
      } else {
        int i = (Integer) p;
        cur = cur.isArray() ? cur.get(i) : null;
      }
    }
    return cur;
  }

  /** Rounds a literal number as a Float field sees it. */
  static Object roundToFloat(Object literal) {
    if (literal instanceof Long l) {
      return (double) (float) (double) l;
    }
    if (literal instanceof Double d) {
      return (double) (float) (double) d;
    }
    return literal;
  }

  static final int MISMATCH = 100;
  static final int UNORDERED = 101;

  static int compare(Object a, Object b) {
    if (a instanceof Num x && b instanceof Num y) {
      if (x.isNaN() || y.isNaN()) {
        return UNORDERED;
      }
      if (x.infinity() != 0 || y.infinity() != 0) {
        return Integer.compare(x.infinity(), y.infinity());
      }
      return Integer.signum(x.value().compareTo(y.value()));
    }
    if (a instanceof String x && b instanceof String y) {
      return Integer.signum(java.util.Arrays.compare(x.codePoints().toArray(), y.codePoints().toArray()));
    }
    if (a instanceof Boolean x && b instanceof Boolean y) {
      return Boolean.compare(x, y);
    }
    if (a instanceof Arr x && b instanceof Arr y) {
      if (x.elements().size() != y.elements().size()) {
        return MISMATCH;
      }
      for (int i = 0; i < x.elements().size(); i++) {
        Object u = x.elements().get(i);
        Object v = y.elements().get(i);
        if (u == null || v == null ? u != v : compare(u, v) != 0) {
          return MISMATCH;
        }
      }
      return 0;
    }
    if (a instanceof JsonNode x && b instanceof JsonNode y) {
      return x.equals(y) ? 0 : MISMATCH;
    }
    return MISMATCH;
  }

  static Boolean compare(String op, Object a, Object b) {
    if (a == null || b == null) {
      return null;
    }
    int c = compare(a, b);
    if (c == UNORDERED) {
      return null;
    }
    if (c == MISMATCH) {
      return op.equals("!=");
    }
    return switch (op) {
      case "==" -> c == 0;
      case "!=" -> c != 0;
      case "<" -> c < 0;
      case "<=" -> c <= 0;
      case ">" -> c > 0;
      case ">=" -> c >= 0;
      default -> throw new IllegalArgumentException(op);
    };
  }

  static boolean equal(Object a, Object b) {
    return a != null && b != null && compare(a, b) == 0;
  }

  static Boolean in(Object v, List<Object> values) {
    if (v == null || (v instanceof Num n && n.isNaN())) {
      return null;
    }
    for (Object e : values) {
      if (equal(v, e)) {
        return true;
      }
    }
    return false;
  }

  static Boolean like(Object v, String pattern) {
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      return false;
    }
    StringBuilder re = new StringBuilder();
    int[] cps = pattern.codePoints().toArray();
    for (int i = 0; i < cps.length; i++) {
      int c = cps[i];
      if (c == '\\' && i + 1 < cps.length) {
        re.append(Pattern.quote(Character.toString(cps[++i])));
      } else if (c == '%') {
        re.append(".*");
      } else if (c == '_') {
        re.append('.');
      } else {
        re.append(Pattern.quote(Character.toString(c)));
      }
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL).matcher(s).matches();
  }

  /** mode: "one", "all", "any". */
  static Boolean contains(Object container, String mode, List<Object> values) {
    if (container == null) {
      return null;
    }
    if (!(container instanceof Arr arr)) {
      return false;
    }
    return switch (mode) {
      case "one", "any" -> values.stream().anyMatch(v -> arr.elements().stream().anyMatch(e -> equal(e, v)));
      case "all" -> values.stream().allMatch(v -> arr.elements().stream().anyMatch(e -> equal(e, v)));
      default -> throw new IllegalArgumentException(mode);
    };
  }

  /** Arithmetic; {@code integer} when both operands are integer-typed. Null when undefined. */
  static Object arith(String op, Object a, Object b, boolean integer) {
    if (!(a instanceof Num x) || !(b instanceof Num y)) {
      return null;
    }
    if (integer && !op.equals("**")) {
      long p = x.value().longValueExact();
      long q = y.value().longValueExact();
      if ((op.equals("/") || op.equals("%")) && q == 0) {
        return null;
      }
      long r = switch (op) {
        case "+" -> p + q;
        case "-" -> p - q;
        case "*" -> p * q;
        case "/" -> p / q;
        case "%" -> p % q;
        default -> throw new IllegalArgumentException(op);
      };
      return new Num(BigDecimal.valueOf(r));
    }
    double p = x.dbl();
    double q = y.dbl();
    double r = switch (op) {
      case "+" -> p + q;
      case "-" -> p - q;
      case "*" -> p * q;
      case "/" -> p / q;
      case "**" -> Math.pow(p, q);
      default -> throw new IllegalArgumentException(op);
    };
    return Num.of(r);
  }

  static Boolean not(Boolean a) {
    return a == null ? null : !a;
  }

  static Boolean and(Boolean a, Boolean b) {
    if (Boolean.FALSE.equals(a) || Boolean.FALSE.equals(b)) {
      return false;
    }
    return a == null || b == null ? null : true;
  }

  static Boolean or(Boolean a, Boolean b) {
    if (Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b)) {
      return true;
    }
    return a == null || b == null ? null : false;
  }
}
