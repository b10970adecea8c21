package io.quiver.engine.expr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quiver.engine.schema.CollectionSchema;
import io.quiver.engine.schema.FieldSchema;
import io.quiver.engine.util.FixedBitSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds test rows with defaults for every non-nullable field, and runs filters over them. */
final class Rows {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private final CollectionSchema schema;
  private final List<Map<String, Object>> rows = new ArrayList<>();

  Rows(CollectionSchema schema) {
    this.schema = schema;
  }

  static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  /** Adds a row: defaults for the non-nullable fields, then alternating name/value overrides. */
  Rows add(Object... namesAndValues) {
    Map<String, Object> row = new HashMap<>();
    for (FieldSchema f : schema.fields()) {
      if (f.nullable() || f.type().isVector()) {
        continue;
      }
      row.put(f.name(), switch (f.type()) {
        case BOOL -> false;
        case INT8, INT16, INT32 -> 0;
        case INT64 -> 0L;
        case FLOAT -> 0f;
        case DOUBLE -> 0d;
        case VARCHAR -> "";
        case JSON -> json("{}");
        case ARRAY -> List.of();
        default -> throw new IllegalStateException(f.toString());
      });
    }
    if (schema.primaryField().type() == io.quiver.engine.schema.DataType.INT64) {
      row.put(schema.primaryField().name(), (long) rows.size());
    }
    for (int i = 0; i < namesAndValues.length; i += 2) {
      row.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    rows.add(row);
    return this;
  }

  InMemorySegment segment(String... omitted) {
    return new InMemorySegment(schema, rows, omitted);
  }

  /** The indexes of the rows matching {@code expr}. */
  List<Integer> match(String expr) {
    return match(expr, Map.of());
  }

  List<Integer> match(String expr, Map<String, Object> templates) {
    FixedBitSet bits = FilterExpr.compile(expr, schema, templates).evaluate(segment());
    return indexes(bits);
  }

  static List<Integer> indexes(FixedBitSet bits) {
    List<Integer> out = new ArrayList<>();
    for (int i = bits.nextSetBit(0); i >= 0; i = bits.nextSetBit(i + 1)) {
      out.add(i);
    }
    return out;
  }
}
