package io.quiver.engine.expr;

import io.quiver.engine.segment.SegmentView;
import io.quiver.engine.util.FixedBitSet;
import java.util.List;

/** An executable, type-checked condition. Immutable and safe for concurrent evaluation. */
interface Predicate {

  /**
   * Evaluates the rows in {@code scope} ({@code null}: every row of the segment). Rows outside
   * the scope are neither TRUE nor FALSE in the result. The returned bit sets are new and
   * owned by the caller.
   */
  Truth eval(SegmentView segment, FixedBitSet scope);

  /** Relative cost per row, to evaluate cheap conditions first. */
  int cost();

  /**
   * When this predicate is exactly "primary key equals one of these keys", the keys (Long or
   * String); {@code null} otherwise.
   */
  default List<Object> pointKeys(long pkFieldId) {
    return null;
  }

  /**
   * What this predicate requires of field {@code fieldId} for a row to be TRUE, to skip segments
   * by their key range; {@code null} when it does not constrain the field to a range or set.
   */
  default KeyRange keyRange(long fieldId) {
    return null;
  }
}
