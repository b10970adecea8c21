package io.quiver.storage.format.v1;

import com.fasterxml.jackson.databind.JsonNode;
import io.quiver.engine.schema.CollectionSchema;
import io.quiver.engine.schema.DataType;
import io.quiver.engine.schema.FieldSchema;
import io.quiver.engine.segment.ColumnData;
import io.quiver.engine.segment.WriteBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binary encoding of a {@link WriteBatch} as one write-ahead-log record, version 1.
 *
 * <p>Each column describes itself (field id, type, element type, dimension, validity), so a
 * record decodes with any later schema of the collection: columns of fields added after the
 * record was written are absent from the decoded batch, and a column whose field id the schema
 * does not know, or whose type differs from the schema's, is an error. The record carries no
 * checksum; the log's framing has one.
 *
 * <p>Byte layout, little endian; {@code varint} is unsigned LEB128 of a non-negative int (1 to
 * 5 bytes); {@code bitmap(n)} is {@code ceil(n / 8)} bytes, bit {@code i} in byte {@code i / 8}
 * at position {@code i % 8} (least significant first), unused bits zero:
 *
 * <pre>
 * record   := version:u8 (= 1) shard:i32 partitionId:i64 timestamp:i64 rows:i32
 *             deleteKind:u8 deleteCount:varint delete{deleteCount}
 *             columnCount:varint column{columnCount}
 * delete   := i64                                 when deleteKind = 5 (Int64 keys)
 *           | len:varint utf8{len}                when deleteKind = 21 (VarChar keys)
 *                                                 (deleteKind = 0 only with deleteCount = 0)
 * column   := fieldId:i64 type:u8 elementType:u8 dim:varint flags:u8
 *             [validity:bitmap(rows)]             present when flags bit 0 is set (1 = valid)
 *             payloadLength:varint payload{payloadLength}
 * payload  := BOOL: bitmap(rows) | INT8: i8{rows} | INT16: i16{rows} | INT32: i32{rows}
 *           | INT64: i64{rows} | FLOAT: f32{rows} | DOUBLE: f64{rows}
 *           | FLOAT_VECTOR: f32{rows * dim}
 *           | VARCHAR, STRING, JSON: text{rows}    (JSON as its UTF-8 text)
 *           | ARRAY: list{rows}
 * text     := n:varint utf8{n - 1}                n = 0: a null array entry
 * list     := n:varint element{n - 1}             n = 0: a null array entry
 * element  := BOOL: u8 (0/1) | INT8: i8 | INT16: i16 | INT32: i32 | INT64: i64 | FLOAT: f32
 *           | DOUBLE: f64 | VARCHAR, STRING: len:varint utf8{len}
 * </pre>
 *
 * <p>Type codes are Milvus's ({@link DataType#code()}). Values round-trip exactly, including the
 * placeholders of null cells, {@code -0.0}, NaN bit patterns and whether validity was given at
 * all. Preconditions of {@link #encode} (which the engine's validation guarantees): INT8 and
 * INT16 values are in range (they are stored narrowed), strings are well-formed UTF-16, array
 * elements are non-null. JSON is stored as text and decoded with {@code readTree}, so a JSON
 * value comes back as the tree Jackson parses from its text (as the write path builds it).
 *
 * <p>Stateless and thread safe.
 */
public final class WalRecordCodec {

  /** The format version this class writes, the first byte of every record. */
  public static final int VERSION = 1;

  private static final int KEYS_NONE = 0;
  private static final int HAS_VALIDITY = 1;
  private static final int HEADER_BYTES = 1 + 4 + 8 + 8 + 4 + 1;

  private WalRecordCodec() {}

  /**
   * Encodes {@code b}. Every column must hold {@code b.rows()} rows, be stored under its field's
   * id, and deletes must be all Long or all String.
   *
   * @throws IllegalArgumentException when the batch breaks these rules or exceeds 2 GiB
   */
  public static byte[] encode(WriteBatch b) {
    List<Object> deletes = b.deletes();
    int keyKind = deleteKind(deletes);
    List<byte[]> stringKeys = keyKind == DataType.VARCHAR.code() ? utf8Keys(deletes) : List.of();
    long size = HEADER_BYTES + ByteSink.varintSize(deletes.size());
    if (keyKind == DataType.INT64.code()) {
      size += 8L * deletes.size();
    }
    for (byte[] key : stringKeys) {
      size += ByteSink.varintSize(key.length) + key.length;
    }
    List<Column> columns = new ArrayList<>(b.columns().size());
    for (Map.Entry<Long, ColumnData> e : b.columns().entrySet()) {
      Column column = Column.of(e.getKey(), e.getValue(), b.rows());
      columns.add(column);
      size += column.encodedSize();
    }
    size += ByteSink.varintSize(columns.size());
    if (size > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("write batch of " + size + " bytes is too large for one record");
    }
    ByteBuffer out = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
    out.put((byte) VERSION).putInt(b.shard()).putLong(b.partitionId()).putLong(b.timestamp()).putInt(b.rows());
    out.put((byte) keyKind);
    putVarint(out, deletes.size());
    if (keyKind == DataType.INT64.code()) {
      for (Object key : deletes) {
        out.putLong((Long) key);
      }
    }
    for (byte[] key : stringKeys) {
      putVarint(out, key.length);
      out.put(key);
    }
    putVarint(out, columns.size());
    for (Column column : columns) {
      column.writeTo(out);
    }
    if (out.hasRemaining()) {
      throw new IllegalStateException("record size miscomputed: " + out.remaining() + " bytes left");
    }
    return out.array();
  }

  /**
   * Decodes a record written by {@link #encode}, from {@code record}'s position to its limit (the
   * buffer's position, limit and byte order are not changed). The result copies everything it
   * needs and does not refer to {@code record}. Columns use {@code schema}'s fields.
   *
   * @throws MalformedRecordException when the bytes are not a complete, well-formed record of a
   *     known version (truncated, damaged, trailing bytes), or a column's field id is unknown to
   *     {@code schema} or its type, element type or dimension differs from the schema's, or the
   *     delete keys' type differs from the primary key's
   */
  public static WriteBatch decode(ByteBuffer record, CollectionSchema schema) {
    ByteSource in = new ByteSource(record, "write-ahead-log record");
    int version = in.u8();
    if (version != VERSION) {
      throw in.malformed("unknown record version " + version + " (this build reads version " + VERSION + ")");
    }
    int shard = in.i32();
    long partitionId = in.i64();
    long timestamp = in.i64();
    int rows = in.i32();
    if (rows < 0) {
      throw in.malformed("negative row count " + rows);
    }
    List<Object> deletes = readDeletes(in, schema);
    int columnCount = in.varint();
    in.need(columnCount, 8 + 1 + 1 + 1 + 1 + 1);
    Map<Long, ColumnData> columns = new LinkedHashMap<>();
    for (int i = 0; i < columnCount; i++) {
      ColumnData column = readColumn(in, schema, rows);
      if (columns.put(column.field().id(), column) != null) {
        throw in.malformed("field id " + column.field().id() + " appears twice");
      }
    }
    in.expectEnd();
    return new WriteBatch(shard, partitionId, timestamp, deletes, columns, rows);
  }

  private static int deleteKind(List<Object> deletes) {
    if (deletes.isEmpty()) {
      return KEYS_NONE;
    }
    Object first = deletes.getFirst();
    Class<?> kind = first == null ? null : first.getClass();
    if (kind != Long.class && kind != String.class) {
      throw new IllegalArgumentException("delete keys must be Long or String, got " + (kind == null ? "null" : kind.getName()));
    }
    for (Object key : deletes) {
      if (key == null || key.getClass() != kind) {
        throw new IllegalArgumentException("delete keys must all be " + kind.getSimpleName() + ", got " + key);
      }
    }
    return kind == Long.class ? DataType.INT64.code() : DataType.VARCHAR.code();
  }

  private static List<byte[]> utf8Keys(List<Object> deletes) {
    List<byte[]> out = new ArrayList<>(deletes.size());
    for (Object key : deletes) {
      out.add(((String) key).getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  private static List<Object> readDeletes(ByteSource in, CollectionSchema schema) {
    int kind = in.u8();
    int count = in.varint();
    if (kind == KEYS_NONE) {
      if (count != 0) {
        throw in.malformed(count + " delete keys without a key type");
      }
      return List.of();
    }
    DataType pkType = schema.primaryField().type();
    if (kind != DataType.INT64.code() && kind != DataType.VARCHAR.code()) {
      throw in.malformed("unknown delete key type " + kind);
    }
    if (kind != pkType.code()) {
      throw in.malformed("delete keys of type " + DataType.fromCode(kind) + " but the primary key is " + pkType);
    }
    in.need(count, kind == DataType.INT64.code() ? 8 : 1);
    Object[] keys = new Object[count];
    if (kind == DataType.INT64.code()) {
      for (int i = 0; i < count; i++) {
        keys[i] = in.i64();
      }
    } else {
      for (int i = 0; i < count; i++) {
        keys[i] = in.utf8(in.varint());
      }
    }
    return Collections.unmodifiableList(Arrays.asList(keys));
  }

  private static ColumnData readColumn(ByteSource in, CollectionSchema schema, int rows) {
    long fieldId = in.i64();
    int typeCode = in.u8();
    int elementCode = in.u8();
    int dim = in.varint();
    int flags = in.u8();
    FieldSchema field = schema.fieldById(fieldId);
    if (field == null) {
      throw in.malformed("column of field id " + fieldId + ", which the schema does not have");
    }
    DataType type = DataType.fromCode(typeCode);
    DataType elementType = DataType.fromCode(elementCode);
    int expectedDim = field.type() == DataType.FLOAT_VECTOR ? field.dim() : 0;
    if (type != field.type() || elementType != elementTypeOf(field) || dim != expectedDim) {
      throw in.malformed("column of field " + field.name() + " (id " + fieldId + ") has type " + typeCode + "/" + elementCode
          + " dim " + dim + " but the schema says " + field.type() + "/" + elementTypeOf(field) + " dim " + expectedDim);
    }
    if ((flags & ~HAS_VALIDITY) != 0) {
      throw in.malformed("unknown column flags " + flags);
    }
    boolean[] valid = (flags & HAS_VALIDITY) != 0 ? in.bitmap(rows) : null;
    int length = in.varint();
    ByteSource payload = new ByteSource(in.slice(length), "payload of field " + field.name() + " in write-ahead-log record");
    Object values = readValues(payload, field, rows);
    payload.expectEnd();
    return new ColumnData(field, rows, values, valid);
  }

  private static DataType elementTypeOf(FieldSchema field) {
    return field.type() == DataType.ARRAY ? field.elementType() : DataType.NONE;
  }

  private static Object readValues(ByteSource in, FieldSchema field, int rows) {
    ByteBuffer buf = in.buffer();
    return switch (field.type()) {
      case BOOL -> in.bitmap(rows);
      case INT8 -> {
        in.need(rows, 1);
        int[] a = new int[rows];
        for (int i = 0; i < rows; i++) {
          a[i] = buf.get();
        }
        yield a;
      }
      case INT16 -> {
        in.need(rows, 2);
        int[] a = new int[rows];
        for (int i = 0; i < rows; i++) {
          a[i] = buf.getShort();
        }
        yield a;
      }
      case INT32 -> {
        in.need(rows, 4);
        int[] a = new int[rows];
        buf.asIntBuffer().get(a);
        buf.position(buf.position() + rows * 4);
        yield a;
      }
      case INT64 -> {
        in.need(rows, 8);
        long[] a = new long[rows];
        buf.asLongBuffer().get(a);
        buf.position(buf.position() + rows * 8);
        yield a;
      }
      case FLOAT -> readFloats(in, rows);
      case FLOAT_VECTOR -> readFloats(in, (long) rows * field.dim());
      case DOUBLE -> {
        in.need(rows, 8);
        double[] a = new double[rows];
        buf.asDoubleBuffer().get(a);
        buf.position(buf.position() + rows * 8);
        yield a;
      }
      case VARCHAR, STRING -> {
        in.need(rows, 1);
        String[] a = new String[rows];
        for (int i = 0; i < rows; i++) {
          int n = in.varint();
          a[i] = n == 0 ? null : in.utf8(n - 1);
        }
        yield a;
      }
      case JSON -> {
        in.need(rows, 1);
        JsonNode[] a = new JsonNode[rows];
        for (int i = 0; i < rows; i++) {
          int n = in.varint();
          a[i] = n == 0 ? null : readJson(in, n - 1);
        }
        yield a;
      }
      case ARRAY -> {
        in.need(rows, 1);
        @SuppressWarnings({"unchecked", "rawtypes"})
        List<Object>[] a = new List[rows];
        for (int i = 0; i < rows; i++) {
          int n = in.varint();
          a[i] = n == 0 ? null : readList(in, field.elementType(), n - 1);
        }
        yield a;
      }
      default -> throw in.malformed("unsupported column type " + field.type());
    };
  }

  private static float[] readFloats(ByteSource in, long count) {
    in.need(count, 4);
    float[] a = new float[(int) count];
    ByteBuffer buf = in.buffer();
    buf.asFloatBuffer().get(a);
    buf.position(buf.position() + a.length * 4);
    return a;
  }

  private static JsonNode readJson(ByteSource in, int length) {
    in.need(length, 1);
    ByteBuffer buf = in.buffer();
    int at = buf.position();
    try {
      JsonNode node;
      if (buf.hasArray()) {
        node = Json.MAPPER.readTree(buf.array(), buf.arrayOffset() + at, length);
      } else {
        byte[] bytes = new byte[length];
        buf.get(at, bytes);
        node = Json.MAPPER.readTree(bytes);
      }
      if (node == null || node.isMissingNode()) {
        throw in.malformed("empty JSON text");
      }
      buf.position(at + length);
      return node;
    } catch (IOException e) {
      throw in.malformed("invalid JSON text: " + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  private static List<Object> readList(ByteSource in, DataType elementType, int count) {
    in.need(count, minElementBytes(elementType));
    Object[] elements = new Object[count];
    for (int i = 0; i < count; i++) {
      elements[i] =
          switch (elementType) {
            case BOOL -> {
              int b = in.u8();
              if (b > 1) {
                throw in.malformed("boolean element " + b);
              }
              yield b == 1;
            }
            case INT8 -> (int) in.i8();
            case INT16 -> (int) in.i16();
            case INT32 -> in.i32();
            case INT64 -> in.i64();
            case FLOAT -> in.f32();
            case DOUBLE -> in.f64();
            case VARCHAR, STRING -> in.utf8(in.varint());
            default -> throw in.malformed("unsupported array element type " + elementType);
          };
    }
    return List.of(elements);
  }

  private static int minElementBytes(DataType elementType) {
    return switch (elementType) {
      case INT16 -> 2;
      case INT32, FLOAT -> 4;
      case INT64, DOUBLE -> 8;
      default -> 1;
    };
  }

  /** Fails unless the column's values array is the one {@link ColumnData} prescribes for its type. */
  static void checkArrayClass(ColumnData data) {
    FieldSchema field = data.field();
    Class<?> expected;
    try {
      expected = ColumnData.arrayClass(field.type());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("field " + field.name() + ": unsupported column type " + field.type(), e);
    }
    if (!expected.isInstance(data.values())) {
      throw new IllegalArgumentException("column " + field.name() + " of type " + field.type() + " holds "
          + data.values().getClass().getSimpleName() + ", expected " + expected.getSimpleName());
    }
  }

  static void putVarint(ByteBuffer out, int v) {
    while ((v & ~0x7F) != 0) {
      out.put((byte) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.put((byte) v);
  }

  static void putBitmap(ByteBuffer out, boolean[] bits) {
    int n = bits.length;
    for (int base = 0; base < n; base += 8) {
      int b = 0;
      int end = Math.min(8, n - base);
      for (int j = 0; j < end; j++) {
        if (bits[base + j]) {
          b |= 1 << j;
        }
      }
      out.put((byte) b);
    }
  }

  /** One column planned for encoding: its size is known before the record buffer exists. */
  private record Column(long fieldId, ColumnData data, ByteSink variable, int payloadLength) {

    static Column of(long fieldId, ColumnData data, int rows) {
      FieldSchema field = data.field();
      if (field.id() != fieldId) {
        throw new IllegalArgumentException("column of field " + field.name() + " (id " + field.id() + ") stored under id " + fieldId);
      }
      if (data.rows() != rows) {
        throw new IllegalArgumentException("column " + field.name() + " has " + data.rows() + " rows, the batch " + rows);
      }
      checkArrayClass(data);
      long fixed =
          switch (field.type()) {
            case BOOL -> (rows + 7L) >>> 3;
            case INT8 -> rows;
            case INT16 -> 2L * rows;
            case INT32, FLOAT -> 4L * rows;
            case INT64, DOUBLE -> 8L * rows;
            case FLOAT_VECTOR -> 4L * rows * field.dim();
            case VARCHAR, STRING, JSON, ARRAY -> -1;
            default -> throw new IllegalArgumentException("unsupported column type " + field.type() + " of field " + field.name());
          };
      if (fixed > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("column " + field.name() + " is larger than 2 GiB");
      }
      if (fixed >= 0) {
        return new Column(fieldId, data, null, (int) fixed);
      }
      ByteSink sink = new ByteSink((int) Math.min(rows * 8L, 1 << 20));
      try {
        writeVariable(sink, data);
      } catch (ClassCastException e) {
        throw new IllegalArgumentException("column " + field.name() + " of type " + field.type()
            + " holds a value of the wrong Java type: " + e.getMessage(), e);
      }
      return new Column(fieldId, data, sink, sink.size());
    }

    long encodedSize() {
      long size = 8 + 1 + 1 + ByteSink.varintSize(dim()) + 1;
      if (data.valid() != null) {
        size += (data.rows() + 7L) >>> 3;
      }
      return size + ByteSink.varintSize(payloadLength) + payloadLength;
    }

    private int dim() {
      return data.field().type() == DataType.FLOAT_VECTOR ? data.field().dim() : 0;
    }

    void writeTo(ByteBuffer out) {
      FieldSchema field = data.field();
      out.putLong(fieldId);
      out.put((byte) field.type().code());
      out.put((byte) elementTypeOf(field).code());
      putVarint(out, dim());
      out.put((byte) (data.valid() != null ? HAS_VALIDITY : 0));
      if (data.valid() != null) {
        putBitmap(out, data.valid());
      }
      putVarint(out, payloadLength);
      int start = out.position();
      if (variable != null) {
        out.put(variable.array(), 0, variable.size());
      } else {
        writeFixed(out, data);
      }
      if (out.position() - start != payloadLength) {
        throw new IllegalStateException("payload of " + field.name() + " miscomputed");
      }
    }

    private static void writeFixed(ByteBuffer out, ColumnData data) {
      switch (data.values()) {
        case boolean[] a -> putBitmap(out, a);
        case int[] a when data.field().type() == DataType.INT8 -> {
          for (int v : a) {
            out.put((byte) v);
          }
        }
        case int[] a when data.field().type() == DataType.INT16 -> {
          for (int v : a) {
            out.putShort((short) v);
          }
        }
        case int[] a -> {
          out.asIntBuffer().put(a);
          out.position(out.position() + a.length * 4);
        }
        case long[] a -> {
          out.asLongBuffer().put(a);
          out.position(out.position() + a.length * 8);
        }
        case float[] a -> {
          out.asFloatBuffer().put(a);
          out.position(out.position() + a.length * 4);
        }
        case double[] a -> {
          out.asDoubleBuffer().put(a);
          out.position(out.position() + a.length * 8);
        }
        default -> throw new IllegalArgumentException(
            "column " + data.field().name() + " of type " + data.field().type() + " holds " + data.values().getClass().getSimpleName());
      }
    }

    private static void writeVariable(ByteSink sink, ColumnData data) {
      FieldSchema field = data.field();
      for (Object v : (Object[]) data.values()) {
        if (v == null) {
          sink.varint(0);
          continue;
        }
        switch (field.type()) {
          case VARCHAR, STRING -> putText(sink, ((String) v).getBytes(StandardCharsets.UTF_8));
          case JSON -> putText(sink, Json.bytes((JsonNode) v));
          case ARRAY -> putList(sink, field, (List<?>) v);
          default -> throw new IllegalStateException("not a variable-width type: " + field.type());
        }
      }
    }

    private static void putText(ByteSink sink, byte[] utf8) {
      if (utf8.length == Integer.MAX_VALUE) {
        throw new IllegalArgumentException("text value too large");
      }
      sink.varint(utf8.length + 1);
      sink.bytes(utf8);
    }

    private static void putList(ByteSink sink, FieldSchema field, List<?> list) {
      sink.varint(list.size() + 1);
      DataType et = field.elementType();
      for (Object e : list) {
        if (e == null) {
          throw new IllegalArgumentException("array field " + field.name() + " holds a null element");
        }
        switch (et) {
          case BOOL -> sink.i8((Boolean) e ? 1 : 0);
          case INT8 -> sink.i8(((Number) e).intValue());
          case INT16 -> sink.i16(((Number) e).intValue());
          case INT32 -> sink.i32(((Number) e).intValue());
          case INT64 -> sink.i64(((Number) e).longValue());
          case FLOAT -> sink.f32(((Number) e).floatValue());
          case DOUBLE -> sink.f64(((Number) e).doubleValue());
          case VARCHAR, STRING -> {
            byte[] utf8 = ((String) e).getBytes(StandardCharsets.UTF_8);
            sink.varint(utf8.length);
            sink.bytes(utf8);
          }
          default -> throw new IllegalArgumentException("array field " + field.name() + " has unsupported element type " + et);
        }
      }
    }
  }
}
