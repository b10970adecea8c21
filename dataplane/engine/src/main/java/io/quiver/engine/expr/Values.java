package io.quiver.engine.expr;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The value model of row-wise evaluation. Values are normalized to Long (every integer), Double
 * (every floating value), String, Boolean, List (an Array cell or list constant, elements
 * normalized lazily) or JsonNode (a JSON array or object); {@code null} means unknown (a null
 * cell, a missing JSON key, a JSON null, an index out of bounds).
 */
final class Values {

  /** {@link #compare} result: the values are of types that cannot be ordered or are unequal arrays. */
  static final int MISMATCH = 2;
  /** {@link #compare} result: a NaN takes part, so the comparison is unknown. */
  static final int UNORDERED = 3;

  /** Three-valued results of a row test. */
  static final int FALSE = 0;
  static final int TRUE = 1;
  static final int UNKNOWN = -1;

  private static final double TWO_POW_63 = 0x1p63;

  private Values() {}

  /** A JSON value in the normalized model; {@code null} for a missing node or JSON null. */
  static Object fromJson(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isNumber()) {
      if (node.isIntegralNumber() && node.canConvertToLong()) {
        return node.longValue();
      }
      return node.doubleValue();
    }
    return node; // array, object (binary and POJO nodes do not occur in parsed JSON)
  }

  /** An engine value (see {@code ColumnReader}) in the normalized model. */
  static Object fromEngine(Object v) {
    return switch (v) {
      case Integer i -> i.longValue();
      case Short s -> s.longValue();
      case Byte b -> b.longValue();
      case Float f -> f.doubleValue();
      case JsonNode node -> fromJson(node);
      case null, default -> v;
    };
  }

  /** Follows a JSON path (String keys, Integer indexes, with JSON-pointer leniency); null if absent. */
  static JsonNode navigate(JsonNode root, List<Object> path) {
    JsonNode cur = root;
    for (Object step : path) {
      if (cur == null) {
        return null;
      }
      if (step instanceof String key) {
        if (cur.isObject()) {
          cur = cur.get(key);
        } else if (cur.isArray()) {
          int i = arrayIndex(key);
          cur = i >= 0 ? cur.get(i) : null;
        } else {
          return null;
        }
      } else {
        int i = (Integer) step;
        cur = cur.isArray() ? cur.get(i) : cur.isObject() ? cur.get(Integer.toString(i)) : null;
      }
    }
    return cur;
  }

  private static int arrayIndex(String key) {
    if (key.isEmpty() || key.length() > 9 || (key.length() > 1 && key.charAt(0) == '0')) {
      return -1;
    }
    int v = 0;
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /**
   * Compares two normalized non-null values: negative, zero or positive when ordered, {@link
   * #MISMATCH} when they are of incomparable types (or are unequal arrays / objects), {@link
   * #UNORDERED} when a NaN takes part. Integers and floats compare exactly by numeric value.
   */
  static int compare(Object a, Object b) {
    if (a instanceof Long x) {
      if (b instanceof Long y) {
        return Long.compare(x, y);
      }
      if (b instanceof Double y) {
        return Double.isNaN(y) ? UNORDERED : compareLongDouble(x, y);
      }
      return MISMATCH;
    }
    if (a instanceof Double x) {
      if (Double.isNaN(x)) {
        return b instanceof Long || b instanceof Double ? UNORDERED : MISMATCH;
      }
      if (b instanceof Double y) {
        return Double.isNaN(y) ? UNORDERED : x < y ? -1 : x > y ? 1 : 0;
      }
      if (b instanceof Long y) {
        return -compareLongDouble(y, x);
      }
      return MISMATCH;
    }
    if (a instanceof String x) {
      return b instanceof String y ? Integer.signum(compareStrings(x, y)) : MISMATCH;
    }
    if (a instanceof Boolean x) {
      return b instanceof Boolean y ? Boolean.compare(x, y) : MISMATCH;
    }
    if (isArray(a) && isArray(b)) {
      return arraysEqual(a, b) ? 0 : MISMATCH;
    }
    if (a instanceof JsonNode x && b instanceof JsonNode y && x.isObject() && y.isObject()) {
      return x.equals(y) ? 0 : MISMATCH;
    }
    return MISMATCH;
  }

  /** Applies {@code op} to a {@link #compare} result, three-valued. */
  static int test(CmpOp op, int cmp) {
    if (cmp == UNORDERED) {
      return UNKNOWN;
    }
    if (cmp == MISMATCH) {
      return op == CmpOp.NE ? TRUE : FALSE;
    }
    return op.test(cmp) ? TRUE : FALSE;
  }

  /** Exact comparison of an int64 with a non-NaN double. */
  static int compareLongDouble(long l, double d) {
    if (d < -TWO_POW_63) {
      return 1;
    }
    if (d >= TWO_POW_63) {
      return -1;
    }
    long t = (long) d; // exact: |d| < 2^63, truncated toward zero
    if (l != t) {
      return Long.compare(l, t);
    }
    double frac = d - t;
    return frac > 0 ? -1 : frac < 0 ? 1 : 0;
  }

  /** Orders strings by Unicode code point, which is the UTF-8 byte order Milvus uses. */
  static int compareStrings(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        if (x >= Character.MIN_SURROGATE && y >= Character.MIN_SURROGATE) {
          return fixUp(x) - fixUp(y);
        }
        return x - y;
      }
    }
    return a.length() - b.length();
  }

  /** Moves surrogates above U+E000..U+FFFF so that UTF-16 units sort in code point order. */
  private static int fixUp(char c) {
    return c >= 0xE000 ? c - 0x800 : c + 0x2000;
  }

  static boolean isArray(Object v) {
    return v instanceof List<?> || (v instanceof JsonNode n && n.isArray());
  }

  /** The elements of an array value (List or JSON array), normalized. */
  static List<Object> elements(Object array) {
    if (array instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object e : list) {
        out.add(fromEngine(e));
      }
      return out;
    }
    JsonNode node = (JsonNode) array;
    List<Object> out = new ArrayList<>(node.size());
    for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
      out.add(fromJson(it.next()));
    }
    return out;
  }

  static int length(Object array) {
    return array instanceof List<?> list ? list.size() : ((JsonNode) array).size();
  }

  private static boolean arraysEqual(Object a, Object b) {
    if (length(a) != length(b)) {
      return false;
    }
    List<Object> x = elements(a);
    List<Object> y = elements(b);
    for (int i = 0; i < x.size(); i++) {
      Object u = x.get(i);
      Object v = y.get(i);
      if (u == null || v == null) {
        if (u != v) {
          return false;
        }
      } else if (compare(u, v) != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * A key with value equality for hashing: equal numbers give equal keys whatever their type
   * (2 and 2.0), arrays become lists of keys; {@code null} for NaN (equal to nothing).
   */
  static Object key(Object v) {
    return switch (v) {
      case Double d -> {
        if (Double.isNaN(d)) {
          yield null;
        }
        if (d >= -TWO_POW_63 && d < TWO_POW_63 && d == Math.rint(d)) {
          yield (long) (double) d;
        }
        yield d;
      }
      case List<?> ignored -> arrayKey(v);
      case JsonNode n when n.isArray() -> arrayKey(v);
      case null, default -> v;
    };
  }

  private static Object arrayKey(Object array) {
    List<Object> out = new ArrayList<>();
    for (Object e : elements(array)) {
      if (e == null) {
        out.add(KeyNull.INSTANCE);
      } else {
        Object k = key(e);
        if (k == null) {
          return null; // an array holding NaN equals nothing
        }
        out.add(k);
      }
    }
    return out;
  }

  /** Stands for a JSON null inside an array key. */
  private enum KeyNull {
    INSTANCE
  }

  /** The display name of a constant's type, as Milvus names types. */
  static String typeName(Object v) {
    return switch (v) {
      case Long ignored -> "Int64";
      case Double ignored -> "Double";
      case String ignored -> "VarChar";
      case Boolean ignored -> "Bool";
      case List<?> ignored -> "Array";
      case JsonNode ignored -> "JSON";
      default -> v.getClass().getSimpleName();
    };
  }

  /** A constant as written in an expression, for messages. */
  static String show(Object v) {
    if (v instanceof String s) {
      return "\"" + s + "\"";
    }
    return String.valueOf(v);
  }
}
