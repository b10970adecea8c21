package io.quiver.storage.format.v1;

import static io.quiver.storage.format.v1.Fixtures.allTypes;
import static io.quiver.storage.format.v1.Fixtures.assertSameCells;
import static io.quiver.storage.format.v1.Fixtures.columns;
import static io.quiver.storage.format.v1.Fixtures.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.engine.schema.CollectionSchema;
import io.quiver.engine.schema.DataType;
import io.quiver.engine.schema.FieldSchema;
import io.quiver.engine.segment.ColumnData;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentFileTest {

  private static final CollectionSchema SCHEMA = allTypes();

  @TempDir Path dir;

  private static long[] timestamps(int rows) {
    long[] ts = new long[rows];
    for (int i = 0; i < rows; i++) {
      ts[i] = 1_000_000L + i / 3;
    }
    return ts;
  }

  private SegmentFile.Contents writeAndRead(Path file, CollectionSchema schema, Map<Long, ColumnData> columns, int rows)
      throws IOException {
    SegmentInfo info = new SegmentInfo(42, 7, 3, rows);
    long[] ts = timestamps(rows);
    SegmentFile.write(file, info, schema, columns, rows, ts);
    SegmentFile.Contents read = SegmentFile.read(file, schema);
    assertThat(read.info()).isEqualTo(info);
    assertThat(read.rows()).isEqualTo(rows);
    assertThat(read.timestamps()).containsExactly(ts);
    return read;
  }

  @Test
  void roundTripsEveryTypeWithNulls() throws IOException {
    for (int rows : new int[] {1, 8, 37, 2000}) {
      Map<Long, ColumnData> columns = columns(SCHEMA, rows, rows);
      SegmentFile.Contents read = writeAndRead(dir.resolve("seg-" + rows + ".arrow"), SCHEMA, columns, rows);
      assertSameCells(read.columns(), columns);
      assertThat(read.columns().get(100L).field()).isSameAs(SCHEMA.fieldById(100));
    }
  }

  @Test
  void roundTripsAnEmptySegment() throws IOException {
    SegmentFile.Contents read = writeAndRead(dir.resolve("empty.arrow"), SCHEMA, columns(SCHEMA, 0, 1), 0);
    assertThat(read.columns()).hasSize(SCHEMA.fields().size());
    assertThat(read.timestamps()).isEmpty();
  }

  @Test
  void roundTripsNullVectorsAndNaNBits() throws IOException {
    FieldSchema vec = field(101, "v", DataType.FLOAT_VECTOR, DataType.NONE, true, 3);
    FieldSchema f = field(102, "f", DataType.FLOAT, DataType.NONE, false, 0);
    CollectionSchema schema = new CollectionSchema("", List.of(Fixtures.pk(100, DataType.INT64), vec, f), false);
    Map<Long, ColumnData> columns = Map.of(
        100L, new ColumnData(schema.primaryField(), 3, new long[] {1, 2, 3}, null),
        101L, new ColumnData(vec, 3, new float[] {1, 2, 3, 0, 0, 0, -0.0f, 5, 6}, new boolean[] {true, false, true}),
        102L, new ColumnData(f, 3, new float[] {Float.intBitsToFloat(0x7fc00042), -0.0f, Float.MIN_VALUE}, null));
    SegmentFile.Contents read = writeAndRead(dir.resolve("v.arrow"), schema, columns, 3);
    assertSameCells(read.columns(), columns);
    float[] floats = (float[]) read.columns().get(102L).values();
    assertThat(Float.floatToRawIntBits(floats[0])).isEqualTo(0x7fc00042);
  }

  @Test
  void writesTheDocumentedArrowLayout() throws IOException {
    Path file = dir.resolve("layout.arrow");
    SegmentFile.write(file, new SegmentInfo(42, 7, 3, 5), SCHEMA, columns(SCHEMA, 5, 1), 5, timestamps(5));
    try (RootAllocator allocator = new RootAllocator();
        FileChannel channel = FileChannel.open(file);
        ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      List<Field> fields = root.getSchema().getFields();
      assertThat(fields.getLast().getName()).isEqualTo("_ts");
      assertThat(fields.getFirst().getName()).isEqualTo("f100");
      assertThat(fields.getFirst().getMetadata()).containsEntry("quiver.field_name", "pk").containsEntry("quiver.data_type", "5");
      Field vec = root.getSchema().findField("f" + SCHEMA.field("vec").id());
      assertThat(vec.getType().toString()).isEqualTo("FixedSizeList(" + Fixtures.DIM + ")");
      assertThat(vec.getChildren().getFirst().getType().toString()).isEqualTo("FloatingPoint(SINGLE)");
      assertThat(root.getSchema().findField("f" + SCHEMA.field("s_json").id()).getType().toString()).isEqualTo("Utf8");
      assertThat(root.getSchema().findField("f" + SCHEMA.field("a_varchar").id()).getType().toString()).isEqualTo("List");
      assertThat(reader.getMetaData())
          .containsEntry("quiver.magic", "quiver-segment")
          .containsEntry("quiver.version", "1")
          .containsEntry("quiver.segment_id", "42")
          .containsEntry("quiver.partition_id", "7")
          .containsEntry("quiver.shard", "3")
          .containsEntry("quiver.rows", "5")
          .containsKeys("quiver.body_crc32c", "quiver.footer_crc32c");
      assertThat(reader.loadNextBatch()).isTrue();
      assertThat(root.getRowCount()).isEqualTo(5);
    }
  }

  @Test
  void readsWithASchemaThatGainedAField() throws IOException {
    Path file = dir.resolve("old.arrow");
    Map<Long, ColumnData> columns = columns(SCHEMA, 20, 2);
    SegmentFile.write(file, new SegmentInfo(1, 2, 0, 20), SCHEMA, columns, 20, timestamps(20));
    long added = SCHEMA.maxFieldId() + 1;
    CollectionSchema evolved = SCHEMA.withField(field(added, "added", DataType.INT64, DataType.NONE, true, 0));
    SegmentFile.Contents read = SegmentFile.read(file, evolved);
    assertThat(read.columns()).doesNotContainKey(added);
    assertSameCells(read.columns(), columns);
  }

  @Test
  void rejectsAFileWithAFieldTheSchemaDoesNotHave() throws IOException {
    long added = SCHEMA.maxFieldId() + 1;
    CollectionSchema evolved = SCHEMA.withField(field(added, "added", DataType.INT64, DataType.NONE, true, 0));
    Path file = dir.resolve("new.arrow");
    SegmentFile.write(file, new SegmentInfo(1, 2, 0, 4), evolved, columns(evolved, 4, 2), 4, timestamps(4));
    assertThatThrownBy(() -> SegmentFile.read(file, SCHEMA))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("field id " + added);
  }

  @Test
  void rejectsAFieldStoredWithAnotherType() throws IOException {
    FieldSchema asJson = field(101, "x", DataType.JSON, DataType.NONE, true, 0);
    FieldSchema asText = field(101, "x", DataType.VARCHAR, DataType.NONE, true, 0);
    CollectionSchema writer = new CollectionSchema("", List.of(Fixtures.pk(100, DataType.INT64), asJson), false);
    CollectionSchema reader = new CollectionSchema("", List.of(Fixtures.pk(100, DataType.INT64), asText), false);
    Path file = dir.resolve("typed.arrow");
    SegmentFile.write(file, new SegmentInfo(1, 2, 0, 3), writer, columns(writer, 3, 1), 3, timestamps(3));
    assertThatThrownBy(() -> SegmentFile.read(file, reader))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("f101");
  }

  @Test
  void rejectsColumnsThatDoNotMatchTheSchemaWhenWriting() {
    Map<Long, ColumnData> missing = new HashMap<>(columns(SCHEMA, 3, 1));
    missing.remove(101L);
    assertThatThrownBy(() -> SegmentFile.write(dir.resolve("x"), new SegmentInfo(1, 2, 0, 3), SCHEMA, missing, 3, timestamps(3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("s_bool");
    assertThatThrownBy(() -> SegmentFile.write(dir.resolve("x"), new SegmentInfo(1, 2, 0, 3), SCHEMA, columns(SCHEMA, 3, 1), 3,
        timestamps(2)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(dir.resolve("x")).doesNotExist();
  }

  @Test
  void rejectsEveryTruncation() throws IOException {
    Path file = dir.resolve("t.arrow");
    SegmentFile.write(file, new SegmentInfo(1, 2, 0, 10), SCHEMA, columns(SCHEMA, 10, 4), 10, timestamps(10));
    byte[] full = Files.readAllBytes(file);
    Path cut = dir.resolve("cut.arrow");
    for (int length = 0; length < full.length; length += length < 64 || full.length - length < 64 ? 1 : 37) {
      Files.write(cut, Arrays.copyOf(full, length));
      assertThatThrownBy(() -> SegmentFile.read(cut, SCHEMA))
          .as("truncated to %d of %d bytes", length, full.length)
          .isInstanceOf(IOException.class)
          .hasMessageContaining(cut.toString());
    }
  }

  @Test
  void detectsABitFlipAnywhereBeforeTheFooterAndNeverReturnsAlteredContent() throws IOException {
    Path file = dir.resolve("b.arrow");
    Map<Long, ColumnData> columns = columns(SCHEMA, 6, 9);
    long[] ts = timestamps(6);
    SegmentFile.write(file, new SegmentInfo(1, 2, 0, 6), SCHEMA, columns, 6, ts);
    byte[] full = Files.readAllBytes(file);
    int footerLength = java.nio.ByteBuffer.wrap(full, full.length - 10, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
    int footerStart = full.length - 10 - footerLength;
    Path flipped = dir.resolve("flipped.arrow");
    Random random = new Random(5);
    for (int trial = 0; trial < 1500; trial++) {
      int at = trial < 64 ? trial : trial < 128 ? full.length - 128 + trial : random.nextInt(full.length);
      byte[] damaged = full.clone();
      damaged[at] ^= (byte) (1 << random.nextInt(8));
      Files.write(flipped, damaged);
      try {
        SegmentFile.Contents read = SegmentFile.read(flipped, SCHEMA);
        // A flip may pass only in footer bytes that carry no information (flatbuffer padding and
        // string terminators), and then the content is exactly the original.
        assertThat(at).as("undetected flip at byte %d", at).isBetween(footerStart, full.length - 11);
        assertThat(read.info()).isEqualTo(new SegmentInfo(1, 2, 0, 6));
        assertThat(read.timestamps()).containsExactly(ts);
        assertSameCells(read.columns(), columns);
      } catch (IOException e) {
        assertThat(e).hasMessageContaining(flipped.toString());
      }
    }
  }

  @Test
  void replacesAnExistingFileAtomically() throws IOException {
    Path file = dir.resolve("r.arrow");
    SegmentFile.write(file, new SegmentInfo(1, 2, 0, 3), SCHEMA, columns(SCHEMA, 3, 1), 3, timestamps(3));
    Map<Long, ColumnData> next = columns(SCHEMA, 5, 2);
    SegmentFile.write(file, new SegmentInfo(1, 2, 0, 5), SCHEMA, next, 5, timestamps(5));
    assertSameCells(SegmentFile.read(file, SCHEMA).columns(), next);
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void roundTripsLargeVectorSegmentsInSeveralBatches() throws IOException {
    int rows = 100_000;
    int dim = 128;
    FieldSchema vec = field(101, "v", DataType.FLOAT_VECTOR, DataType.NONE, false, dim);
    CollectionSchema schema = new CollectionSchema("", List.of(Fixtures.pk(100, DataType.INT64), vec), false);
    long[] ids = new long[rows];
    float[] vectors = new float[rows * dim];
    Random random = new Random(3);
    for (int i = 0; i < rows; i++) {
      ids[i] = i;
    }
    for (int i = 0; i < vectors.length; i++) {
      vectors[i] = random.nextFloat();
    }
    Map<Long, ColumnData> columns = Map.of(
        100L, new ColumnData(schema.primaryField(), rows, ids, null),
        101L, new ColumnData(vec, rows, vectors, null));
    Path file = dir.resolve("big.arrow");
    SegmentFile.write(file, new SegmentInfo(9, 1, 0, rows), schema, columns, rows, timestamps(rows));
    assertThat(Files.size(file)).isGreaterThan((long) rows * dim * 4);
    SegmentFile.Contents read = SegmentFile.read(file, schema);
    assertThat((float[]) read.columns().get(101L).values()).isEqualTo(vectors);
    assertThat((long[]) read.columns().get(100L).values()).isEqualTo(ids);
    assertThat(read.columns().get(101L).valid()).isNull();
    try (RootAllocator allocator = new RootAllocator();
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
      reader.getVectorSchemaRoot();
      assertThat(reader.getRecordBlocks()).hasSizeGreaterThan(1);
    }
  }
}
