package io.quiver.engine.expr;

import io.quiver.engine.util.FixedBitSet;

/**
 * The three-valued result of a predicate over a segment's rows: {@code t} holds the rows where
 * it is TRUE, {@code f} the rows where it is FALSE; a row in neither is UNKNOWN (SQL's NULL).
 * Both sets are disjoint and lie inside the scope the predicate was evaluated for.
 */
record Truth(FixedBitSet t, FixedBitSet f) {}
