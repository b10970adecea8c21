package io.quiver.storage.format.v1;

import static java.nio.file.StandardOpenOption.READ;

import io.quiver.engine.schema.CollectionSchema;
import io.quiver.engine.schema.FieldSchema;
import io.quiver.engine.segment.ColumnData;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The rows of one sealed segment as an Apache Arrow IPC file (the random-access "file" format),
 * version 1.
 *
 * <p>Layout. One Arrow column per field, in schema order, named {@code f<fieldId>} (e.g. {@code
 * f101}) with field metadata {@code quiver.field_name} (the field name), {@code quiver.data_type}
 * and {@code quiver.element_type} (Milvus type codes, {@link io.quiver.engine.schema.DataType#code()})
 * and {@code quiver.dim}; then a non-null {@code _ts} Int64 column holding each row's write
 * timestamp. Every field column is nullable; Arrow validity marks null cells. Types:
 *
 * <pre>
 * BOOL -> Bool          INT8 -> Int(8)          INT16 -> Int(16)        INT32 -> Int(32)
 * INT64 -> Int(64)      FLOAT -> FloatingPoint(SINGLE)                  DOUBLE -> FloatingPoint(DOUBLE)
 * VARCHAR -> Utf8       JSON -> Utf8 holding the JSON text
 * ARRAY -> List&lt;element type, non-null items&gt;
 * FLOAT_VECTOR -> FixedSizeList&lt;FloatingPoint(SINGLE), dim&gt; (a null row still takes dim items)
 * </pre>
 *
 * <p>Rows are split into record batches of about {@value #TARGET_BATCH_BYTES} bytes. The footer's
 * custom metadata holds {@code quiver.magic = quiver-segment}, {@code quiver.version = 1}, {@code
 * quiver.segment_id}, {@code quiver.partition_id}, {@code quiver.shard}, {@code quiver.rows}, and
 * two checksums that make any damage detectable: {@code quiver.body_crc32c} over the first {@code
 * quiver.body_length} bytes (the leading magic, the schema message and all record batches; only
 * the fixed 8-byte end-of-stream marker lies between them and the footer) and {@code quiver.footer_crc32c} over a canonical text of the footer (the other
 * metadata entries, the schema with field metadata, the record block offsets and lengths). Both
 * are CRC32C in decimal.
 *
 * <p>Files are written to a temporary file, fsynced and renamed into place ({@link AtomicFiles}).
 * Stateless and thread safe; each call uses its own Arrow allocator.
 */
public final class SegmentFile {

  /** The format version this class writes and reads. */
  public static final int VERSION = 1;

  public static final String MAGIC = "quiver-segment";
  public static final String TIMESTAMP_COLUMN = "_ts";

  static final String META_MAGIC = "quiver.magic";
  static final String META_VERSION = "quiver.version";
  static final String META_SEGMENT_ID = "quiver.segment_id";
  static final String META_PARTITION_ID = "quiver.partition_id";
  static final String META_SHARD = "quiver.shard";
  static final String META_ROWS = "quiver.rows";
  static final String META_BODY_LENGTH = "quiver.body_length";
  static final String META_BODY_CRC = "quiver.body_crc32c";
  static final String META_FOOTER_CRC = "quiver.footer_crc32c";

  static final long TARGET_BATCH_BYTES = 32L << 20;
  private static final int ARROW_TRAILER = 4 + 6; // footer length + "ARROW1"
  /** What ArrowFileWriter writes between the last batch and the footer: continuation token, length 0. */
  private static final byte[] END_OF_STREAM = {-1, -1, -1, -1, 0, 0, 0, 0};
  private static final long CRC_CHUNK = 1L << 30;

  /** Shared by all calls; each call works in a child allocator that must end empty. */
  private static final BufferAllocator ROOT = new RootAllocator();

  /** A segment file's content. */
  public record Contents(SegmentInfo info, Map<Long, ColumnData> columns, int rows, long[] timestamps) {}

  private SegmentFile() {}

  /**
   * Writes {@code columns} (every field of {@code schema}, {@code rows} rows each) and the write
   * timestamp of every row to {@code file}, replacing it atomically and durably.
   *
   * @throws IllegalArgumentException when a field of {@code schema} has no column, a column is not
   *     in {@code schema} or has a different type or row count, or {@code info.rows()} or {@code
   *     timestamps.length} differ from {@code rows}
   */
  public static void write(Path file, SegmentInfo info, CollectionSchema schema, Map<Long, ColumnData> columns, int rows,
      long[] timestamps) throws IOException {
    List<ColumnData> ordered = checkColumns(info, schema, columns, rows, timestamps);
    List<Field> fields = new ArrayList<>();
    for (ColumnData c : ordered) {
      fields.add(ArrowColumns.arrowField(schema.fieldById(c.field().id())));
    }
    fields.add(new Field(TIMESTAMP_COLUMN, FieldType.notNullable(new ArrowType.Int(64, true)), null));
    Schema arrowSchema = new Schema(fields);

    List<byte[][]> json = new ArrayList<>(ordered.size());
    for (ColumnData c : ordered) {
      json.add(ArrowColumns.jsonBytes(c));
    }
    int[] bounds = batchBounds(ordered, json, rows);

    Map<String, String> footer = new LinkedHashMap<>();
    footer.put(META_MAGIC, MAGIC);
    footer.put(META_VERSION, Integer.toString(VERSION));
    footer.put(META_SEGMENT_ID, Long.toString(info.segmentId()));
    footer.put(META_PARTITION_ID, Long.toString(info.partitionId()));
    footer.put(META_SHARD, Integer.toString(info.shard()));
    footer.put(META_ROWS, Integer.toString(rows));

    AtomicFiles.write(file, channel -> {
      try (BufferAllocator allocator = ROOT.newChildAllocator("write " + file, 0, Long.MAX_VALUE);
          VectorSchemaRoot root = VectorSchemaRoot.create(arrowSchema, allocator)) {
        CrcChannel out = new CrcChannel(channel);
        // ArrowFileWriter reads the footer metadata map when it writes the footer in end(): the
        // checksums, known only after the batches are written, are added to the map before that.
        ArrowFileWriter writer = new ArrowFileWriter(root, null, out, footer);
        writer.start();
        for (int b = 0; b + 1 < bounds.length; b++) {
          int from = bounds[b];
          int n = bounds[b + 1] - from;
          for (int i = 0; i < ordered.size(); i++) {
            ArrowColumns.fill(root.getVector(i), ordered.get(i), json.get(i), from, n);
          }
          ArrowColumns.fillTimestamps((BigIntVector) root.getVector(ordered.size()), timestamps, from, n);
          root.setRowCount(n);
          writer.writeBatch();
        }
        footer.put(META_BODY_LENGTH, Long.toString(out.bytes));
        footer.put(META_BODY_CRC, Long.toString(out.crc.getValue()));
        footer.put(META_FOOTER_CRC, Long.toString(footerCrc(footer, root.getSchema(), writer.getRecordBlocks())));
        writer.end();
        writer.close();
      }
    });
  }

  /**
   * Reads a file written by {@link #write}. The columns are those of the fields of {@code schema}
   * the file holds (a field added to the schema after the file was written is absent), with
   * {@code schema}'s field definitions. The whole file is verified against its checksums first.
   *
   * @throws java.nio.file.NoSuchFileException when {@code file} does not exist
   * @throws IOException naming {@code file} when it cannot be read, is not a version-1 segment file,
   *     is truncated or damaged, or holds a field that {@code schema} does not have or has with a
   *     different type
   */
  public static Contents read(Path file, CollectionSchema schema) throws IOException {
    try (FileChannel channel = FileChannel.open(file, READ)) {
      long size = channel.size();
      if (size < 8 + ARROW_TRAILER) {
        throw new IOException("file too small (" + size + " bytes)");
      }
      ByteBuffer trailer = ByteBuffer.allocate(ARROW_TRAILER).order(ByteOrder.LITTLE_ENDIAN);
      AtomicFiles.readFully(channel, trailer, size - ARROW_TRAILER, file);
      long footerOffset = size - ARROW_TRAILER - trailer.getInt(0);
      try (BufferAllocator allocator = ROOT.newChildAllocator("read " + file, 0, 2 * size + (16 << 20));
          ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
        return read(file, channel, footerOffset, reader, schema);
      }
    } catch (NoSuchFileException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new IOException("segment file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads an open file; failures name the problem, the caller adds the file name. */
  private static Contents read(Path file, FileChannel channel, long footerOffset, ArrowFileReader reader,
      CollectionSchema schema) throws IOException {
    Schema arrowSchema = reader.getVectorSchemaRoot().getSchema();
    Map<String, String> meta = reader.getMetaData();
    if (!MAGIC.equals(meta.get(META_MAGIC))) {
      throw new IOException("not a quiver segment file (magic " + meta.get(META_MAGIC) + ")");
    }
    if (!Integer.toString(VERSION).equals(meta.get(META_VERSION))) {
      throw new IOException("unsupported segment file version " + meta.get(META_VERSION) + " (this build reads " + VERSION + ")");
    }
    List<ArrowBlock> blocks = reader.getRecordBlocks();
    if (!reader.getDictionaryBlocks().isEmpty()) {
      throw new IOException("unexpected dictionary batches");
    }
    if (footerCrc(meta, arrowSchema, blocks) != parseLong(meta, META_FOOTER_CRC)) {
      throw damaged("footer checksum mismatch");
    }
    long bodyLength = parseLong(meta, META_BODY_LENGTH);
    if (bodyLength + END_OF_STREAM.length != footerOffset) {
      throw damaged("footer at byte " + footerOffset + ", expected at " + (bodyLength + END_OF_STREAM.length));
    }
    ByteBuffer eos = ByteBuffer.allocate(END_OF_STREAM.length);
    AtomicFiles.readFully(channel, eos, bodyLength, file);
    if (!Arrays.equals(eos.array(), END_OF_STREAM)) {
      throw damaged("no end-of-stream marker before the footer");
    }
    if (crc(channel, bodyLength) != parseLong(meta, META_BODY_CRC)) {
      throw damaged("checksum mismatch");
    }
    SegmentInfo info = new SegmentInfo(parseLong(meta, META_SEGMENT_ID), parseLong(meta, META_PARTITION_ID),
        (int) parseLong(meta, META_SHARD), (int) parseLong(meta, META_ROWS));
    int rows = info.rows();
    if (rows > channel.size() / 8) {
      throw damaged("row count " + rows + " does not fit the file");
    }

    List<Field> fields = arrowSchema.getFields();
    Map<String, ArrowColumns.Reader> readers = new HashMap<>();
    Map<Long, ArrowColumns.Reader> byId = new LinkedHashMap<>();
    for (Field f : fields) {
      if (f.getName().equals(TIMESTAMP_COLUMN)) {
        if (!f.getType().equals(new ArrowType.Int(64, true))) {
          throw new IOException("column " + TIMESTAMP_COLUMN + " has type " + f.getType());
        }
        continue;
      }
      FieldSchema field = fieldOf(f, schema);
      ArrowColumns.Reader r = new ArrowColumns.Reader(field, rows);
      if (byId.put(field.id(), r) != null) {
        throw new IOException("field id " + field.id() + " appears twice");
      }
      readers.put(f.getName(), r);
    }
    if (arrowSchema.findField(TIMESTAMP_COLUMN) == null) {
      throw new IOException("no " + TIMESTAMP_COLUMN + " column");
    }

    long[] timestamps = new long[rows];
    VectorSchemaRoot root = reader.getVectorSchemaRoot();
    int base = 0;
    for (ArrowBlock block : blocks) {
      if (!reader.loadRecordBatch(block)) {
        throw new IOException("record batch at byte " + block.getOffset() + " is missing");
      }
      int n = root.getRowCount();
      if (n < 0 || n > rows - base) {
        throw damaged("record batches hold more rows than the " + rows + " recorded");
      }
      for (FieldVector vector : root.getFieldVectors()) {
        if (vector.getValueCount() != n) {
          throw new IOException("column " + vector.getName() + " has " + vector.getValueCount() + " values in a batch of " + n);
        }
        String name = vector.getName();
        if (name.equals(TIMESTAMP_COLUMN)) {
          if (vector.getNullCount() != 0) {
            throw new IOException("null timestamps");
          }
          ArrowColumns.getLongs(vector.getDataBuffer(), timestamps, base, n);
        } else {
          readers.get(name).read(vector, base, n);
        }
      }
      base += n;
    }
    if (base != rows) {
      throw damaged("record batches hold " + base + " rows, " + rows + " recorded");
    }
    Map<Long, ColumnData> columns = new LinkedHashMap<>();
    for (Map.Entry<Long, ArrowColumns.Reader> e : byId.entrySet()) {
      columns.put(e.getKey(), e.getValue().finish());
    }
    return new Contents(info, columns, rows, timestamps);
  }

  private static FieldSchema fieldOf(Field f, CollectionSchema schema) throws IOException {
    String name = f.getName();
    long id;
    try {
      if (!name.startsWith("f")) {
        throw new NumberFormatException();
      }
      id = Long.parseLong(name.substring(1));
    } catch (NumberFormatException e) {
      throw new IOException("unexpected column " + name);
    }
    FieldSchema field = schema.fieldById(id);
    if (field == null) {
      throw new IOException("column " + name + " holds field id " + id + ", which the schema does not have");
    }
    Field expected = ArrowColumns.arrowField(field);
    Map<String, String> meta = f.getMetadata();
    if (!sameShape(expected, f)
        || !expected.getMetadata().get(ArrowColumns.DATA_TYPE).equals(meta.get(ArrowColumns.DATA_TYPE))
        || !expected.getMetadata().get(ArrowColumns.ELEMENT_TYPE).equals(meta.get(ArrowColumns.ELEMENT_TYPE))
        || !expected.getMetadata().get(ArrowColumns.DIM).equals(meta.get(ArrowColumns.DIM))) {
      throw new IOException("column " + name + " (field " + field.name() + ") is stored as " + describe(f) + " but the schema needs "
          + describe(expected));
    }
    return field;
  }

  private static boolean sameShape(Field a, Field b) {
    if (!a.getType().equals(b.getType()) || a.getChildren().size() != b.getChildren().size()) {
      return false;
    }
    for (int i = 0; i < a.getChildren().size(); i++) {
      if (!sameShape(a.getChildren().get(i), b.getChildren().get(i))) {
        return false;
      }
    }
    return true;
  }

  private static String describe(Field f) {
    return f.getType() + (f.getChildren().isEmpty() ? "" : "<" + f.getChildren().getFirst().getType() + ">") + " "
        + new TreeMap<>(f.getMetadata());
  }

  private static List<ColumnData> checkColumns(SegmentInfo info, CollectionSchema schema, Map<Long, ColumnData> columns, int rows,
      long[] timestamps) {
    if (info.rows() != rows || timestamps.length != rows) {
      throw new IllegalArgumentException(
          "rows " + rows + " but segment info says " + info.rows() + " and there are " + timestamps.length + " timestamps");
    }
    List<ColumnData> ordered = new ArrayList<>();
    for (FieldSchema f : schema.fields()) {
      ColumnData c = columns.get(f.id());
      if (c == null) {
        throw new IllegalArgumentException("no column for field " + f.name() + " (id " + f.id() + ")");
      }
      FieldSchema cf = c.field();
      if (cf.id() != f.id() || cf.type() != f.type() || ArrowColumns.elementType(cf) != ArrowColumns.elementType(f)
          || ArrowColumns.dim(cf) != ArrowColumns.dim(f)) {
        throw new IllegalArgumentException("column stored for field " + f.name() + " (id " + f.id() + ") is of field " + cf.name()
            + " (id " + cf.id() + ", " + cf.type() + ")");
      }
      if (c.rows() != rows) {
        throw new IllegalArgumentException("column " + f.name() + " has " + c.rows() + " rows, the segment " + rows);
      }
      WalRecordCodec.checkArrayClass(c);
      ordered.add(c);
    }
    if (columns.size() != ordered.size()) {
      throw new IllegalArgumentException("columns of fields that are not in the schema: " + columns.keySet());
    }
    return ordered;
  }

  /** Row offsets where record batches start, then {@code rows}: batches of about {@link #TARGET_BATCH_BYTES}. */
  private static int[] batchBounds(List<ColumnData> columns, List<byte[][]> json, int rows) {
    long fixed = 8 + 1;
    List<Integer> variable = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      fixed += ArrowColumns.fixedRowBytes(columns.get(i).field());
      if (ArrowColumns.fixedRowBytes(columns.get(i).field()) == 1) {
        variable.add(i);
      }
    }
    List<Integer> bounds = new ArrayList<>();
    bounds.add(0);
    long bytes = 0;
    for (int row = 0; row < rows; row++) {
      long rowBytes = fixed;
      for (int i : variable) {
        rowBytes += ArrowColumns.variableRowBytes(columns.get(i), json.get(i), row);
      }
      if (bytes > 0 && bytes + rowBytes > TARGET_BATCH_BYTES) {
        bounds.add(row);
        bytes = 0;
      }
      bytes += rowBytes;
    }
    if (rows > 0) {
      bounds.add(rows);
    }
    return bounds.stream().mapToInt(Integer::intValue).toArray();
  }

  /** CRC32C of a canonical text of everything in the footer except the footer checksum itself. */
  private static long footerCrc(Map<String, String> meta, Schema schema, List<ArrowBlock> blocks) {
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, String> e : new TreeMap<>(meta).entrySet()) {
      if (!e.getKey().equals(META_FOOTER_CRC)) {
        text.append(e.getKey()).append('=').append(e.getValue()).append('\n');
      }
    }
    for (Field f : schema.getFields()) {
      appendField(text, f);
    }
    text.append(new TreeMap<>(schema.getCustomMetadata())).append('\n');
    for (ArrowBlock b : blocks) {
      text.append("block ").append(b.getOffset()).append(' ').append(b.getMetadataLength()).append(' ')
          .append(b.getBodyLength()).append('\n');
    }
    CRC32C crc = new CRC32C();
    crc.update(text.toString().getBytes(StandardCharsets.UTF_8));
    return crc.getValue();
  }

  private static void appendField(StringBuilder text, Field f) {
    text.append("field ").append(f.getName()).append(' ').append(f.getType()).append(' ').append(f.isNullable()).append(' ')
        .append(f.getDictionary()).append(' ').append(new TreeMap<>(f.getMetadata())).append(" [\n");
    for (Field child : f.getChildren()) {
      appendField(text, child);
    }
    text.append("]\n");
  }

  private static long crc(FileChannel channel, long length) throws IOException {
    CRC32C crc = new CRC32C();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, length, arena);
      for (long at = 0; at < length; at += CRC_CHUNK) {
        crc.update(mapped.asSlice(at, Math.min(CRC_CHUNK, length - at)).asByteBuffer());
      }
    }
    return crc.getValue();
  }

  private static long parseLong(Map<String, String> meta, String key) throws IOException {
    String value = meta.get(key);
    if (value == null) {
      throw new IOException("footer metadata has no " + key);
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IOException("footer metadata " + key + " is not a number: " + value);
    }
  }

  private static IOException damaged(String reason) {
    return new IOException("damaged or truncated: " + reason);
  }

  /** Passes writes through to a channel, counting the bytes and computing their CRC32C; close does not close the target. */
  private static final class CrcChannel implements WritableByteChannel {
    private final FileChannel target;
    private final CRC32C crc = new CRC32C();
    private long bytes;
    private boolean open = true;

    CrcChannel(FileChannel target) {
      this.target = target;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      int start = src.position();
      int n = target.write(src);
      crc.update(src.duplicate().position(start).limit(start + n));
      bytes += n;
      return n;
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public void close() {
      open = false;
    }
  }
}
