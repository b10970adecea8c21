package io.quiver.engine.expr;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A set of constants with value equality across numeric types (see {@link Values#key}). */
final class ValueSet {

  private final Set<Object> keys;
  /** Whether some constant (NaN, or an array holding one) can never be equal to anything. */
  private final boolean hasUnmatchable;

  ValueSet(List<Object> values) {
    keys = new HashSet<>();
    boolean unmatchable = false;
    for (Object v : values) {
      Object k = Values.key(v);
      if (k == null) {
        unmatchable = true;
      } else {
        keys.add(k);
      }
    }
    hasUnmatchable = unmatchable;
  }

  /** Whether the normalized non-null value {@code v} equals a member. */
  boolean contains(Object v) {
    Object k = Values.key(v);
    return k != null && keys.contains(k);
  }

  int size() {
    return keys.size();
  }

  boolean hasUnmatchable() {
    return hasUnmatchable;
  }

  Set<Object> keys() {
    return keys;
  }
}
