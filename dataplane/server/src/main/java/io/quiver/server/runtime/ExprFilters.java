package io.quiver.server.runtime;

import io.quiver.engine.expr.FilterExpr;
import io.quiver.engine.query.RowFilter;
import io.quiver.engine.schema.CollectionSchema;
import io.quiver.engine.segment.SegmentView;
import io.quiver.engine.util.FixedBitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@link FilterCompiler} of the engine's Milvus expression language. */
public final class ExprFilters {

  private ExprFilters() {}

  public static RowFilter compile(String expression, CollectionSchema schema, Map<String, Object> templateValues) {
    FilterExpr expr = FilterExpr.compile(expression == null ? "" : expression, schema,
        templateValues == null ? Map.of() : templateValues);
    return new RowFilter() {
      @Override
      public boolean matchesAll() {
        return expr.matchesAll();
      }

      @Override
      public FixedBitSet evaluate(SegmentView segment) {
        return expr.evaluate(segment);
      }

      @Override
      public Optional<List<Object>> primaryKeyTerms() {
        return expr.primaryKeyTerms();
      }

      @Override
      public boolean mayMatch(io.quiver.engine.segment.KeyStats stats) {
        return expr.mayMatch(stats);
      }
    };
  }
}
