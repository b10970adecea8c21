package io.quiver.storage.imports;

import static io.quiver.storage.imports.ImportFixtures.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.engine.schema.CollectionSchema;
import io.quiver.engine.schema.DataType;
import io.quiver.engine.schema.SchemaBuilder;
import io.quiver.storage.imports.ImportFixtures.Column;
import io.quiver.storage.imports.ImportFixtures.FileKind;
import io.quiver.storage.imports.ImportFixtures.Kind;
import io.quiver.storage.object.LocalObjectStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** One bad row per file, for every format: the error names the file, the row and the field. Malformed files. */
class ImportErrorsTest {

  static final int BAD_ROW = 7;

  @TempDir
  Path dir;

  static final CollectionSchema SCHEMA = SchemaBuilder.build("errors", List.of(
      ImportFixtures.pk("id", false),
      ImportFixtures.field("vec", DataType.FLOAT_VECTOR, Map.of("dim", "4")),
      ImportFixtures.field("s", DataType.VARCHAR, Map.of("max_length", "8")),
      ImportFixtures.field("i8", DataType.INT8, Map.of()),
      ImportFixtures.field("j", DataType.JSON, Map.of())), false);

  static final List<Column> COLUMNS = List.of(Column.of("id", Kind.INT64), Column.of("vec", Kind.LIST_FLOAT),
      Column.of("s", Kind.STRING), Column.of("i8", Kind.INT32), Column.of("j", Kind.STRING));

  enum Bad {
    WRONG_DIM("vec", "expected 4 floats, got 3"),
    NAN("vec", "vector contains NaN or infinity"),
    LONG_STRING("s", "length of value (9) exceeds max_length 8"),
    WRONG_TYPE(null, null),
    OUT_OF_RANGE("i8", "value 300 is out of range for Int8 [-128, 127]"),
    MISSING_PK("id", "primary key is");

    final String field;
    final String detail;

    Bad(String field, String detail) {
      this.field = field;
      this.detail = detail;
    }
  }

  static Stream<Arguments> cases() {
    return Arrays.stream(FileKind.values()).flatMap(k -> Arrays.stream(Bad.values()).map(b -> Arguments.of(k, b)));
  }

  static Map<String, Object> good(long i) {
    return row("id", i, "vec", new float[] {i, 1, 2, 3}, "s", "s" + i, "i8", (int) (i % 100), "j",
        ImportFixtures.textNode("{\"n\":" + i + "}"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void oneBadRowIsReportedWithItsRowAndField(FileKind kind, Bad bad) throws IOException {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      rows.add(good(i));
    }
    Map<String, Object> r = new LinkedHashMap<>(rows.get(BAD_ROW));
    String field = bad.field;
    String detail = bad.detail;
    switch (bad) {
      case WRONG_DIM -> r.put("vec", new float[] {1, 2, 3});
      case NAN -> r.put("vec", new float[] {1, Float.NaN, 2, 3});
      case LONG_STRING -> r.put("s", "123456789");
      case WRONG_TYPE -> {
        if (kind.columnar()) {
          r.put("j", ImportFixtures.textNode("{not json"));
          field = "j";
          detail = "invalid JSON text";
        } else {
          r.put("i8", "abc");
          field = "i8";
          detail = "expected an integer, got a string (\"abc\")";
        }
      }
      case OUT_OF_RANGE -> r.put("i8", 300);
      case MISSING_PK -> r.remove("id");
    }
    rows.set(BAD_ROW, r);
    Path p = ImportFixtures.write(kind, dir, "bad", COLUMNS, rows);
    String name = "uploads/" + p.getFileName();
    ImportFile file = ImportFile.local(p, name);

    String expectedField = field;
    String expectedDetail = detail;
    assertThatThrownBy(() -> ImportValidator.validateAll(file.open(SCHEMA, ImportOptions.DEFAULTS.withBatchSize(4))))
        .isInstanceOfSatisfying(ImportException.class, e -> {
          assertThat(e.getMessage()).startsWith(name + " row " + BAD_ROW + " field '" + expectedField + "': ");
          assertThat(e.detail()).contains(expectedDetail);
          assertThat(e.row()).isEqualTo(BAD_ROW);
          assertThat(e.field()).isEqualTo(expectedField);
          assertThat(e.file()).isEqualTo(name);
        });

    // the rows before the bad one are readable batch by batch: the error comes with the batch holding row 7
    try (ImportReader reader = file.open(SCHEMA, ImportOptions.DEFAULTS.withBatchSize(4))) {
      assertThat(reader.next().rows()).isEqualTo(4);
      assertThatThrownBy(reader::hasNext).isInstanceOf(ImportException.class);
    }
  }

  @Test
  void truncatedParquetNamesTheFile() throws IOException {
    Path p = dir.resolve("t.parquet");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      rows.add(good(i));
    }
    ImportFixtures.writeParquet(p, COLUMNS, rows, CompressionCodecName.ZSTD, 1 << 20);
    byte[] all = Files.readAllBytes(p);
    Files.write(p, Arrays.copyOf(all, all.length / 2));
    assertThatThrownBy(() -> ImportFile.local(p, "data/t.parquet").open(SCHEMA, ImportOptions.DEFAULTS))
        .isInstanceOf(ImportException.class)
        .hasMessageStartingWith("data/t.parquet: not a readable Parquet file")
        .hasMessageNotContaining(dir.toString());

    Files.writeString(p, "{\"rows\": []}");
    assertThatThrownBy(() -> ImportFile.local(p, "data/t.parquet").open(SCHEMA, ImportOptions.DEFAULTS))
        .isInstanceOf(ImportException.class)
        .hasMessageStartingWith("data/t.parquet: not a readable Parquet file");
  }

  @Test
  void corruptParquetPageNamesTheFileAndRow() throws IOException {
    Path p = dir.resolve("c.parquet");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      rows.add(good(i));
    }
    ImportFixtures.writeParquet(p, COLUMNS, rows, CompressionCodecName.SNAPPY, 1 << 20);
    byte[] all = Files.readAllBytes(p);
    for (int i = 8; i < all.length / 3; i++) {
      all[i] = (byte) 0x5A; // overwrite pages, keep the footer
    }
    Files.write(p, all);
    assertThatThrownBy(() -> ImportValidator.validateAll(ImportFile.local(p, "c.parquet"), SCHEMA,
        ImportOptions.DEFAULTS))
        .isInstanceOf(ImportException.class)
        .hasMessageStartingWith("c.parquet row 0: corrupt Parquet data")
        .hasMessageNotContaining(dir.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"rows\":[{\"id\":1,\"vec\":[1,2,3,4],\"s\":\"a\",\"i8\":1,\"j\":{}},{\"id\":2,",
      "{\"rows\":[{\"id\":1,\"vec\":[1,2,3,4],\"s\":\"a\",\"i8\":1,\"j\":{}},{\"id\":2,}]}",
      "{\"rows\":[{\"id\":1,\"vec\":[1,2,3,4],\"s\":\"a\",\"i8\":1,\"j\":{}},{\"id\":2,\"id\":3}]}",
      "{\"rows\":[{\"id\":1,\"vec\":[1,2,3,4],\"s\":\"a\",\"i8\":1,\"j\":{}}, 17]}",
      "[{\"id\":1,\"vec\":[1,2,3,4],\"s\":\"a\",\"i8\":1,\"j\":{}}, {\"id\": 2"})
  void brokenJsonNamesTheFileAndRow(String text) throws IOException {
    Path p = dir.resolve("b.json");
    Files.writeString(p, text, StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ImportValidator.validateAll(ImportFile.local(p, "in/b.json"), SCHEMA,
        ImportOptions.DEFAULTS))
        .isInstanceOfSatisfying(ImportException.class, e -> {
          assertThat(e.getMessage()).startsWith("in/b.json row 1: ");
          assertThat(e.row()).isEqualTo(1);
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "{\"data\": []}", "{}", "17", "{\"rows\": 3}", "{\"rows\": [], \"x\": 1}",
      "[] []", "{\"rows\": []", "{\"rows\": [] } {"})
  void malformedJsonStructureNamesTheFile(String text) throws IOException {
    Path p = dir.resolve("m.json");
    Files.writeString(p, text, StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ImportValidator.validateAll(ImportFile.local(p, "m.json"), SCHEMA,
        ImportOptions.DEFAULTS))
        .isInstanceOf(ImportException.class)
        .hasMessageStartingWith("m.json: ");
  }

  @Test
  void emptyJsonRowsAreNoRows() throws IOException {
    Path p = dir.resolve("e.json");
    Files.writeString(p, "{\"rows\": []}");
    assertThat(ImportValidator.validateAll(ImportFile.local(p, "e.json"), SCHEMA, ImportOptions.DEFAULTS).rows())
        .isZero();
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void truncatedArrowNamesTheFile(boolean fileFormat) throws IOException {
    Path p = dir.resolve("t.arrow");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      rows.add(good(i));
    }
    ImportFixtures.writeArrow(p, COLUMNS, rows, fileFormat, 10);
    byte[] all = Files.readAllBytes(p);
    Files.write(p, Arrays.copyOf(all, all.length * 2 / 3));
    assertThatThrownBy(() -> ImportValidator.validateAll(ImportFile.local(p, "t.arrow"), SCHEMA,
        ImportOptions.DEFAULTS))
        .isInstanceOf(ImportException.class)
        .hasMessageStartingWith("t.arrow");
  }

  @Test
  void unknownExtensionAndMissingObject() throws Exception {
    try (LocalObjectStore store = new LocalObjectStore(dir.resolve("objects"))) {
      assertThatThrownBy(() -> ImportFile.fetch(store, "a/rows.csv", dir.resolve("tmp")))
          .isInstanceOf(ImportException.class)
          .hasMessageStartingWith("a/rows.csv: unknown file type");
      assertThatThrownBy(() -> ImportFile.fetch(store, "a/rows.json", dir.resolve("tmp")))
          .isInstanceOf(ImportException.class)
          .hasMessage("a/rows.json: no such file in the object store");
    }
  }

  @Test
  void fetchedFileReadsTwiceAndIsDeletedOnClose() throws Exception {
    Path p = dir.resolve("src.parquet");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      rows.add(good(i));
    }
    ImportFixtures.writeParquet(p, COLUMNS, rows, CompressionCodecName.SNAPPY, 1 << 20);
    try (LocalObjectStore store = new LocalObjectStore(dir.resolve("objects"))) {
      store.put("db/uploads/rows.parquet", p);
      Path tmp = dir.resolve("tmp");
      ImportFile f = ImportFile.fetch(store, "db/uploads/rows.parquet", tmp);
      try (f) {
        assertThat(f.format()).isEqualTo(ImportFormat.PARQUET);
        assertThat(ImportValidator.validateAll(f, SCHEMA, ImportOptions.DEFAULTS).rows()).isEqualTo(20);
        assertThat(ImportValidator.validateAll(f, SCHEMA, ImportOptions.DEFAULTS).bytes()).isEqualTo(Files.size(p));
      }
      try (Stream<Path> left = Files.list(tmp)) {
        assertThat(left).isEmpty();
      }
    }
  }
}
