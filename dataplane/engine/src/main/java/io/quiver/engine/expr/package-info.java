/**
 * The Milvus boolean filter expression language: {@link io.quiver.engine.expr.FilterExpr}
 * compiles an expression against a collection schema and evaluates it per segment into a bit set.
 *
 * <h2>Pipeline</h2>
 *
 * <ol>
 *   <li>{@code Lexer}: tokens, following Milvus's {@code Plan.g4} lexical rules.
 *   <li>{@code Parser}: precedence climbing into an untyped {@code Ast}; {@code {name}} template
 *       placeholders are replaced by their values here.
 *   <li>{@code Planner}: name resolution against the schema, type checking, constant folding, and
 *       the choice of an executable {@code Predicate} per condition.
 *   <li>Evaluation: column-wise, 64 rows per kernel call ({@code RowScan}); primitive fast paths for
 *       integer, floating and VarChar columns ({@code NumericColumnPredicates}, {@code
 *       StringColumnPredicates}); row-wise predicates over {@code Operand}s for JSON, arrays,
 *       arithmetic and column-to-column comparisons ({@code RowPredicates}). AND evaluates each
 *       child only on rows not yet FALSE, OR only on rows not yet TRUE, cheapest child first.
 * </ol>
 *
 * <h2>Null semantics</h2>
 *
 * Every condition yields TRUE, FALSE or UNKNOWN per row ({@code Truth}). Comparisons, IN, LIKE and
 * the contains functions are UNKNOWN on a NULL cell, a missing JSON key, a JSON {@code null}, an
 * Array index out of bounds, an integer division by zero, or a NaN on either side. NOT UNKNOWN is
 * UNKNOWN; AND and OR follow Kleene's tables (FALSE AND UNKNOWN = FALSE, TRUE OR UNKNOWN = TRUE);
 * only TRUE rows match. {@code IS [NOT] NULL} and {@code exists} are never UNKNOWN; for a JSON key,
 * {@code is null} means missing or JSON null. A JSON value of a type the constant cannot be compared
 * with (a string against {@code 5}) is FALSE for {@code == < <= > >= in like contains} and TRUE for
 * {@code !=} (so {@code !=} always equals {@code not ==}).
 *
 * <h2>Where this deliberately differs from Milvus</h2>
 *
 * <ul>
 *   <li>{@code not}/{@code !} binds looser than comparisons ({@code not a > 1} is {@code not (a >
 *       1)}); Milvus's grammar binds it tighter and rejects that input.
 *   <li>Integer fields compare with float constants by exact value ({@code i in [4.0]}, {@code 1.5 <
 *       i < 9}); Milvus rejects them.
 *   <li>Arithmetic is general: column op column, nested, constant on either side, {@code **} on
 *       fields; Milvus only accepts {@code field op const} (and {@code const + field}, {@code const *
 *       field}).
 *   <li>A range may be empty ({@code 5 < a < 1} matches nothing) instead of an error, and its middle
 *       may be any non-constant operand.
 *   <li>Milvus's NULL handling propagates a validity bit with OR through AND/OR and makes a JSON
 *       {@code !=} TRUE for a missing key; here both follow the three-valued rules above.
 *   <li>Case: {@code is null}, {@code is not null} and function names are accepted in any case;
 *       other keywords, like Milvus's, only in lower or upper case.
 * </ul>
 *
 * <h2>Not supported</h2>
 *
 * {@code text_match}, {@code phrase_match}, {@code random_sample}, {@code element_filter}, {@code
 * match_*}, the {@code st_*} geometry functions ("function 'x' is not supported"); any other call
 * ("unknown function 'x'"); bitwise and shift operators and {@code =~ !~} ("operator 'x' is not
 * supported"); Timestamptz {@code ISO}/{@code INTERVAL} comparisons and struct-field paths
 * ({@code $[...]}) (syntax errors); a Bool field or constant used alone as a condition (write
 * {@code flag == true}), as in Milvus.
 */
package io.quiver.engine.expr;
