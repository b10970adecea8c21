package io.quiver.engine.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.engine.error.QuiverException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaBuilderTest {

  static FieldSchema f(String name, DataType type, boolean pk, Map<String, String> params) {
    return new FieldSchema(0, name, "", type, DataType.NONE, pk, false, false, null, false, false, false, 0, 0, 0, params);
  }

  static final FieldSchema PK = f("id", DataType.INT64, true, Map.of());
  static final FieldSchema VEC = f("v", DataType.FLOAT_VECTOR, false, Map.of("dim", "4"));

  @Test
  void assignsIdsFrom100AndAddsTheDynamicField() {
    CollectionSchema s = SchemaBuilder.build("", List.of(PK, VEC), true);
    assertThat(s.field("id").id()).isEqualTo(100);
    assertThat(s.field("v").id()).isEqualTo(101);
    assertThat(s.field("v").dim()).isEqualTo(4);
    assertThat(s.dynamicField().name()).isEqualTo("$meta");
    assertThat(s.userFields()).hasSize(2);
  }

  @Test
  void rejectsSchemasWithClearMessages() {
    assertError(List.of(VEC), "no primary key");
    assertError(List.of(PK), "no vector field");
    assertError(List.of(PK, VEC, f("id", DataType.INT32, false, Map.of())), "duplicated field name: id");
    assertError(List.of(PK, f("v", DataType.FLOAT_VECTOR, false, Map.of())), "field v: type param dim is required");
    assertError(List.of(PK, f("v", DataType.FLOAT_VECTOR, false, Map.of("dim", "40000"))), "dim must be in [1, 32768]");
    assertError(List.of(PK, VEC, f("s", DataType.VARCHAR, false, Map.of())), "field s: type param max_length is required");
    assertError(List.of(f("id", DataType.FLOAT, true, Map.of()), VEC), "primary key field id must be Int64 or VarChar");
    assertError(List.of(PK, VEC, f("1bad", DataType.INT32, false, Map.of())), "first character of field name 1bad");
    assertError(List.of(PK, VEC, f("b", DataType.BINARY_VECTOR, false, Map.of("dim", "8"))), "BinaryVector is not supported");
  }

  @Test
  void checksDefaultValuesAgainstTheFieldType() {
    FieldSchema bad = new FieldSchema(0, "n", "", DataType.INT8, DataType.NONE, false, false, false, 1000, false, false, false,
        0, 0, 0, Map.of());
    assertError(List.of(PK, VEC, bad), "field n: default value 1000 is not a valid Int8");
  }

  @Test
  void addedFieldsMustBeNullable() {
    CollectionSchema s = SchemaBuilder.build("", List.of(PK, VEC), false);
    assertThatThrownBy(() -> SchemaBuilder.addField(s, f("x", DataType.INT32, false, Map.of())))
        .hasMessageContaining("added field x must be nullable");
    FieldSchema nullable = new FieldSchema(0, "x", "", DataType.INT32, DataType.NONE, false, false, true, null, false, false,
        false, 0, 0, 0, Map.of());
    assertThat(SchemaBuilder.addField(s, nullable).field("x").id()).isEqualTo(102);
  }

  static void assertError(List<FieldSchema> fields, String message) {
    assertThatThrownBy(() -> SchemaBuilder.build("", fields, false)).isInstanceOf(QuiverException.class)
        .hasMessageContaining(message);
  }
}
