package io.quiver.engine.query;

import io.quiver.engine.segment.SegmentView;
import io.quiver.engine.util.FixedBitSet;
import java.util.List;
import java.util.Optional;

/** A compiled row predicate, evaluated segment by segment. Thread safe. */
public interface RowFilter {

  /** Matches every row. */
  RowFilter ALL = new RowFilter() {
    @Override
    public boolean matchesAll() {
      return true;
    }

    @Override
    public FixedBitSet evaluate(SegmentView segment) {
      return FixedBitSet.allSet(segment.rowCount());
    }

    @Override
    public Optional<List<Object>> primaryKeyTerms() {
      return Optional.empty();
    }
  };

  /** True when the filter accepts every row (no expression). */
  boolean matchesAll();

  /** The rows of {@code segment} in {@code [0, rowCount)} that match. */
  FixedBitSet evaluate(SegmentView segment);

  /** The primary keys, when the filter is a pure primary-key lookup ({@code pk in [...]}). */
  Optional<List<Object>> primaryKeyTerms();

  /**
   * Whether a segment whose clustering (or partition) key lies in {@code stats} may hold a
   * matching row; false lets the segment be skipped without evaluating it. Default: always may.
   */
  default boolean mayMatch(io.quiver.engine.segment.KeyStats stats) {
    return true;
  }
}
