package io.quiver.server.runtime;

import io.quiver.engine.query.RowFilter;
import io.quiver.engine.schema.CollectionSchema;
import java.util.Map;

/** Compiles a Milvus boolean expression against a schema. Thread safe. */
@FunctionalInterface
public interface FilterCompiler {

  /**
   * @param expression the filter text; blank matches every row
   * @param templateValues values for {@code {name}} placeholders (Boolean, Long, Double, String, List)
   * @throws io.quiver.engine.error.QuiverException INVALID_ARGUMENT naming the position or field
   */
  RowFilter compile(String expression, CollectionSchema schema, Map<String, Object> templateValues);
}
