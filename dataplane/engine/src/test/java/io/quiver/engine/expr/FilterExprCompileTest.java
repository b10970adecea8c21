package io.quiver.engine.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.engine.error.ErrorCode;
import io.quiver.engine.error.QuiverException;
import io.quiver.engine.schema.CollectionSchema;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Parsing and type checking: what compiles, and the errors for what does not. */
class FilterExprCompileTest {

  private static final CollectionSchema SCHEMA = TestSchemas.all(true);
  private static final CollectionSchema STATIC = TestSchemas.all(false);

  private static FilterExpr compile(String expr) {
    return FilterExpr.compile(expr, SCHEMA, Map.of());
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> rejects(String expr) {
    return rejects(expr, SCHEMA, Map.of());
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> rejects(String expr, CollectionSchema schema,
      Map<String, Object> templates) {
    return assertThatThrownBy(() -> FilterExpr.compile(expr, schema, templates))
        .isInstanceOf(QuiverException.class)
        .satisfies(e -> assertThat(((QuiverException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "\n\t"})
  void blankExpressionMatchesAll(String expr) {
    FilterExpr f = compile(expr);
    assertThat(f.matchesAll()).isTrue();
    assertThat(f.text()).isEqualTo(expr);
    assertThat(FilterExpr.compile(null, SCHEMA, null).matchesAll()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      // what the SDKs generate
      "id in [1,2,3]",
      "id in [1, 2, 3,]",
      "( i64 > 5 ) and id > 10",
      "id > -9223372036854775807",
      "id > -9223372036854775808",
      "id > 9223372036854775807",
      "s > 'x' && i64 > 1",
      "s in [\"a\",\"b\"]",
      // literals
      "i64 == 0x1F", "i64 == 0X1f", "i64 == 017", "i64 == 0b101", "i64 == 0", "d == 1.5", "d == .5", "d == 1.",
      "d == 1e3", "d == 1E-3", "d == 2.5e+2", "b == true", "b == True", "b == TRUE", "b == false", "b == False",
      "b == FALSE", "s == 'it\\'s'", "s == \"say \\\"hi\\\"\"", "s == \"tab\\tnewline\\n\"", "s == \"\\u00e9\\x41\"",
      "s == r\"raw\\d\"", "s == ''",
      // operators and keywords in both cases
      "i64 > 1 and i32 < 2", "i64 > 1 AND i32 < 2", "i64 > 1 && i32 < 2",
      "i64 > 1 or i32 < 2", "i64 > 1 OR i32 < 2", "i64 > 1 || i32 < 2",
      "not i64 > 1", "NOT (i64 > 1)", "!(i64 > 1)", "not not i64 > 1",
      "i64 in [1, 2]", "i64 IN [1, 2]", "i64 not in [1, 2]", "i64 NOT IN [1, 2]", "i64 in []", "i64 not in []",
      "s like \"a%\"", "s LIKE \"%a\"", "s like \"%a%\"", "s like \"a_c\"", "s like \"a\"",
      "ni is null", "ni IS NULL", "ni is not null", "ni IS NOT NULL", "ni Is Not Null", "ni is   not\tnull",
      // ranges
      "1 < i64 < 5", "1 <= i64 < 5", "1 < i64 <= 5", "1 <= i64 <= 5", "5 > i64 > 1", "5 >= i64 >= 1",
      "10 >= i64 > 2", "1.5 < d < 2.5", "'a' < s < 'c'", "1 < j[\"a\"] < 3", "1 < dyn < 3", "1 < ai[0] < 3",
      // comparisons, both orders, and fields
      "i8 > 1000", "i8 == -1000", "5 < i64", "i64 == 1.5", "f == 2", "d > i64", "i32 <= f", "s != ns",
      "b == nb", "i64 >= 1 and d != 2.0",
      // arithmetic
      "i64 + 2 == 5", "i64 * 3 > 10", "i64 % 2 == 0", "i64 - 1 != 0", "i64 / 2 >= 3", "2 * i64 == 6",
      "10 - i64 > 3", "d * 1.5 < 3", "i64 + d > 0", "-i64 > 3", "i64 ** 2 > 4", "2 ** 3 == i64",
      "i64 == 2 + 3 * 4", "i64 == (2 + 3) * 4", "i64 == -(-5)", "d == 7 / 2", "dyn % 10 != 2",
      "array_length(ai) == 3", "ARRAY_LENGTH(j[\"c\"]) > 0", "array_length(dyn) >= 1",
      // JSON, dynamic fields, arrays
      "j[\"a\"] > 1", "j['a'] == 'x'", "j[\"a\"][\"b\"] == 1", "j[\"c\"][0] == 1", "j[\"a\"] in [1, \"x\", true]",
      "j == 1", "j[ \"a\" ] == 1", "$meta[\"color\"] == \"red\"", "color == \"red\"", "color in ['red', 'blue']",
      "color like 'r%'", "tags[0] == 'a'", "j[\"a\"] is null", "dyn is not null", "exists j[\"a\"]",
      "EXISTS $meta[\"color\"]", "exists color", "ai[0] == 1", "as[1] like 'g%'", "ai == [1, 2, 3]",
      "ai != []", "j[\"c\"] == [1, 2, 3]",
      // contains
      "json_contains(j[\"c\"], 1)", "JSON_CONTAINS(tags, 'a')", "json_contains_all(j[\"c\"], [1, 2])",
      "json_contains_any(tags, ['a', 'z'])", "array_contains(ai, 1)", "ARRAY_CONTAINS_ALL(ai, [1, 2])",
      "array_contains_any(as, ['red'])", "array_contains(j[\"c\"], [1, 2])", "json_contains(ai, 3)",
      "array_contains_any(ai, [])",
      // parentheses and precedence
      "((i64 > 1))", "(i64 > 1 or i32 > 1) and not (s == 'a' or s == 'b')", "i64 > 1 and i32 > 1 or s == 'a'",
  })
  void compilesMilvusConstructs(String expr) {
    FilterExpr f = compile(expr);
    assertThat(f.matchesAll()).isFalse();
    assertThat(f.text()).isEqualTo(expr);
  }

  @Test
  void templatePlaceholdersTakeTheirValues() {
    Map<String, Object> values = new HashMap<>();
    values.put("min", 10L);
    values.put("max", 20);
    values.put("ratio", 0.5);
    values.put("name", "apple");
    values.put("flag", true);
    values.put("ids", List.of(1L, 2L, 3L));
    values.put("nested", List.of(List.of(1L, 2L), List.of(3L)));
    assertThat(FilterExpr.compile("i64 > {min} and i64 < { max } and d > {ratio} and s == {name} and b == {flag}"
        + " and id in {ids} and json_contains_any(j[\"c\"], {nested})", SCHEMA, values).matchesAll()).isFalse();
  }

  @Test
  void reportsSyntaxErrorsWithPosition() {
    rejects("i64 > 1 and (i32 < 2").hasMessage(
        "filter syntax error at position 20 (at end of input): expected ')' to close the '(' at position 12");
    rejects("i64 > 1)").hasMessage("filter syntax error at position 7 (near ')'): unbalanced ')'");
    rejects("s == \"abc").hasMessage("filter syntax error at position 5 (near '\"abc'): unterminated string literal");
    rejects("s == 'abc\\'").hasMessageContaining("unterminated string literal");
    rejects("i64 > 1 # 2").hasMessage("filter syntax error at position 8 (near '#'): unexpected character '#'");
    rejects("i64 >").hasMessageContaining("position 5").hasMessageContaining("unexpected end of expression");
    rejects("i64 > 1 and").hasMessageContaining("position 11");
    rejects("i64 1").hasMessage(
        "filter syntax error at position 4 (near '1'): expected an operator or the end of the expression");
    rejects("i64 = 1").hasMessageContaining("position 4").hasMessageContaining("use '=='");
    rejects("i64 & 1 == 1").hasMessageContaining("operator '&' is not supported");
    rejects("s =~ 'a'").hasMessageContaining("regular-expression match '=~' is not supported");
    rejects("i64 in [1, 2").hasMessageContaining("expected ',' or ']'");
    rejects("i64 == 12abc").hasMessageContaining("invalid number literal '12abc'");
    rejects("i64 == 09").hasMessageContaining("invalid octal literal");
    rejects("i64 == 9223372036854775808").hasMessageContaining("out of the int64 range");
    rejects("d == 1e999").hasMessageContaining("out of the double range");
    rejects("i64 == {").hasMessageContaining("{name}");
    rejects("a < i64 == 3").hasMessageContaining("a chained comparison must be a range");
    rejects("1 < i64 < 3 < 4").hasMessageContaining("at most two comparison operators");
    rejects("ni is nul").hasMessageContaining("expected 'null'");
    rejects("j[] == 1").hasMessageContaining("JSON key");
    rejects("j[\"\"] == 1").hasMessageContaining("must not be empty");
    rejects("$foo == 1").hasMessageContaining("unexpected character '$'");
    rejects("i64 in [1,,2]").hasMessageContaining("expected a field or a value");
  }

  @Test
  void rejectsExcessiveNesting() {
    String deep = "(".repeat(500) + "i64 > 1" + ")".repeat(500);
    rejects(deep).hasMessageContaining("nests deeper than");
    String nots = "not ".repeat(500) + "i64 > 1";
    rejects(nots).hasMessageContaining("nests deeper than");
    String sum = "i64" + " + 1".repeat(500) + " > 0";
    rejects(sum).hasMessageContaining("nests deeper than");
  }

  @Test
  void acceptsLongFlatChains() {
    StringBuilder sb = new StringBuilder("id == 0");
    for (int i = 1; i < 5000; i++) {
      sb.append(" or id == ").append(i);
    }
    assertThat(compile(sb.toString()).primaryKeyTerms()).hasValueSatisfying(k -> assertThat(k).hasSize(5000));
  }

  @Test
  void reportsUnknownFieldsByName() {
    rejects("age > 1", STATIC, Map.of()).hasMessage("field 'age' does not exist (at position 0)");
    rejects("i64 > 1 and age > 1", STATIC, Map.of()).hasMessage("field 'age' does not exist (at position 12)");
    rejects("$meta[\"a\"] == 1", STATIC, Map.of()).hasMessageContaining("field '$meta' does not exist");
    rejects("vec == 1").hasMessage("FloatVector field 'vec' cannot be used in a filter (at position 0)");
    rejects("i64[0] == 1").hasMessageContaining("Int64 field 'i64' cannot be indexed");
    rejects("ai[\"k\"] == 1").hasMessageContaining("Array field 'ai' takes a single integer index");
    rejects("ai[0][1] == 1").hasMessageContaining("single integer index");
  }

  @Test
  void reportsTypeMismatches() {
    rejects("s > 1").hasMessage("cannot compare VarChar field 's' with Int64 value (at position 2)");
    rejects("1 < s").hasMessage("cannot compare VarChar field 's' with Int64 value (at position 2)");
    rejects("i64 == 'x'").hasMessage("cannot compare Int64 field 'i64' with VarChar value (at position 4)");
    rejects("b == 1").hasMessageContaining("cannot compare Bool field 'b' with Int64 value");
    rejects("d == true").hasMessageContaining("cannot compare Double field 'd' with Bool value");
    rejects("b > false").hasMessageContaining("operator '>' cannot be applied to Bool field 'b'");
    rejects("s == i64").hasMessageContaining("cannot compare VarChar field 's' with Int64 field 'i64'");
    rejects("ai > 1").hasMessage("operator '>' cannot be applied to Array field 'ai' (at position 3)");
    rejects("ai == 1").hasMessageContaining("index it (ai[0]) or use array_contains");
    rejects("ai == ['x']").hasMessageContaining("cannot compare Array field 'ai'");
    rejects("i64 in [1, 'x']").hasMessageContaining("cannot compare Int64 field 'i64' with VarChar value \"x\" in the 'in' list");
    rejects("i64 in 1").hasMessageContaining("the right side of 'in' must be a list");
    rejects("i64 in i32").hasMessageContaining("the right side of 'in' must be a list");
    rejects("1 in [1, 2]").hasMessageContaining("the left side of 'in' must be a field");
    rejects("i64 in [i32]").hasMessageContaining("list elements must be constants");
    rejects("i64 like 'a%'").hasMessageContaining("LIKE can only be applied to a VarChar field or a JSON value");
    rejects("s like 1").hasMessageContaining("the pattern of LIKE must be a string");
    rejects("s + 1 == 2").hasMessageContaining("cannot apply '+' to VarChar field 's'");
    rejects("d % 2 == 1").hasMessageContaining("modulo can only apply on integer types");
    rejects("i64 / 0 == 1").hasMessageContaining("division or modulus by zero");
    rejects("i64 % 0 == 1").hasMessageContaining("division or modulus by zero");
    rejects("i64 == 1 / 0").hasMessageContaining("division or modulus by zero");
    rejects("i64 == 1.0 / 0.0").hasMessageContaining("division or modulus by zero");
    rejects("-s == 'a'").hasMessageContaining("cannot apply unary '-' to VarChar field 's'");
    rejects("1 < 2").hasMessageContaining("a comparison between two constants is not supported");
    rejects("5 < 1 < i64 + 1 < 9").hasMessageContaining("at most two");
    rejects("1 < 3 < 5").hasMessageContaining("the middle of a range comparison must be a field");
    rejects("ni is null is null").hasMessageContaining("expected an operator");
    rejects("(i64 + 1) is null").hasMessageContaining("IS NULL can only be applied to a field");
    rejects("exists i64").hasMessageContaining("EXISTS can only be applied to a JSON key");
    rejects("exists j").hasMessageContaining("EXISTS can only be applied to a JSON key");
    rejects("array_contains(s, 'a')").hasMessageContaining("needs an Array field or a JSON value");
    rejects("array_contains(ai, 'a')").hasMessageContaining("cannot compare the Int64 elements of Array field 'ai'");
    rejects("array_contains_all(ai, 1)").hasMessageContaining("needs a list as its second argument");
    rejects("array_contains(ai)").hasMessageContaining("takes 2 arguments, got 1");
    rejects("array_contains(ai, i64)").hasMessageContaining("must be a constant");
    rejects("array_length(i64) == 1").hasMessageContaining("array_length can only be applied");
  }

  @Test
  void rejectsNonConditions() {
    rejects("b").hasMessage("Bool field 'b' cannot be used alone as a condition; compare it, e.g. b == true (at position 0)");
    rejects("true").hasMessageContaining("a constant cannot be used as a condition");
    rejects("i64 > 1 and true").hasMessageContaining("a constant cannot be used as a condition");
    rejects("not b").hasMessageContaining("Bool field 'b' cannot be used alone");
    rejects("i64").hasMessageContaining("expected a condition");
    rejects("i64 + 1").hasMessageContaining("expected a condition");
    rejects("array_length(ai)").hasMessageContaining("expected a condition");
    rejects("color").hasMessageContaining("JSON value color cannot be used alone");
    rejects("(i64 > 1) == (i32 > 1)").hasMessageContaining("a condition cannot be used as a value");
    rejects("i64 + (i32 > 1) == 1").hasMessageContaining("a condition cannot be used as a value");
    rejects("json_contains(tags, 'a') == true").hasMessageContaining("is a condition and cannot be used as a value");
  }

  @Test
  void rejectsUnknownAndUnsupportedFunctions() {
    rejects("foo(i64) == 1").hasMessage("unknown function 'foo' (at position 0)");
    rejects("text_match(s, 'a')").hasMessage("function 'text_match' is not supported (at position 0)");
    rejects("RANDOM_SAMPLE(0.1)").hasMessageContaining("function 'RANDOM_SAMPLE' is not supported");
  }

  @Test
  void reportsMissingTemplateValuesByName() {
    rejects("i64 > {min}").hasMessage("template variable {min} has no value (at position 6)");
    Map<String, Object> nulls = new HashMap<>();
    nulls.put("x", null);
    rejects("i64 > {x}", SCHEMA, nulls).hasMessageContaining("template variable {x} is null");
    rejects("i64 > {x}", SCHEMA, Map.of("x", new Object())).hasMessageContaining("unsupported value type Object");
    rejects("s == {x}", SCHEMA, Map.of("x", 1L)).hasMessageContaining("cannot compare VarChar field 's' with Int64 value");
    rejects("i64 in {x}", SCHEMA, Map.of("x", 1L)).hasMessageContaining("must be a list");
  }

  @Test
  void primaryKeyTermsAreFoundForPointLookups() {
    assertThat(compile("id in [3, 1, 2, 3]").primaryKeyTerms()).contains(List.of(3L, 1L, 2L));
    assertThat(compile("id == 7").primaryKeyTerms()).contains(List.of(7L));
    assertThat(compile("7 == id").primaryKeyTerms()).contains(List.of(7L));
    assertThat(compile("id == 7 or id in [8, 9] || id == 7").primaryKeyTerms()).contains(List.of(7L, 8L, 9L));
    assertThat(compile("id in [1, 2.0, 2.5]").primaryKeyTerms()).contains(List.of(1L, 2L));
    assertThat(compile("id in []").primaryKeyTerms()).contains(List.of());
    assertThat(compile("id in {ids}".replace("{ids}", "[5]")).primaryKeyTerms()).contains(List.of(5L));
    assertThat(compile("id > 7").primaryKeyTerms()).isEmpty();
    assertThat(compile("id not in [1]").primaryKeyTerms()).isEmpty();
    assertThat(compile("id == 1 and i64 == 2").primaryKeyTerms()).isEmpty();
    assertThat(compile("id == 1 or i64 == 2").primaryKeyTerms()).isEmpty();
    assertThat(compile("i64 in [1, 2]").primaryKeyTerms()).isEmpty();
    assertThat(compile("").primaryKeyTerms()).isEmpty();

    CollectionSchema vk = TestSchemas.varcharKey();
    assertThat(FilterExpr.compile("pk in [\"a\", 'b']", vk, Map.of()).primaryKeyTerms()).contains(List.of("a", "b"));
    assertThat(FilterExpr.compile("pk == \"a\" or pk == \"c\"", vk, Map.of()).primaryKeyTerms())
        .contains(List.of("a", "c"));
    assertThat(FilterExpr.compile("pk > \"a\"", vk, Map.of()).primaryKeyTerms()).isEmpty();
    assertThat(FilterExpr.compile("pk in {keys}", vk, Map.of("keys", List.of("x", "y"))).primaryKeyTerms())
        .contains(List.of("x", "y"));
  }
}
