package io.quiver.engine.expr;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns the values bound to {@code {name}} placeholders into literals: Boolean, Long (also
 * Integer, Short, Byte), Double (also Float), String, and List of those, nested, whose elements
 * may also be Jackson {@link JsonNode}s (how JSON array elements arrive).
 */
final class TemplateValues {

  private TemplateValues() {}

  static Object literal(Map<String, Object> values, String name, int pos) {
    if (!values.containsKey(name)) {
      throw ExprErrors.semantic(pos, "template variable {%s} has no value", name);
    }
    Object v = values.get(name);
    if (v instanceof JsonNode node && (node.isObject() || node.isNull())) {
      throw ExprErrors.semantic(pos, "template variable {%s} must be a scalar or a list, got a JSON %s", name,
          node.isNull() ? "null" : "object");
    }
    return convert(v, name, pos, true);
  }

  private static Object convert(Object v, String name, int pos, boolean top) {
    return switch (v) {
      case null -> throw ExprErrors.semantic(pos, "template variable {%s} is null or holds a null element", name);
      case Boolean b -> b;
      case Long l -> l;
      case Integer i -> i.longValue();
      case Short s -> s.longValue();
      case Byte b -> b.longValue();
      case Double d -> d;
      case Float f -> f.doubleValue();
      case String s -> s;
      case List<?> list -> {
        List<Object> out = new ArrayList<>(list.size());
        for (Object e : list) {
          out.add(convert(e, name, pos, false));
        }
        yield out;
      }
      case JsonNode node -> fromJson(node, name, pos, top);
      default -> throw ExprErrors.semantic(pos, "template variable {%s} has an unsupported value type %s", name,
          v.getClass().getSimpleName());
    };
  }

  private static Object fromJson(JsonNode node, String name, int pos, boolean top) {
    if (node.isObject() && !top) {
      return node; // a JSON object element: only meaningful for json_contains on JSON values
    }
    if (node.isArray()) {
      List<Object> out = new ArrayList<>(node.size());
      for (JsonNode e : node) {
        out.add(fromJson(e, name, pos, false));
      }
      return out;
    }
    Object v = Values.fromJson(node);
    if (v == null || v instanceof JsonNode) {
      throw ExprErrors.semantic(pos, "template variable {%s} holds an unsupported JSON value %s", name, node);
    }
    return v;
  }
}
