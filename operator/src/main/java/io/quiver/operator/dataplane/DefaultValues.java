package io.quiver.operator.dataplane;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The normal form of a field's default value: one string per value, so that a default declared in a
 * Collection (JSON) and the one the data plane reports (a Java object from the SDK) compare equal
 * exactly when they are the same value of the field's type. Integers are decimal, Float and Double use
 * {@link Float#toString(float)} and {@link Double#toString(double)} (0 declared for a Double field is
 * "0.0"), Bool is true/false, VarChar is the text, JSON is compact JSON text. Pure and thread-safe.
 */
public final class DefaultValues {

  private static final ObjectMapper JSON = new ObjectMapper();

  private DefaultValues() {}

  /**
   * The normal form of {@code value} declared for a field of {@code dataType}.
   *
   * @throws IllegalArgumentException if the value does not fit the type
   */
  public static String fromJson(String dataType, JsonNode value) {
    return switch (dataType) {
      case "Bool" -> {
        require(value.isBoolean(), dataType, value);
        yield Boolean.toString(value.booleanValue());
      }
      case "Int8", "Int16", "Int32", "Int64" -> {
        require(value.isIntegralNumber() && value.canConvertToLong(), dataType, value);
        yield Long.toString(value.longValue());
      }
      case "Float" -> {
        require(value.isNumber(), dataType, value);
        yield Float.toString(value.floatValue());
      }
      case "Double" -> {
        require(value.isNumber(), dataType, value);
        yield Double.toString(value.doubleValue());
      }
      case "VarChar" -> {
        require(value.isTextual(), dataType, value);
        yield value.textValue();
      }
      case "JSON" -> {
        require(value.isObject(), dataType, value);
        yield value.toString();
      }
      default -> throw new IllegalArgumentException("a " + dataType + " field cannot have a default value");
    };
  }

  /** The normal form of a value the Milvus SDK returns (Boolean, a number, a String, or a JSON object's text). */
  public static String fromObject(String dataType, Object value) {
    return switch (dataType) {
      case "Float" -> Float.toString(((Number) value).floatValue());
      case "Double" -> Double.toString(((Number) value).doubleValue());
      case "Int8", "Int16", "Int32", "Int64" -> Long.toString(((Number) value).longValue());
      case "JSON" -> {
        try {
          yield JSON.readTree(value.toString()).toString();
        } catch (JsonProcessingException e) {
          throw new IllegalArgumentException("the data plane reported a JSON default that is not JSON: " + value, e);
        }
      }
      default -> value.toString();
    };
  }

  private static void require(boolean ok, String dataType, JsonNode value) {
    if (!ok) {
      throw new IllegalArgumentException("default value " + value + " does not fit a " + dataType + " field");
    }
  }
}
