package io.quiver.storage.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quiver.engine.schema.DataType;
import io.quiver.engine.schema.FieldSchema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Converts a value read from a file into the engine's representation of a field's type. The
 * rules are the same for every format; a source value is {@code null}, a {@link Boolean}, a
 * {@link Number}, a {@link String}, a {@code float[]} (a list of floats), a {@link List} (any
 * other list) or, from JSON files, a {@link JsonNode}.
 *
 * <table>
 *   <caption>Conversions</caption>
 *   <tr><th>field type</th><th>accepted</th><th>checked here</th></tr>
 *   <tr><td>Bool</td><td>boolean</td><td></td></tr>
 *   <tr><td>Int8, Int16, Int32, Int64</td><td>an integer (not 1.0, not "1")</td><td>the type's range</td></tr>
 *   <tr><td>Float, Double</td><td>any number</td><td>Float: magnitude within Float's range (NaN and
 *       infinity are rejected by the validator)</td></tr>
 *   <tr><td>VarChar</td><td>a string (not a number)</td><td>(max_length by the validator)</td></tr>
 *   <tr><td>JSON</td><td>a JSON value, or a string holding JSON text (parsed)</td><td>the text is valid
 *       JSON of at most 65,536 bytes</td></tr>
 *   <tr><td>Array</td><td>a list whose elements convert to the element type as above</td><td>no null
 *       elements; (max_capacity, max_length by the validator)</td></tr>
 *   <tr><td>FloatVector</td><td>a list of numbers</td><td>exactly dim of them; (finite by the
 *       validator)</td></tr>
 *   <tr><td>$meta</td><td>a JSON object, or a string holding one</td><td>(keys by the validator)</td></tr>
 * </table>
 *
 * <p>Nulls, missing values and defaults are handled by {@link BatchBuilder}. Stateless.
 */
final class ImportValues {

  /** Parses JSON text in cells; thread safe once configured. */
  static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  static final int MAX_JSON_BYTES = io.quiver.engine.schema.ColumnValidator.MAX_JSON_BYTES;

  private ImportValues() {}

  /** A value that cannot be converted; the message is the detail of an {@link ImportException}. */
  static final class BadValue extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadValue(String detail) {
      super(detail, null, false, false);
    }
  }

  /** Whether {@code v} stands for a null cell. */
  static boolean isNull(Object v) {
    return v == null || (v instanceof JsonNode n && (n.isNull() || n.isMissingNode()));
  }

  /**
   * {@code raw} (not null, see {@link #isNull}) as the engine value of {@code f}: Boolean, Integer
   * (Int8/16/32), Long, Float, Double, String, JsonNode, List (Array) or float[] (FloatVector).
   */
  static Object convert(FieldSchema f, Object raw) {
    if (f.dynamic()) {
      return toMeta(raw);
    }
    return switch (f.type()) {
      case BOOL, INT8, INT16, INT32, INT64, FLOAT, DOUBLE, VARCHAR -> scalar(f.type(), f.maxLength(), raw);
      case JSON -> toJson(raw);
      case ARRAY -> toArray(f, raw);
      case FLOAT_VECTOR -> toVector(f.dim(), raw);
      default -> throw new BadValue("fields of type " + f.type().milvusName() + " cannot be imported");
    };
  }

  private static Object scalar(DataType type, int maxLength, Object raw) {
    return switch (type) {
      case BOOL -> {
        if (raw instanceof Boolean b) {
          yield b;
        }
        if (raw instanceof JsonNode n && n.isBoolean()) {
          yield n.booleanValue();
        }
        throw wrongType("a boolean", raw);
      }
      case INT8, INT16, INT32 -> (int) integer(type, raw);
      case INT64 -> integer(type, raw);
      case FLOAT -> {
        double d = number(type, raw);
        float x = (float) d;
        if (Double.isFinite(d) && Float.isInfinite(x)) {
          throw new BadValue("value " + d + " is out of range for Float");
        }
        yield x;
      }
      case DOUBLE -> number(type, raw);
      case VARCHAR -> {
        if (raw instanceof String s) {
          yield s;
        }
        if (raw instanceof JsonNode n && n.isTextual()) {
          yield n.textValue();
        }
        throw wrongType("a string", raw);
      }
      default -> throw new IllegalStateException("not a scalar: " + type);
    };
  }

  private static long integer(DataType type, Object raw) {
    BigInteger big;
    if (raw instanceof Long || raw instanceof Integer || raw instanceof Short || raw instanceof Byte) {
      long v = ((Number) raw).longValue();
      checkRange(type, v);
      return v;
    } else if (raw instanceof BigInteger b) {
      big = b;
    } else if (raw instanceof JsonNode n && n.isIntegralNumber()) {
      if (n.canConvertToLong()) {
        long v = n.longValue();
        checkRange(type, v);
        return v;
      }
      big = n.bigIntegerValue();
    } else {
      throw wrongType("an integer", raw);
    }
    if (big.bitLength() > 63) {
      throw new BadValue("value " + big + " is out of range for " + type.milvusName());
    }
    long v = big.longValue();
    checkRange(type, v);
    return v;
  }

  private static void checkRange(DataType type, long v) {
    if (v < type.minValue() || v > type.maxValue()) {
      throw new BadValue("value " + v + " is out of range for " + type.milvusName() + " [" + type.minValue() + ", "
          + type.maxValue() + "]");
    }
  }

  private static double number(DataType type, Object raw) {
    if (raw instanceof Number n && !(raw instanceof BigDecimal)) {
      return n.doubleValue();
    }
    if (raw instanceof BigDecimal d) {
      return d.doubleValue();
    }
    if (raw instanceof JsonNode n && n.isNumber()) {
      return n.doubleValue();
    }
    throw wrongType("a number", raw);
  }

  private static JsonNode toJson(Object raw) {
    if (raw instanceof String s) {
      return parseJson(s);
    }
    if (raw instanceof JsonNode n) {
      if (n.isTextual()) {
        return parseJson(n.textValue());
      }
      requireFinite(n);
      return n;
    }
    if (raw instanceof Boolean || raw instanceof Number || raw instanceof List<?> || raw instanceof float[]) {
      return toNode(raw);
    }
    throw wrongType("a JSON value or JSON text", raw);
  }

  /** Rejects NaN and infinity anywhere in {@code n} (JSON files may spell them; JSON values must not hold them). */
  static void requireFinite(JsonNode n) {
    if (n.isFloatingPointNumber() && !Double.isFinite(n.doubleValue())) {
      throw new BadValue("JSON value contains NaN or infinity");
    }
    if (n.isContainerNode()) {
      for (JsonNode child : n) {
        requireFinite(child);
      }
    }
  }

  private static JsonNode parseJson(String text) {
    if (text.length() > MAX_JSON_BYTES / 3 && text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_JSON_BYTES) {
      throw new BadValue("JSON text is longer than " + MAX_JSON_BYTES + " bytes");
    }
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new BadValue("invalid JSON text: " + e.getOriginalMessage());
    }
  }

  private static ObjectNode toMeta(Object raw) {
    JsonNode n = toJson(raw);
    if (n instanceof ObjectNode o) {
      return o;
    }
    throw new BadValue("the dynamic field must be a JSON object, got " + describe(n));
  }

  private static List<Object> toArray(FieldSchema f, Object raw) {
    DataType et = f.elementType();
    if (raw instanceof float[] floats) {
      List<Object> out = new ArrayList<>(floats.length);
      for (float x : floats) {
        out.add(element(et, f.maxLength(), x, out.size()));
      }
      return out;
    }
    Iterable<?> items = listItems(raw, "an array");
    List<Object> out = new ArrayList<>();
    for (Object e : items) {
      out.add(element(et, f.maxLength(), e, out.size()));
    }
    return out;
  }

  private static Object element(DataType et, int maxLength, Object e, int index) {
    if (isNull(e)) {
      throw new BadValue("array element " + index + " is null");
    }
    try {
      return scalar(et, maxLength, e);
    } catch (BadValue bad) {
      throw new BadValue("array element " + index + ": " + bad.getMessage());
    }
  }

  private static float[] toVector(int dim, Object raw) {
    if (raw instanceof float[] floats) {
      if (floats.length != dim) {
        throw new BadValue("expected " + dim + " floats, got " + floats.length);
      }
      return floats;
    }
    if (raw instanceof double[] doubles) {
      if (doubles.length != dim) {
        throw new BadValue("expected " + dim + " floats, got " + doubles.length);
      }
      float[] out = new float[dim];
      for (int i = 0; i < dim; i++) {
        out[i] = (float) doubles[i];
      }
      return out;
    }
    int size = raw instanceof List<?> l ? l.size() : raw instanceof ArrayNode a ? a.size() : -1;
    Iterable<?> items = listItems(raw, "a list of " + dim + " floats");
    if (size != dim) {
      throw new BadValue("expected " + dim + " floats, got " + size);
    }
    float[] out = new float[dim];
    int i = 0;
    for (Object e : items) {
      if (e instanceof Number n) {
        out[i++] = n.floatValue();
      } else if (e instanceof JsonNode n && n.isNumber()) {
        out[i++] = n.floatValue();
      } else {
        throw new BadValue("vector element " + i + " is " + describe(e) + ", not a number");
      }
    }
    return out;
  }

  private static Iterable<?> listItems(Object raw, String expected) {
    if (raw instanceof List<?> l) {
      return l;
    }
    if (raw instanceof ArrayNode a) {
      return a;
    }
    throw wrongType(expected, raw);
  }

  /** {@code raw} (a source value, not a JsonNode) as JSON, for dynamic keys from columnar files. */
  static JsonNode toNode(Object raw) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    return switch (raw) {
      case null -> f.nullNode();
      case JsonNode n -> n;
      case Boolean b -> f.booleanNode(b);
      case Integer i -> f.numberNode(i);
      case Long l -> f.numberNode(l);
      case Short s -> f.numberNode(s);
      case Byte b -> f.numberNode(b);
      case Float x -> f.numberNode(x);
      case Double x -> f.numberNode(x);
      case BigInteger b -> f.numberNode(b);
      case BigDecimal d -> f.numberNode(d);
      case String s -> f.textNode(s);
      case float[] a -> {
        ArrayNode out = f.arrayNode(a.length);
        for (float x : a) {
          out.add(x);
        }
        yield out;
      }
      case List<?> l -> {
        ArrayNode out = f.arrayNode(l.size());
        for (Object e : l) {
          out.add(toNode(e));
        }
        yield out;
      }
      case Map<?, ?> m -> {
        ObjectNode out = f.objectNode();
        m.forEach((k, v) -> out.set(String.valueOf(k), toNode(v)));
        yield out;
      }
      default -> throw new BadValue("a value of " + raw.getClass().getSimpleName() + " cannot be stored as JSON");
    };
  }

  private static BadValue wrongType(String expected, Object raw) {
    return new BadValue("expected " + expected + ", got " + describe(raw));
  }

  /** A short description of a source value for messages: its kind and, when short, the value. */
  static String describe(Object raw) {
    String kind;
    String text;
    switch (raw) {
      case null -> {
        return "null";
      }
      case JsonNode n -> {
        kind = switch (n.getNodeType()) {
          case ARRAY -> "a JSON array";
          case OBJECT -> "a JSON object";
          case STRING -> "a string";
          case NUMBER -> n.isIntegralNumber() ? "an integer" : "a floating-point number";
          case BOOLEAN -> "a boolean";
          case NULL -> "null";
          default -> "a JSON " + n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
        text = n.isContainerNode() ? null : n.toString();
      }
      case String s -> {
        kind = "a string";
        text = '"' + s + '"';
      }
      case Boolean b -> {
        kind = "a boolean";
        text = b.toString();
      }
      case Float x -> {
        kind = "a floating-point number";
        text = x.toString();
      }
      case Double x -> {
        kind = "a floating-point number";
        text = x.toString();
      }
      case BigDecimal x -> {
        kind = "a decimal number";
        text = x.toString();
      }
      case Number x -> {
        kind = "an integer";
        text = x.toString();
      }
      case float[] a -> {
        kind = "a list of " + a.length + " floats";
        text = null;
      }
      case List<?> l -> {
        kind = "a list of " + l.size() + " elements";
        text = null;
      }
      default -> {
        kind = "a " + raw.getClass().getSimpleName();
        text = null;
      }
    }
    if (text == null || text.length() > 40) {
      return kind;
    }
    return kind + " (" + text + ")";
  }
}
