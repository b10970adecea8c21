package io.quiver.storage.format.v1;

import static io.quiver.storage.format.v1.Fixtures.allTypes;
import static io.quiver.storage.format.v1.Fixtures.assertExactlyEqual;
import static io.quiver.storage.format.v1.Fixtures.columns;
import static io.quiver.storage.format.v1.Fixtures.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.engine.schema.CollectionSchema;
import io.quiver.engine.schema.DataType;
import io.quiver.engine.schema.FieldSchema;
import io.quiver.engine.segment.ColumnData;
import io.quiver.engine.segment.WriteBatch;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WalRecordCodecTest {

  private static final CollectionSchema SCHEMA = allTypes();

  private static WriteBatch roundTrip(WriteBatch batch, CollectionSchema schema) {
    byte[] bytes = WalRecordCodec.encode(batch);
    return WalRecordCodec.decode(ByteBuffer.wrap(bytes), schema);
  }

  private static void assertSameBatch(WriteBatch actual, WriteBatch expected) {
    assertThat(actual.shard()).isEqualTo(expected.shard());
    assertThat(actual.partitionId()).isEqualTo(expected.partitionId());
    assertThat(actual.timestamp()).isEqualTo(expected.timestamp());
    assertThat(actual.rows()).isEqualTo(expected.rows());
    assertThat(actual.deletes()).containsExactlyElementsOf(expected.deletes());
    assertExactlyEqual(actual.columns(), expected.columns());
  }

  @Test
  void roundTripsEveryTypeWithNullsExactly() {
    for (int rows : new int[] {1, 7, 8, 9, 37, 1000}) {
      WriteBatch batch = new WriteBatch(3, 77L, Long.MAX_VALUE - 1, List.of(), columns(SCHEMA, rows, rows), rows);
      assertSameBatch(roundTrip(batch, SCHEMA), batch);
    }
  }

  @Test
  void roundTripsNaNBitPatternsAndSignedZeros() {
    FieldSchema f = field(101, "f", DataType.FLOAT, DataType.NONE, false, 0);
    FieldSchema d = field(102, "d", DataType.DOUBLE, DataType.NONE, false, 0);
    CollectionSchema schema = new CollectionSchema("", List.of(Fixtures.pk(100, DataType.INT64), f, d), false);
    float[] floats = {-0.0f, Float.intBitsToFloat(0x7fc00001), Float.NEGATIVE_INFINITY};
    double[] doubles = {-0.0, Double.longBitsToDouble(0x7ff8000000000123L), Double.MIN_NORMAL};
    Map<Long, ColumnData> columns = Map.of(
        100L, new ColumnData(schema.primaryField(), 3, new long[] {1, 2, 3}, null),
        101L, new ColumnData(f, 3, floats, null),
        102L, new ColumnData(d, 3, doubles, null));
    WriteBatch decoded = roundTrip(new WriteBatch(0, 1, 1, null, columns, 3), schema);
    float[] gotF = (float[]) decoded.columns().get(101L).values();
    double[] gotD = (double[]) decoded.columns().get(102L).values();
    for (int i = 0; i < 3; i++) {
      assertThat(Float.floatToRawIntBits(gotF[i])).isEqualTo(Float.floatToRawIntBits(floats[i]));
      assertThat(Double.doubleToRawLongBits(gotD[i])).isEqualTo(Double.doubleToRawLongBits(doubles[i]));
    }
  }

  @Test
  void keepsTheDifferenceBetweenNoValidityAndAllValid() {
    FieldSchema f = SCHEMA.fieldById(104);
    Map<Long, ColumnData> columns = new LinkedHashMap<>();
    columns.put(104L, new ColumnData(f, 2, new int[] {1, 2}, new boolean[] {true, true}));
    WriteBatch batch = new WriteBatch(0, 1, 1, null, columns, 2);
    assertThat(roundTrip(batch, SCHEMA).columns().get(104L).valid()).containsExactly(true, true);
    columns.put(104L, new ColumnData(f, 2, new int[] {1, 2}, null));
    assertThat(roundTrip(batch, SCHEMA).columns().get(104L).valid()).isNull();
  }

  @Test
  void roundTripsDeletesOnlyBatchesWithInt64Keys() {
    List<Object> keys = List.of(Long.MIN_VALUE, -1L, 0L, Long.MAX_VALUE);
    WriteBatch batch = new WriteBatch(1, 0, 42, keys, null, 0);
    WriteBatch decoded = roundTrip(batch, SCHEMA);
    assertSameBatch(decoded, batch);
    assertThat(decoded.deletes()).allMatch(k -> k instanceof Long);
    assertThat(decoded.isEmpty()).isFalse();
  }

  @Test
  void roundTripsVarCharKeysTogetherWithRows() {
    CollectionSchema schema = allTypes(DataType.VARCHAR);
    List<Object> keys = List.of("", "a", "ключ", "😀".repeat(100));
    WriteBatch batch = new WriteBatch(2, 9, 43, keys, columns(schema, 20, 5), 20);
    assertSameBatch(roundTrip(batch, schema), batch);
  }

  @Test
  void roundTripsAnEmptyBatch() {
    WriteBatch batch = new WriteBatch(0, 0, 0, List.of(), Map.of(), 0);
    byte[] bytes = WalRecordCodec.encode(batch);
    assertThat(bytes[0]).isEqualTo((byte) WalRecordCodec.VERSION);
    assertSameBatch(WalRecordCodec.decode(ByteBuffer.wrap(bytes), SCHEMA), batch);
  }

  @Test
  void decodesFromTheBufferPositionWithoutMovingIt() {
    WriteBatch batch = new WriteBatch(3, 77L, 5, List.of(7L), columns(SCHEMA, 5, 1), 5);
    byte[] bytes = WalRecordCodec.encode(batch);
    ByteBuffer framed = ByteBuffer.allocateDirect(bytes.length + 20);
    framed.position(10).put(bytes).flip().position(10);
    ByteBuffer readOnly = framed.asReadOnlyBuffer();
    assertSameBatch(WalRecordCodec.decode(readOnly, SCHEMA), batch);
    assertThat(readOnly.position()).isEqualTo(10);
    assertThat(readOnly.limit()).isEqualTo(10 + bytes.length);
  }

  @Test
  void decodesARecordWrittenBeforeAFieldWasAdded() {
    Map<Long, ColumnData> columns = columns(SCHEMA, 10, 3);
    WriteBatch old = new WriteBatch(0, 1, 2, List.of(), columns, 10);
    byte[] bytes = WalRecordCodec.encode(old);
    CollectionSchema evolved = SCHEMA.withField(field(SCHEMA.maxFieldId() + 1, "added", DataType.VARCHAR, DataType.NONE, true, 0));
    WriteBatch decoded = WalRecordCodec.decode(ByteBuffer.wrap(bytes), evolved);
    assertThat(decoded.columns()).doesNotContainKey(SCHEMA.maxFieldId() + 1);
    assertExactlyEqual(decoded.columns(), columns);
    assertThat(decoded.columns().get(100L).field()).isSameAs(evolved.fieldById(100));
  }

  @Test
  void rejectsAColumnWhoseFieldIdTheSchemaDoesNotKnow() {
    CollectionSchema evolved = SCHEMA.withField(field(SCHEMA.maxFieldId() + 1, "added", DataType.INT32, DataType.NONE, true, 0));
    Map<Long, ColumnData> columns = columns(evolved, 4, 3);
    byte[] bytes = WalRecordCodec.encode(new WriteBatch(0, 1, 2, List.of(), columns, 4));
    assertThatThrownBy(() -> WalRecordCodec.decode(ByteBuffer.wrap(bytes), SCHEMA))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessageContaining("field id " + (SCHEMA.maxFieldId() + 1))
        .hasMessageContaining("schema does not have");
  }

  @Test
  void rejectsAColumnWhoseTypeDiffersFromTheSchema() {
    FieldSchema asInt = field(104, "s_int32", DataType.INT32, DataType.NONE, true, 0);
    FieldSchema asLong = field(104, "s_int32", DataType.INT64, DataType.NONE, true, 0);
    CollectionSchema writer = new CollectionSchema("", List.of(Fixtures.pk(100, DataType.INT64), asInt), false);
    CollectionSchema reader = new CollectionSchema("", List.of(Fixtures.pk(100, DataType.INT64), asLong), false);
    byte[] bytes = WalRecordCodec.encode(new WriteBatch(0, 1, 2, List.of(), columns(writer, 3, 1), 3));
    assertThatThrownBy(() -> WalRecordCodec.decode(ByteBuffer.wrap(bytes), reader))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessageContaining("s_int32");
  }

  @Test
  void rejectsDeleteKeysOfTheWrongPrimaryKeyType() {
    byte[] bytes = WalRecordCodec.encode(new WriteBatch(0, 1, 2, List.of("k"), null, 0));
    assertThatThrownBy(() -> WalRecordCodec.decode(ByteBuffer.wrap(bytes), SCHEMA))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessageContaining("primary key");
  }

  @Test
  void rejectsMixedDeleteKeyTypesWhenEncoding() {
    List<Object> mixed = new ArrayList<>(List.of(1L, "a"));
    assertThatThrownBy(() -> WalRecordCodec.encode(new WriteBatch(0, 1, 2, mixed, null, 0)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsAColumnWithTheWrongRowCountWhenEncoding() {
    Map<Long, ColumnData> columns = columns(SCHEMA, 3, 1);
    assertThatThrownBy(() -> WalRecordCodec.encode(new WriteBatch(0, 1, 2, null, columns, 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rows");
  }

  @Test
  void rejectsAValuesArrayOfTheWrongJavaTypeWhenEncoding() {
    FieldSchema f = SCHEMA.fieldById(104); // INT32
    Map<Long, ColumnData> columns = Map.of(104L, new ColumnData(f, 2, new long[] {1, 2}, null));
    assertThatThrownBy(() -> WalRecordCodec.encode(new WriteBatch(0, 1, 2, null, columns, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("long[]");
  }

  @Test
  void rejectsAnUnknownVersion() {
    byte[] bytes = WalRecordCodec.encode(new WriteBatch(0, 1, 2, null, null, 0));
    bytes[0] = 2;
    assertThatThrownBy(() -> WalRecordCodec.decode(ByteBuffer.wrap(bytes), SCHEMA))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessageContaining("version 2");
  }

  @Test
  void rejectsEveryTruncationWithAClearException() {
    WriteBatch batch = new WriteBatch(3, 77L, 5, List.of(1L, 2L), columns(SCHEMA, 9, 2), 9);
    byte[] bytes = WalRecordCodec.encode(batch);
    for (int cut = 0; cut < bytes.length; cut++) {
      ByteBuffer truncated = ByteBuffer.wrap(bytes, 0, cut);
      assertThatThrownBy(() -> WalRecordCodec.decode(truncated, SCHEMA))
          .as("cut at %d", cut)
          .isInstanceOf(MalformedRecordException.class)
          .hasMessageContaining("malformed write-ahead-log record");
    }
  }

  @Test
  void rejectsTrailingBytes() {
    byte[] bytes = WalRecordCodec.encode(new WriteBatch(0, 1, 2, List.of(5L), columns(SCHEMA, 3, 1), 3));
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
    assertThatThrownBy(() -> WalRecordCodec.decode(ByteBuffer.wrap(longer), SCHEMA))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessageContaining("trailing");
  }

  @Test
  void failsCleanlyOnBogusLengthsInsteadOfAllocating() {
    // rows = Integer.MAX_VALUE with one FLOAT_VECTOR column whose payload is absent.
    ByteBuffer b = ByteBuffer.allocate(64).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 1).putInt(0).putLong(0).putLong(0).putInt(Integer.MAX_VALUE);
    b.put((byte) 0).put((byte) 0); // no deletes
    b.put((byte) 1); // one column
    b.putLong(SCHEMA.vectorFields().getFirst().id()).put((byte) DataType.FLOAT_VECTOR.code()).put((byte) 0)
        .put((byte) Fixtures.DIM).put((byte) 0);
    WalRecordCodec.putVarint(b, Integer.MAX_VALUE);
    b.flip();
    assertThatThrownBy(() -> WalRecordCodec.decode(b, SCHEMA))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessageContaining("remain");

    ByteBuffer manyDeletes = ByteBuffer.allocate(40).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    manyDeletes.put((byte) 1).putInt(0).putLong(0).putLong(0).putInt(0).put((byte) DataType.INT64.code());
    WalRecordCodec.putVarint(manyDeletes, Integer.MAX_VALUE);
    manyDeletes.flip();
    assertThatThrownBy(() -> WalRecordCodec.decode(manyDeletes, SCHEMA))
        .isInstanceOf(MalformedRecordException.class);
  }

  @Test
  void garbledBytesNeverFailWithAnythingButAMalformedRecord() {
    WriteBatch batch = new WriteBatch(3, 77L, 5, List.of(1L), columns(SCHEMA, 12, 8), 12);
    byte[] bytes = WalRecordCodec.encode(batch);
    Random random = new Random(1);
    for (int trial = 0; trial < 3000; trial++) {
      byte[] garbled = bytes.clone();
      int flips = 1 + random.nextInt(4);
      for (int i = 0; i < flips; i++) {
        int at = random.nextInt(garbled.length);
        garbled[at] = trial % 2 == 0 ? (byte) (garbled[at] ^ (1 << random.nextInt(8))) : (byte) random.nextInt();
      }
      try {
        WalRecordCodec.decode(ByteBuffer.wrap(garbled), SCHEMA);
      } catch (MalformedRecordException expected) {
        // the only acceptable failure
      }
    }
  }

  @Test
  void roundTripsRandomBatches() {
    Random random = new Random(11);
    for (int trial = 0; trial < 200; trial++) {
      int rows = trial < 10 ? trial : random.nextInt(71);
      List<Object> keys = new ArrayList<>();
      for (int i = random.nextInt(6); i > 0; i--) {
        keys.add(random.nextLong());
      }
      Map<Long, ColumnData> columns = new HashMap<>();
      if (rows > 0) {
        for (FieldSchema f : SCHEMA.fields()) {
          if (random.nextInt(4) != 0) {
            columns.put(f.id(), Fixtures.column(f, rows, random));
          }
        }
      }
      WriteBatch batch = new WriteBatch(random.nextInt(), random.nextLong(), random.nextLong(), keys, columns, rows);
      assertSameBatch(roundTrip(batch, SCHEMA), batch);
    }
  }

  @Test
  void encodesVectorsCompactly() {
    FieldSchema vec = field(101, "v", DataType.FLOAT_VECTOR, DataType.NONE, false, 128);
    CollectionSchema schema = new CollectionSchema("", List.of(Fixtures.pk(100, DataType.INT64), vec), false);
    int rows = 1000;
    Map<Long, ColumnData> columns = columns(schema, rows, 1);
    byte[] bytes = WalRecordCodec.encode(new WriteBatch(0, 1, 2, null, columns, rows));
    long payload = rows * 128L * 4 + rows * 8L;
    assertThat((long) bytes.length).isBetween(payload, payload + 64);
  }
}
