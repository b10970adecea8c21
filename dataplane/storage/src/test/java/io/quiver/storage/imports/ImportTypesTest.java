package io.quiver.storage.imports;

import static io.quiver.storage.imports.ImportFixtures.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.quiver.engine.schema.CollectionSchema;
import io.quiver.engine.schema.FieldSchema;
import io.quiver.engine.segment.ColumnData;
import io.quiver.storage.imports.ImportFixtures.FileKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every type mapping, nulls, defaults and dynamic fields, for each format. */
class ImportTypesTest {

  @TempDir
  Path dir;

  static JsonNode json(String text) {
    try {
      return ImportValues.MAPPER.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static List<Map<String, Object>> allTypesRows() {
    return List.of(
        row("id", 1L, "b", true, "i8", -128, "i16", 32767, "i32", -5, "i64", Long.MAX_VALUE, "f", 1.5f, "d", -2.25,
            "s", "abcdefgh", "j", json("{\"a\":[1,2],\"b\":\"x\"}"), "ai", List.of(1, -2, 3), "al",
            List.of(Long.MIN_VALUE), "as", List.of("x", "hello"), "af", new float[] {0.5f}, "ad", List.of(1.25),
            "vec", new float[] {1, 2, 3, 4}, "n", 7, "dflt", "given", "nd", 3.5, "color", "red", "$meta",
            json("{\"k\":1}")),
        row("id", 2L, "b", false, "i8", 127, "i16", -32768, "i32", Integer.MAX_VALUE, "i64", Long.MIN_VALUE, "f",
            -0.0f, "d", 1e300, "s", "", "j", ImportFixtures.textNode("[1,2]"), "ai", List.of(), "al", List.of(), "as",
            List.of(), "af", new float[0], "ad", List.of(), "vec", new float[] {-1, 0.25f, 1e-3f, 7}, "n", null,
            "dflt", null, "nd", null, "color", null, "$meta", null),
        row("id", -3L, "b", true, "i8", 0, "i16", 0, "i32", 0, "i64", 0L, "f", 3.0f, "d", 0.0, "s", "é漢字",
            "j", ImportFixtures.textNode("\"plain\""), "ai", List.of(0), "al", List.of(1L, 2L, 3L), "as", List.of("a", "b", "c"), "af",
            new float[] {1, 2, 3}, "ad", List.of(0.5, 0.25), "vec", new float[] {0, 0, 0, 1}, "color", "blue"));
  }

  /** Reads all batches into name -> list of engine values (ColumnData.get). */
  static Map<String, List<Object>> readAll(ImportReader r, List<ImportBatch> batches) {
    Map<String, List<Object>> out = new LinkedHashMap<>();
    try (r) {
      while (r.hasNext()) {
        ImportBatch b = r.next();
        batches.add(b);
        for (ColumnData c : b.columns().values()) {
          assertThat(c.rows()).isEqualTo(b.rows());
          List<Object> values = out.computeIfAbsent(c.field().name(), k -> new ArrayList<>());
          for (int i = 0; i < c.rows(); i++) {
            values.add(c.get(i));
          }
        }
      }
    }
    return out;
  }

  private ImportReader open(FileKind kind, Path p, CollectionSchema schema, int batchSize) {
    ImportFormat format = kind.columnar() ? (kind == FileKind.PARQUET ? ImportFormat.PARQUET : ImportFormat.ARROW)
        : ImportFormat.JSON;
    return ImportFile.local(p, "in/" + p.getFileName(), format)
        .open(schema, ImportOptions.DEFAULTS.withBatchSize(batchSize));
  }

  @ParameterizedTest
  @EnumSource(FileKind.class)
  void everyTypeNullsDefaultsAndDynamicFields(FileKind kind) throws IOException {
    CollectionSchema schema = ImportFixtures.allTypes(true);
    Path p = ImportFixtures.write(kind, dir, "all", ImportFixtures.allTypesColumns(), allTypesRows());
    List<ImportBatch> batches = new ArrayList<>();
    ImportReader reader = open(kind, p, schema, 2);
    Map<String, List<Object>> v = readAll(reader, batches);

    assertThat(batches).extracting(ImportBatch::rows).containsExactly(2, 1);
    assertThat(batches).extracting(ImportBatch::firstRow).containsExactly(0L, 2L);
    assertThat(batches.getFirst().columns().keySet()).containsExactlyElementsOf(
        schema.fields().stream().map(FieldSchema::id).toList());
    assertThat(v.get("id")).containsExactly(1L, 2L, -3L);
    assertThat(v.get("b")).containsExactly(true, false, true);
    assertThat(v.get("i8")).containsExactly(-128, 127, 0);
    assertThat(v.get("i16")).containsExactly(32767, -32768, 0);
    assertThat(v.get("i32")).containsExactly(-5, Integer.MAX_VALUE, 0);
    assertThat(v.get("i64")).containsExactly(Long.MAX_VALUE, Long.MIN_VALUE, 0L);
    assertThat(v.get("f")).containsExactly(1.5f, -0.0f, 3.0f);
    assertThat(v.get("d")).containsExactly(-2.25, 1e300, 0.0);
    assertThat(v.get("s")).containsExactly("abcdefgh", "", "é漢字");
    assertThat(v.get("j")).containsExactly(json("{\"a\":[1,2],\"b\":\"x\"}"), json("[1,2]"), json("\"plain\""));
    assertThat(v.get("ai")).containsExactly(List.of(1, -2, 3), List.of(), List.of(0));
    assertThat(v.get("al")).containsExactly(List.of(Long.MIN_VALUE), List.of(), List.of(1L, 2L, 3L));
    assertThat(v.get("as")).containsExactly(List.of("x", "hello"), List.of(), List.of("a", "b", "c"));
    assertThat(v.get("af")).containsExactly(List.of(0.5f), List.of(), List.of(1f, 2f, 3f));
    assertThat(v.get("ad")).containsExactly(List.of(1.25), List.of(), List.of(0.5, 0.25));
    assertThat(v.get("vec")).containsExactly(new float[] {1, 2, 3, 4}, new float[] {-1, 0.25f, 1e-3f, 7},
        new float[] {0, 0, 0, 1});
    assertThat(v.get("n")).containsExactly(7, null, null);
    assertThat(v.get("dflt")).containsExactly("given", "dv", "dv");
    assertThat(v.get("nd")).containsExactly(3.5, 2.5, 2.5);
    // a JSON null of a dynamic key is kept; a null cell of a columnar file is no key
    assertThat(v.get("$meta")).containsExactly(json("{\"k\":1,\"color\":\"red\"}"),
        json(kind.columnar() ? "{}" : "{\"color\":null}"),
        json("{\"color\":\"blue\"}"));
    assertThat(reader.rowsRead()).isEqualTo(3);
    assertThat(reader.totalRows()).isEqualTo(3);
    assertThat(reader.bytesRead()).isEqualTo(reader.totalBytes()).isPositive();
    assertThat(reader.progress().fraction()).isEqualTo(1.0);
  }

  @ParameterizedTest
  @EnumSource(value = CompressionCodecName.class, names = {"UNCOMPRESSED", "SNAPPY", "ZSTD", "GZIP", "LZ4_RAW"})
  void parquetCodecs(CompressionCodecName codec) throws IOException {
    CollectionSchema schema = ImportFixtures.allTypes(true);
    Path p = dir.resolve("c.parquet");
    ImportFixtures.writeParquet(p, ImportFixtures.allTypesColumns(), allTypesRows(), codec, 1 << 20);
    Map<String, List<Object>> v = readAll(ImportFile.local(p, "c.parquet").open(schema, ImportOptions.DEFAULTS),
        new ArrayList<>());
    assertThat(v.get("id")).containsExactly(1L, 2L, -3L);
    assertThat(v.get("vec")).containsExactly(new float[] {1, 2, 3, 4}, new float[] {-1, 0.25f, 1e-3f, 7},
        new float[] {0, 0, 0, 1});
  }

  @ParameterizedTest
  @EnumSource(FileKind.class)
  void unknownColumnWithoutDynamicFieldIsRejected(FileKind kind) throws IOException {
    CollectionSchema schema = ImportFixtures.allTypes(false);
    List<ImportFixtures.Column> cols = ImportFixtures.allTypesColumns().stream()
        .filter(c -> !c.name().equals("$meta")).toList();
    List<Map<String, Object>> rows = allTypesRows().stream().map(r -> {
      Map<String, Object> m = new LinkedHashMap<>(r);
      m.remove("$meta");
      return m;
    }).toList();
    Path p = ImportFixtures.write(kind, dir, "nodyn", cols, rows);
    assertThatThrownBy(() -> readAll(open(kind, p, schema, 10), new ArrayList<>()))
        .isInstanceOfSatisfying(ImportException.class, e -> {
          assertThat(e.field()).isEqualTo("color");
          assertThat(e.row()).isEqualTo(kind.columnar() ? ImportException.NO_ROW : 0);
          assertThat(e.getMessage()).startsWith("in/nodyn").contains("field 'color'").contains("no dynamic field");
        });
  }

  @ParameterizedTest
  @EnumSource(FileKind.class)
  void autoIdKeyAbsentPresentAndAllowed(FileKind kind) throws IOException {
    CollectionSchema schema = io.quiver.engine.schema.SchemaBuilder.build("auto", List.of(
        ImportFixtures.pk("id", true),
        ImportFixtures.field("vec", io.quiver.engine.schema.DataType.FLOAT_VECTOR, Map.of("dim", "2"))), false);
    var vecOnly = List.of(ImportFixtures.Column.of("vec", ImportFixtures.Kind.LIST_FLOAT));
    Path without = ImportFixtures.write(kind, dir, "noid", vecOnly,
        List.of(row("vec", new float[] {1, 2}), row("vec", new float[] {3, 4})));
    List<ImportBatch> batches = new ArrayList<>();
    Map<String, List<Object>> v = readAll(open(kind, without, schema, 10), batches);
    assertThat(v.keySet()).containsExactly("vec");
    assertThat(batches.getFirst().columns()).doesNotContainKey(schema.primaryField().id());

    var withId = List.of(ImportFixtures.Column.of("id", ImportFixtures.Kind.INT64),
        ImportFixtures.Column.of("vec", ImportFixtures.Kind.LIST_FLOAT));
    Path with = ImportFixtures.write(kind, dir, "id", withId,
        List.of(row("id", 10L, "vec", new float[] {1, 2}), row("id", 11L, "vec", new float[] {3, 4})));
    assertThatThrownBy(() -> readAll(open(kind, with, schema, 10), new ArrayList<>()))
        .isInstanceOfSatisfying(ImportException.class, e -> {
          assertThat(e.field()).isEqualTo("id");
          assertThat(e.getMessage()).contains("autoID");
        });

    ImportFormat format = kind.columnar() ? (kind == FileKind.PARQUET ? ImportFormat.PARQUET : ImportFormat.ARROW)
        : ImportFormat.JSON;
    Map<String, List<Object>> allowed = readAll(ImportFile.local(with, "id", format)
        .open(schema, ImportOptions.DEFAULTS.withAllowAutoIdKeys(true)), new ArrayList<>());
    assertThat(allowed.get("id")).containsExactly(10L, 11L);
  }

  @Test
  void jsonFieldAcceptsObjectsAndTextAndRejectsBadText() throws IOException {
    CollectionSchema schema = ImportFixtures.allTypes(true);
    List<Map<String, Object>> rows = new ArrayList<>(allTypesRows());
    Map<String, Object> bad = new LinkedHashMap<>(rows.get(2));
    bad.put("j", ImportFixtures.textNode("{not json"));
    rows.set(2, bad);
    Path p = dir.resolve("j.json");
    ImportFixtures.writeJson(p, rows, true);
    assertThatThrownBy(() -> readAll(ImportFile.local(p, "j.json").open(schema, ImportOptions.DEFAULTS),
        new ArrayList<>()))
        .isInstanceOf(ImportException.class)
        .hasMessageStartingWith("j.json row 2 field 'j': invalid JSON text");
  }

  @Test
  void parquetLegacyListLayoutsAndRepeatedColumns() throws IOException {
    CollectionSchema schema = io.quiver.engine.schema.SchemaBuilder.build("legacy", List.of(
        ImportFixtures.pk("id", false),
        ImportFixtures.field("vec", io.quiver.engine.schema.DataType.FLOAT_VECTOR, Map.of("dim", "2")),
        ImportFixtures.array("tags", io.quiver.engine.schema.DataType.INT64, Map.of("max_capacity", "4"))), false);
    var type = org.apache.parquet.schema.MessageTypeParser.parseMessageType("""
        message m {
          required int64 id;
          repeated float vec;
          optional group tags (LIST) { repeated int64 array; }
        }""");
    Path p = dir.resolve("legacy.parquet");
    java.nio.file.Files.deleteIfExists(p);
    var groups = new org.apache.parquet.example.data.simple.SimpleGroupFactory(type);
    try (var w = org.apache.parquet.hadoop.example.ExampleParquetWriter
        .builder(new org.apache.parquet.io.LocalOutputFile(p))
        .withConf(new org.apache.parquet.conf.PlainParquetConfiguration()).withType(type)
        .withCodecFactory(ParquetCodecs.INSTANCE).withCompressionCodec(CompressionCodecName.ZSTD).build()) {
      for (int i = 0; i < 3; i++) {
        var g = groups.newGroup().append("id", (long) i).append("vec", (float) i).append("vec", i + 0.5f);
        var tags = g.addGroup("tags");
        for (int t = 0; t < i; t++) {
          tags.append("array", (long) t);
        }
        w.write(g);
      }
    }
    Map<String, List<Object>> v = readAll(ImportFile.local(p, "legacy.parquet").open(schema, ImportOptions.DEFAULTS),
        new ArrayList<>());
    assertThat(v.get("vec")).containsExactly(new float[] {0, 0.5f}, new float[] {1, 1.5f}, new float[] {2, 2.5f});
    assertThat(v.get("tags")).containsExactly(List.of(), List.of(0L), List.of(0L, 1L));
  }
}
