package io.quiver.storage.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quiver.engine.schema.CollectionSchema;
import io.quiver.engine.schema.DataType;
import io.quiver.engine.schema.SchemaBuilder;
import io.quiver.engine.segment.ColumnData;
import io.quiver.storage.imports.ImportFixtures.Column;
import io.quiver.storage.imports.ImportFixtures.Kind;
import io.quiver.storage.object.LocalObjectStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4, done-when 6 (reader side): a 100,000-row Parquet file and a 100,000-row JSON file are
 * fetched from the object store, validated and read completely with progress, every value checked
 * against the generator through per-column checksums and spot checks.
 */
class LargeImportIT {

  static final int ROWS = 100_000;

  @TempDir
  Path dir;

  static CollectionSchema schema(int dim) {
    return SchemaBuilder.build("large", List.of(
        ImportFixtures.pk("id", false),
        ImportFixtures.field("vec", DataType.FLOAT_VECTOR, Map.of("dim", Integer.toString(dim))),
        ImportFixtures.field("s", DataType.VARCHAR, Map.of("max_length", "64")),
        ImportFixtures.field("i32", DataType.INT32, Map.of()),
        ImportFixtures.field("d", DataType.DOUBLE, Map.of()),
        ImportFixtures.array("tags", DataType.INT64, Map.of("max_capacity", "8")),
        ImportFixtures.field("j", DataType.JSON, Map.of()),
        ImportFixtures.nullable(ImportFixtures.field("opt", DataType.INT64, Map.of()))), true);
  }

  static float vec(long i, int k) {
    return ((i * 31 + k) % 1000) / 1000f - 0.5f;
  }

  static Map<String, Object> row(long i, int dim) {
    float[] v = new float[dim];
    for (int k = 0; k < dim; k++) {
      v[k] = vec(i, k);
    }
    List<Long> tags = new ArrayList<>();
    for (int t = 0; t < i % 4; t++) {
      tags.add(i + t);
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", i);
    r.put("vec", v);
    r.put("s", "row-" + i);
    r.put("i32", (int) (i * 7 - 3));
    r.put("d", i / 3.0);
    r.put("tags", tags);
    r.put("j", ImportFixtures.textNode("{\"i\":" + i + "}"));
    r.put("opt", i % 5 == 0 ? null : i);
    r.put("cat", "c" + (i % 10));
    return r;
  }

  /** Order-sensitive checksums of every column, from the generator or from read batches. */
  static final class Sums {
    long ids;
    double vecs;
    long vecBits;
    long strings;
    long ints;
    double doubles;
    long tags;
    long json;
    long nulls;
    long meta;

    void add(long i, int dim) {
      Map<String, Object> r = row(i, dim);
      ids = ids * 31 + i;
      for (float x : (float[]) r.get("vec")) {
        vecs += x;
        vecBits = vecBits * 31 + Float.floatToIntBits(x);
      }
      strings = strings * 31 + r.get("s").hashCode();
      ints = ints * 31 + (Integer) r.get("i32");
      doubles += (Double) r.get("d");
      tags = tags * 31 + r.get("tags").hashCode();
      json = json * 31 + i;
      nulls += r.get("opt") == null ? 1 : 0;
      meta = meta * 31 + r.get("cat").hashCode();
    }

    void add(ImportBatch b, CollectionSchema schema) {
      ColumnData id = b.columns().get(schema.field("id").id());
      ColumnData vec = b.columns().get(schema.field("vec").id());
      ColumnData s = b.columns().get(schema.field("s").id());
      ColumnData i32 = b.columns().get(schema.field("i32").id());
      ColumnData d = b.columns().get(schema.field("d").id());
      ColumnData tg = b.columns().get(schema.field("tags").id());
      ColumnData j = b.columns().get(schema.field("j").id());
      ColumnData opt = b.columns().get(schema.field("opt").id());
      ColumnData m = b.columns().get(schema.dynamicField().id());
      float[] vecs = (float[]) vec.values();
      for (int r = 0; r < b.rows(); r++) {
        long i = ((long[]) id.values())[r];
        ids = ids * 31 + i;
        int dim = vec.field().dim();
        for (int k = 0; k < dim; k++) {
          float x = vecs[r * dim + k];
          this.vecs += x;
          vecBits = vecBits * 31 + Float.floatToIntBits(x);
        }
        strings = strings * 31 + ((String[]) s.values())[r].hashCode();
        ints = ints * 31 + ((int[]) i32.values())[r];
        doubles += ((double[]) d.values())[r];
        tags = tags * 31 + tg.get(r).hashCode();
        json = json * 31 + ((JsonNode) j.get(r)).get("i").longValue();
        nulls += opt.isNull(r) ? 1 : 0;
        meta = meta * 31 + ((JsonNode) m.get(r)).get("cat").textValue().hashCode();
      }
    }

    List<Object> all() {
      return List.of(ids, vecs, vecBits, strings, ints, doubles, tags, json, nulls, meta);
    }
  }

  static final List<Column> COLUMNS = List.of(Column.of("id", Kind.INT64), Column.of("vec", Kind.LIST_FLOAT),
      Column.of("s", Kind.STRING), Column.of("i32", Kind.INT32), Column.of("d", Kind.DOUBLE),
      Column.of("tags", Kind.LIST_INT64), Column.of("j", Kind.STRING), Column.of("opt", Kind.INT64),
      Column.of("cat", Kind.STRING));

  @Test
  void parquetHundredThousandRows() throws Exception {
    int dim = 128;
    Path src = dir.resolve("rows.parquet");
    List<Map<String, Object>> rows = new ArrayList<>(ROWS);
    for (long i = 0; i < ROWS; i++) {
      rows.add(row(i, dim));
    }
    ImportFixtures.writeParquet(src, COLUMNS, rows, CompressionCodecName.ZSTD, 8 << 20);
    rows = null;
    readAndCheck(src, "bulk/rows.parquet", dim, true);
  }

  @Test
  void jsonHundredThousandRows() throws Exception {
    int dim = 32;
    Path src = dir.resolve("rows.json");
    try (OutputStream out = Files.newOutputStream(src);
        var gen = JsonImportReader.FILE_MAPPER.createGenerator(out)) {
      gen.writeStartObject();
      gen.writeFieldName("rows");
      gen.writeStartArray();
      for (long i = 0; i < ROWS; i++) {
        Map<String, Object> r = row(i, dim);
        r.put("j", ImportTypesTest.json(ImportFixtures.text(r.get("j")))); // JSON fields as objects here
        JsonImportReader.FILE_MAPPER.writeValue(gen, r);
      }
      gen.writeEndArray();
      gen.writeEndObject();
    }
    readAndCheck(src, "bulk/rows.json", dim, false);
  }

  private void readAndCheck(Path src, String key, int dim, boolean totalKnown) throws Exception {
    CollectionSchema schema = schema(dim);
    Sums expected = new Sums();
    for (long i = 0; i < ROWS; i++) {
      expected.add(i, dim);
    }
    try (LocalObjectStore store = new LocalObjectStore(dir.resolve("objects"))) {
      store.put(key, src);
      try (ImportFile file = ImportFile.fetch(store, key, dir.resolve("tmp"))) {
        ImportOptions options = ImportOptions.DEFAULTS.withBatchSize(8192);
        List<ImportProgress> progress = new ArrayList<>();
        ImportValidator.Summary summary = ImportValidator.validateAll(file.open(schema, options), progress::add);
        assertThat(summary.rows()).isEqualTo(ROWS);
        assertThat(summary.bytes()).isEqualTo(Files.size(src));
        assertProgress(progress, totalKnown);

        Sums actual = new Sums();
        long next = 0;
        try (ImportReader reader = file.open(schema, options)) {
          assertThat(reader.totalRows()).isEqualTo(totalKnown ? ROWS : -1);
          while (reader.hasNext()) {
            ImportBatch b = reader.next();
            assertThat(b.firstRow()).isEqualTo(next);
            next += b.rows();
            actual.add(b, schema);
            if (b.firstRow() <= 12_345 && 12_345 < b.firstRow() + b.rows()) {
              int r = (int) (12_345 - b.firstRow());
              ColumnData vec = b.columns().get(schema.field("vec").id());
              assertThat((float[]) vec.get(r)).isEqualTo(row(12_345, dim).get("vec"));
              assertThat(b.columns().get(schema.field("s").id()).get(r)).isEqualTo("row-12345");
              assertThat(b.columns().get(schema.field("opt").id()).get(r)).isNull();
              assertThat(b.columns().get(schema.field("tags").id()).get(r)).isEqualTo(List.of(12_345L));
            }
          }
          assertThat(reader.progress()).isEqualTo(new ImportProgress(ROWS, ROWS, Files.size(src), Files.size(src)));
        }
        assertThat(next).isEqualTo(ROWS);
        assertThat(actual.all()).isEqualTo(expected.all());
      }
    }
  }

  private static void assertProgress(List<ImportProgress> progress, boolean totalKnown) {
    assertThat(progress).hasSize((ROWS + 8191) / 8192);
    ImportProgress prev = new ImportProgress(0, -1, 0, 0);
    for (ImportProgress p : progress) {
      assertThat(p.rowsRead()).isGreaterThan(prev.rowsRead());
      assertThat(p.bytesRead()).isGreaterThanOrEqualTo(prev.bytesRead()).isLessThanOrEqualTo(p.totalBytes());
      assertThat(p.fraction()).isGreaterThanOrEqualTo(prev.fraction() < 0 ? 0 : 0).isBetween(0.0, 1.0);
      if (totalKnown) {
        assertThat(p.totalRows()).isEqualTo(ROWS);
      }
      prev = p;
    }
    // bytes advance while reading, not only at the end
    assertThat(progress.get(progress.size() / 2).bytesRead()).isPositive()
        .isLessThan(progress.getLast().totalBytes());
    assertThat(progress.getLast().fraction()).isEqualTo(1.0);
  }
}
