package io.quiver.server.grpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.milvus.grpc.KeyValuePair;
import io.milvus.grpc.PlaceholderGroup;
import io.milvus.grpc.PlaceholderType;
import io.milvus.grpc.PlaceholderValue;
import io.milvus.grpc.TemplateArrayValue;
import io.milvus.grpc.TemplateValue;
import io.quiver.engine.error.ErrorCode;
import io.quiver.engine.error.QuiverException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parsing of the loosely typed parts of Milvus requests: KV params, templates, placeholders. */
public final class RequestParams {

  private RequestParams() {}

  /** KV pairs as a map; a later entry wins over an earlier one with the same key. */
  public static Map<String, String> toMap(List<KeyValuePair> pairs) {
    Map<String, String> out = new LinkedHashMap<>();
    for (KeyValuePair kv : pairs) {
      out.put(kv.getKey(), kv.getValue());
    }
    return out;
  }

  /**
   * Search parameters: top-level keys first, then the keys of the legacy {@code params} JSON for
   * those not given at the top level.
   */
  public static Map<String, String> searchParams(List<KeyValuePair> pairs) {
    Map<String, String> top = toMap(pairs);
    String json = top.get("params");
    Map<String, String> out = new LinkedHashMap<>(top);
    out.remove("params");
    if (json != null && !json.isBlank()) {
      JsonNode node;
      try {
        node = SchemaCodec.JSON.readTree(json);
      } catch (IOException e) {
        throw QuiverException.invalid("search param params is not valid JSON: %s", json);
      }
      if (node != null && node.isObject()) {
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          if (!out.containsKey(e.getKey())) {
            JsonNode v = e.getValue();
            out.put(e.getKey(), v.isTextual() ? v.asText() : v.toString());
          }
        }
      }
    }
    return out;
  }

  /** An integer parameter, parsed leniently ("10.0" is 10); {@code defaultValue} when absent. */
  public static long longParam(Map<String, String> params, String key, long defaultValue) {
    String raw = params.get(key);
    if (raw == null || raw.isBlank()) {
      return defaultValue;
    }
    try {
      double d = Double.parseDouble(raw.trim());
      if (d != Math.rint(d) || Double.isInfinite(d)) {
        throw QuiverException.invalid("parameter %s must be an integer, got '%s'", key, raw);
      }
      return (long) d;
    } catch (NumberFormatException e) {
      throw QuiverException.invalid("parameter %s must be an integer, got '%s'", key, raw);
    }
  }

  public static Float floatParam(Map<String, String> params, String key) {
    String raw = params.get(key);
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      float f = Float.parseFloat(raw.trim());
      if (!Float.isFinite(f)) {
        throw QuiverException.invalid("parameter %s must be a finite number, got '%s'", key, raw);
      }
      return f;
    } catch (NumberFormatException e) {
      throw QuiverException.invalid("parameter %s must be a number, got '%s'", key, raw);
    }
  }

  public static boolean boolParam(Map<String, String> params, String key, boolean defaultValue) {
    String raw = params.get(key);
    if (raw == null || raw.isBlank()) {
      return defaultValue;
    }
    return switch (raw.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "1" -> true;
      case "false", "0" -> false;
      default -> throw QuiverException.invalid("parameter %s must be true or false, got '%s'", key, raw);
    };
  }

  /** Template values as Java objects: Boolean, Long, Double, String, List (JSON elements as JsonNode). */
  public static Map<String, Object> templates(Map<String, TemplateValue> values) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, TemplateValue> e : values.entrySet()) {
      out.put(e.getKey(), template(e.getKey(), e.getValue()));
    }
    return out;
  }

  private static Object template(String name, TemplateValue v) {
    return switch (v.getValCase()) {
      case BOOL_VAL -> v.getBoolVal();
      case INT64_VAL -> v.getInt64Val();
      case FLOAT_VAL -> v.getFloatVal();
      case STRING_VAL -> v.getStringVal();
      case ARRAY_VAL -> templateArray(name, v.getArrayVal());
      case VAL_NOT_SET -> throw QuiverException.invalid("template value %s is empty", name);
    };
  }

  private static List<Object> templateArray(String name, TemplateArrayValue a) {
    List<Object> out = new ArrayList<>();
    switch (a.getDataCase()) {
      case BOOL_DATA -> out.addAll(a.getBoolData().getDataList());
      case LONG_DATA -> out.addAll(a.getLongData().getDataList());
      case DOUBLE_DATA -> out.addAll(a.getDoubleData().getDataList());
      case STRING_DATA -> out.addAll(a.getStringData().getDataList());
      case ARRAY_DATA -> a.getArrayData().getDataList().forEach(x -> out.add(templateArray(name, x)));
      case JSON_DATA -> {
        for (ByteString b : a.getJsonData().getDataList()) {
          try {
            out.add(SchemaCodec.JSON.readTree(b.toByteArray()));
          } catch (IOException e) {
            throw QuiverException.invalid("template value %s holds invalid JSON", name);
          }
        }
      }
      case DATA_NOT_SET -> {}
    }
    return out;
  }

  /** The float query vectors of a serialized PlaceholderGroup. */
  public static List<float[]> floatVectors(ByteString placeholderGroup) {
    if (placeholderGroup.isEmpty()) {
      throw QuiverException.invalid("the search request has no query vectors (placeholder_group is empty)");
    }
    PlaceholderGroup group;
    try {
      group = PlaceholderGroup.parseFrom(placeholderGroup);
    } catch (InvalidProtocolBufferException e) {
      throw QuiverException.invalid("placeholder_group is not a valid PlaceholderGroup: %s", e.getMessage());
    }
    if (group.getPlaceholdersCount() != 1) {
      throw QuiverException.invalid("placeholder_group must hold exactly one placeholder, got %d", group.getPlaceholdersCount());
    }
    PlaceholderValue value = group.getPlaceholders(0);
    if (value.getType() != PlaceholderType.FloatVector) {
      throw new QuiverException(ErrorCode.UNSUPPORTED, "query vectors of type " + value.getType()
          + " are not supported yet; only FloatVector is");
    }
    List<float[]> out = new ArrayList<>(value.getValuesCount());
    for (ByteString bytes : value.getValuesList()) {
      if (bytes.size() % 4 != 0) {
        throw QuiverException.invalid("a float query vector has %d bytes, not a multiple of 4", bytes.size());
      }
      FloatBufferReader reader = new FloatBufferReader(bytes);
      out.add(reader.read());
    }
    return out;
  }

  private record FloatBufferReader(ByteString bytes) {
    float[] read() {
      ByteBuffer buf = bytes.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      float[] v = new float[bytes.size() / 4];
      buf.asFloatBuffer().get(v);
      return v;
    }
  }
}
