package io.quiver.engine.expr;

import io.quiver.engine.schema.CollectionSchema;
import io.quiver.engine.segment.SegmentView;
import io.quiver.engine.util.FixedBitSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A compiled Milvus boolean filter expression, ready to evaluate against segments of one
 * collection schema. Immutable and safe for concurrent use; compile once per request and
 * evaluate per segment.
 *
 * <h2>Language</h2>
 *
 * Milvus's {@code Plan.g4} language: comparisons ({@code == != < <= > >=}) and ranges ({@code
 * 1 < a <= 5}, {@code 5 > a >= 1}); arithmetic {@code + - * / % **} with unary minus; {@code
 * [not] in [..]}; {@code like} with {@code %} and {@code _}; {@code and && or || not !} (lower or
 * upper case); {@code is [not] null}; {@code exists}; JSON paths {@code meta["k"][0]} and
 * {@code $meta["k"]}, with names not in the schema read as keys of the dynamic field; Array
 * element access {@code arr[0]}; {@code json_contains[_all|_any]}, {@code
 * array_contains[_all|_any]}, {@code array_length}; {@code {name}} template placeholders. Error
 * positions are 0-based character offsets.
 *
 * <h2>Semantics</h2>
 *
 * Three-valued (SQL) logic: a comparison, IN, LIKE or contains test on a NULL cell, a missing
 * JSON key or JSON null, an out-of-bounds array index, or a NaN is UNKNOWN; NOT UNKNOWN is
 * UNKNOWN; AND and OR follow Kleene's tables; only TRUE rows match. {@code IS [NOT] NULL} and
 * {@code exists} are never UNKNOWN. A JSON value of a type the constant cannot be compared with
 * is FALSE ({@code !=}: TRUE; {@code not in}: TRUE). Integers compare exactly with integers and
 * floats; a constant compared directly with a Float field is rounded to float first.
 */
public final class FilterExpr {

  private final String text;
  private final Predicate predicate;
  private final List<Object> primaryKeyTerms;
  private final KeyRange keyRange;

  private FilterExpr(String text, Predicate predicate, List<Object> primaryKeyTerms, KeyRange keyRange) {
    this.text = text;
    this.predicate = predicate;
    this.primaryKeyTerms = primaryKeyTerms;
    this.keyRange = keyRange;
  }

  /**
   * Parses and type-checks {@code expr} against {@code schema}. A blank (or null) expression
   * matches every row.
   *
   * @param templateValues values of {@code {name}} placeholders: Boolean, Long, Double, String,
   *     or List of those (nested; JSON elements as Jackson {@code JsonNode}); may be null
   * @throws io.quiver.engine.error.QuiverException INVALID_ARGUMENT, with a message naming the
   *     position, field or template variable at fault
   */
  public static FilterExpr compile(String expr, CollectionSchema schema, Map<String, Object> templateValues) {
    Objects.requireNonNull(schema, "schema");
    String text = expr == null ? "" : expr;
    if (text.isBlank()) {
      return new FilterExpr(text, null, null, null);
    }
    Ast ast = Parser.parse(text, templateValues == null ? Map.of() : templateValues);
    Predicate predicate = new Planner(schema).plan(ast);
    io.quiver.engine.schema.FieldSchema key = io.quiver.engine.segment.KeyStats.keyField(schema);
    return new FilterExpr(text, predicate, predicate.pointKeys(schema.primaryField().id()),
        key == null ? null : predicate.keyRange(key.id()));
  }

  /** Whether the expression is blank, so every row matches. */
  public boolean matchesAll() {
    return predicate == null;
  }

  /** The rows in {@code [0, segment.rowCount())} that match. */
  public FixedBitSet evaluate(SegmentView segment) {
    if (predicate == null) {
      return FixedBitSet.allSet(segment.rowCount());
    }
    return predicate.eval(segment, null).t();
  }

  /**
   * The rows among {@code candidates} that match; rows outside it are not evaluated.
   *
   * @param candidates a set of length {@code segment.rowCount()} (e.g. the live rows); not modified
   */
  public FixedBitSet evaluate(SegmentView segment, FixedBitSet candidates) {
    if (candidates.length() != segment.rowCount()) {
      throw new IllegalArgumentException(
          "candidates cover " + candidates.length() + " rows, the segment has " + segment.rowCount());
    }
    if (predicate == null) {
      return candidates.copy();
    }
    return predicate.eval(segment, candidates).t();
  }

  /**
   * When the whole expression is {@code pk == v}, {@code pk in [..]} or an OR of those on the
   * primary key: the distinct keys (Long or String) in order of appearance, for point lookups;
   * a key that can never equal a primary key (such as 2.5 for an Int64 key) is left out.
   */
  public Optional<List<Object>> primaryKeyTerms() {
    return Optional.ofNullable(primaryKeyTerms);
  }

  /**
   * What the expression requires of the collection's clustering (or partition) key field, when
   * it is {@code key == v}, {@code key in [..]}, {@code key < / <= / > / >= v}, or an AND (or an
   * OR of such terms only) that includes such terms; empty when it does not constrain the key.
   */
  public Optional<KeyRange> keyRange() {
    return Optional.ofNullable(keyRange);
  }

  /**
   * Whether a segment with key range {@code stats} may hold a matching row; false only when its
   * range rules every row out, so the segment can be skipped.
   */
  public boolean mayMatch(io.quiver.engine.segment.KeyStats stats) {
    return keyRange == null || stats == null || keyRange.mayMatch(stats);
  }

  /** The expression as given. */
  public String text() {
    return text;
  }

  @Override
  public String toString() {
    return "FilterExpr[" + text + "]";
  }
}
