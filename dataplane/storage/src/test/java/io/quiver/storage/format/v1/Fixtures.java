package io.quiver.storage.format.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quiver.engine.schema.CollectionSchema;
import io.quiver.engine.schema.DataType;
import io.quiver.engine.schema.FieldSchema;
import io.quiver.engine.segment.ColumnData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/** A schema with every supported type and column data with awkward values, for format tests. */
final class Fixtures {

  static final int DIM = 4;
  static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private Fixtures() {}

  static FieldSchema field(long id, String name, DataType type, DataType elementType, boolean nullable, int dim) {
    return new FieldSchema(id, name, "", type, elementType, false, false, nullable, null, false, false, false, dim,
        type == DataType.VARCHAR ? 65535 : 0, type == DataType.ARRAY ? 4096 : 0, Map.of());
  }

  static FieldSchema pk(long id, DataType type) {
    return new FieldSchema(id, "pk", "", type, DataType.NONE, true, false, false, null, false, false, false, 0,
        type == DataType.VARCHAR ? 256 : 0, 0, Map.of());
  }

  /** Primary key (Int64), every scalar type (nullable), arrays of every element type, a vector, the dynamic field. */
  static CollectionSchema allTypes() {
    return allTypes(DataType.INT64);
  }

  static CollectionSchema allTypes(DataType pkType) {
    List<FieldSchema> fields = new ArrayList<>();
    fields.add(pk(100, pkType));
    long id = 101;
    for (DataType t : List.of(DataType.BOOL, DataType.INT8, DataType.INT16, DataType.INT32, DataType.INT64, DataType.FLOAT,
        DataType.DOUBLE, DataType.VARCHAR, DataType.JSON)) {
      fields.add(field(id++, "s_" + t.name().toLowerCase(), t, DataType.NONE, true, 0));
    }
    for (DataType t : List.of(DataType.BOOL, DataType.INT8, DataType.INT16, DataType.INT32, DataType.INT64, DataType.FLOAT,
        DataType.DOUBLE, DataType.VARCHAR)) {
      fields.add(field(id++, "a_" + t.name().toLowerCase(), DataType.ARRAY, t, true, 0));
    }
    fields.add(field(id++, "vec", DataType.FLOAT_VECTOR, DataType.NONE, false, DIM));
    fields.add(FieldSchema.dynamicField(id));
    return new CollectionSchema("all types", fields, true);
  }

  /** {@code rows} rows of every field of {@code schema}; nullable fields get nulls at rows 1, 8, 9, .... */
  static Map<Long, ColumnData> columns(CollectionSchema schema, int rows, long seed) {
    Random random = new Random(seed);
    Map<Long, ColumnData> out = new LinkedHashMap<>();
    for (FieldSchema f : schema.fields()) {
      out.put(f.id(), column(f, rows, random));
    }
    return out;
  }

  static ColumnData column(FieldSchema f, int rows, Random random) {
    boolean[] valid = null;
    if (f.nullable()) {
      valid = new boolean[rows];
      for (int i = 0; i < rows; i++) {
        valid[i] = !(i == 1 || i % 8 == 0 && i > 0 || random.nextInt(5) == 0);
      }
    }
    Object values =
        switch (f.type()) {
          case BOOL -> {
            boolean[] a = new boolean[rows];
            for (int i = 0; i < rows; i++) {
              a[i] = random.nextBoolean();
            }
            yield a;
          }
          case INT8, INT16, INT32 -> {
            int[] a = new int[rows];
            int min = (int) f.type().minValue();
            int max = (int) f.type().maxValue();
            for (int i = 0; i < rows; i++) {
              a[i] = switch (i % 4) {
                case 0 -> min;
                case 1 -> max;
                case 2 -> 0;
                default -> min + random.nextInt((int) Math.min(Integer.MAX_VALUE, (long) max - min));
              };
            }
            yield a;
          }
          case INT64 -> {
            long[] a = new long[rows];
            for (int i = 0; i < rows; i++) {
              a[i] = switch (i % 4) {
                case 0 -> Long.MIN_VALUE;
                case 1 -> Long.MAX_VALUE;
                case 2 -> i;
                default -> random.nextLong();
              };
            }
            if (f.primaryKey()) {
              for (int i = 0; i < rows; i++) {
                a[i] = Long.MAX_VALUE - i;
              }
            }
            yield a;
          }
          case FLOAT -> {
            float[] a = new float[rows];
            float[] special = {-0.0f, 0.0f, Float.MIN_VALUE, -Float.MAX_VALUE, Float.MAX_VALUE, 1.1f};
            for (int i = 0; i < rows; i++) {
              a[i] = i < special.length ? special[i] : random.nextFloat() * 2 - 1;
            }
            yield a;
          }
          case DOUBLE -> {
            double[] a = new double[rows];
            double[] special = {-0.0, 0.0, Double.MIN_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE, 0.1};
            for (int i = 0; i < rows; i++) {
              a[i] = i < special.length ? special[i] : random.nextGaussian();
            }
            yield a;
          }
          case VARCHAR -> {
            String[] a = new String[rows];
            for (int i = 0; i < rows; i++) {
              a[i] = f.primaryKey() ? "key-" + i + "-ключ" : text(i, random);
            }
            yield a;
          }
          case JSON -> {
            JsonNode[] a = new JsonNode[rows];
            for (int i = 0; i < rows; i++) {
              a[i] = json(i, random);
            }
            yield a;
          }
          case ARRAY -> {
            @SuppressWarnings({"unchecked", "rawtypes"})
            List<Object>[] a = new List[rows];
            for (int i = 0; i < rows; i++) {
              a[i] = list(f.elementType(), i % 5 == 0 ? 0 : random.nextInt(6), random);
            }
            yield a;
          }
          case FLOAT_VECTOR -> {
            float[] a = new float[rows * f.dim()];
            for (int i = 0; i < a.length; i++) {
              a[i] = i == 0 ? -0.0f : random.nextFloat() * 2 - 1;
            }
            yield a;
          }
          default -> throw new IllegalArgumentException(f.type().toString());
        };
    if (valid != null && values instanceof Object[] objects) {
      for (int i = 0; i < rows; i++) {
        if (!valid[i]) {
          objects[i] = null;
        }
      }
    }
    return new ColumnData(f, rows, values, valid);
  }

  static String text(int i, Random random) {
    return switch (i % 6) {
      case 0 -> "";
      case 1 -> "plain ascii";
      case 2 -> "héllo wörld — 日本語 ✓";
      case 3 -> "emoji 😀🚀 and \u0000 nul";
      case 4 -> "x".repeat(random.nextInt(2000));
      default -> Long.toString(random.nextLong(), 36);
    };
  }

  static JsonNode json(int i, Random random) {
    ObjectNode o = JSON.objectNode();
    switch (i % 5) {
      case 0 -> {
        return JSON.objectNode();
      }
      case 1 -> {
        o.put("int", Long.MIN_VALUE);
        o.put("neg_zero", -0.0);
        o.put("pi", 3.141592653589793);
        o.put("s", "ünïcødé 😀");
      }
      case 2 -> {
        o.putArray("list").add(1).add("two").add(JSON.nullNode()).add(true).addObject().put("deep", random.nextInt());
      }
      case 3 -> {
        return JSON.arrayNode().add(JSON.nullNode());
      }
      default -> o.put("r", random.nextDouble()).put("big", new java.math.BigInteger("123456789012345678901234567890"));
    }
    return o;
  }

  static List<Object> list(DataType elementType, int n, Random random) {
    List<Object> out = new ArrayList<>(n);
    for (int j = 0; j < n; j++) {
      out.add(
          switch (elementType) {
            case BOOL -> random.nextBoolean();
            case INT8 -> j == 0 ? (int) Byte.MIN_VALUE : random.nextInt(256) - 128;
            case INT16 -> j == 0 ? (int) Short.MAX_VALUE : random.nextInt(65536) - 32768;
            case INT32 -> j == 0 ? Integer.MIN_VALUE : random.nextInt();
            case INT64 -> j == 0 ? Long.MIN_VALUE : random.nextLong();
            case FLOAT -> j == 0 ? -0.0f : random.nextFloat();
            case DOUBLE -> j == 0 ? -0.0 : random.nextDouble();
            case VARCHAR -> text(j + 1, random);
            default -> throw new IllegalArgumentException(elementType.toString());
          });
    }
    return out;
  }

  /** Exact equality: values arrays element by element (bitwise for floats), validity including null vs all-true. */
  static void assertExactlyEqual(Map<Long, ColumnData> actual, Map<Long, ColumnData> expected) {
    assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    for (Map.Entry<Long, ColumnData> e : expected.entrySet()) {
      ColumnData a = actual.get(e.getKey());
      ColumnData x = e.getValue();
      String name = x.field().name();
      assertThat(a.field().id()).as(name).isEqualTo(x.field().id());
      assertThat(a.rows()).as(name).isEqualTo(x.rows());
      assertThat(a.valid()).as(name + " validity").isEqualTo(x.valid());
      assertThat(Objects.deepEquals(a.values(), x.values())).as(name + " values " + describe(a) + " vs " + describe(x)).isTrue();
    }
  }

  /** Row by row: same nulls, equal non-null values (bitwise for floats). */
  static void assertSameCells(Map<Long, ColumnData> actual, Map<Long, ColumnData> expected) {
    assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    for (Map.Entry<Long, ColumnData> e : expected.entrySet()) {
      ColumnData a = actual.get(e.getKey());
      ColumnData x = e.getValue();
      String name = x.field().name();
      assertThat(a.rows()).as(name).isEqualTo(x.rows());
      for (int row = 0; row < x.rows(); row++) {
        assertThat(a.isNull(row)).as("%s row %d null", name, row).isEqualTo(x.isNull(row));
        Object av = a.get(row);
        Object xv = x.get(row);
        if (!Objects.deepEquals(av, xv)) {
          throw new AssertionError(name + " row " + row + ": expected " + show(xv) + " but was " + show(av));
        }
      }
    }
  }

  private static String show(Object v) {
    return v instanceof float[] f ? Arrays.toString(f) : String.valueOf(v);
  }

  private static String describe(ColumnData c) {
    return c.values() instanceof Object[] o ? Arrays.deepToString(o) : c.values().getClass().getSimpleName();
  }
}
