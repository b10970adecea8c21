package io.quiver.storage.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.quiver.engine.schema.CollectionSchema;
import io.quiver.engine.schema.DataType;
import io.quiver.engine.schema.FieldSchema;
import io.quiver.engine.schema.SchemaBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.ArrowWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * Schemas and file writers for the import tests. A file is described by columns (name and {@link
 * Kind}) and rows (column name to value: Boolean, Number, String, List, float[], a JsonNode for
 * JSON files, or null / absent); each writer turns that into its format with the libraries the
 * readers use.
 */
final class ImportFixtures {

  private ImportFixtures() {}

  /** Column kinds of the test files. */
  enum Kind {
    BOOL, INT8, INT16, INT32, INT64, FLOAT, DOUBLE, STRING, LIST_INT32, LIST_INT64, LIST_STRING, LIST_FLOAT, LIST_DOUBLE
  }

  record Column(String name, Kind kind, boolean required) {
    static Column of(String name, Kind kind) {
      return new Column(name, kind, false);
    }
  }

  /** The formats a test file can be written in. */
  enum FileKind {
    PARQUET(".parquet"), JSON(".json"), JSON_ARRAY(".json"), ARROW_FILE(".arrow"), ARROW_STREAM(".arrows");

    final String suffix;

    FileKind(String suffix) {
      this.suffix = suffix;
    }

    boolean columnar() {
      return this != JSON && this != JSON_ARRAY;
    }
  }

  static FieldSchema field(String name, DataType type, Map<String, String> params) {
    return new FieldSchema(0, name, "", type, DataType.NONE, false, false, false, null, false, false, false, 0, 0, 0,
        params);
  }

  static FieldSchema pk(String name, boolean autoId) {
    return new FieldSchema(0, name, "", DataType.INT64, DataType.NONE, true, autoId, false, null, false, false, false,
        0, 0, 0, Map.of());
  }

  static FieldSchema array(String name, DataType element, Map<String, String> params) {
    return new FieldSchema(0, name, "", DataType.ARRAY, element, false, false, false, null, false, false, false, 0, 0,
        0, params);
  }

  static FieldSchema nullable(FieldSchema f) {
    return new FieldSchema(f.id(), f.name(), "", f.type(), f.elementType(), false, false, true, f.defaultValue(), false,
        false, false, 0, 0, 0, f.typeParams());
  }

  static FieldSchema withDefault(FieldSchema f, Object value) {
    return new FieldSchema(f.id(), f.name(), "", f.type(), f.elementType(), false, false, f.nullable(), value, false,
        false, false, 0, 0, 0, f.typeParams());
  }

  static final int DIM = 4;

  /** Every importable type, a nullable field, a field with a default, dynamic field enabled. */
  static CollectionSchema allTypes(boolean dynamic) {
    List<FieldSchema> fields = List.of(
        pk("id", false),
        field("b", DataType.BOOL, Map.of()),
        field("i8", DataType.INT8, Map.of()),
        field("i16", DataType.INT16, Map.of()),
        field("i32", DataType.INT32, Map.of()),
        field("i64", DataType.INT64, Map.of()),
        field("f", DataType.FLOAT, Map.of()),
        field("d", DataType.DOUBLE, Map.of()),
        field("s", DataType.VARCHAR, Map.of("max_length", "8")),
        field("j", DataType.JSON, Map.of()),
        array("ai", DataType.INT32, Map.of("max_capacity", "3")),
        array("al", DataType.INT64, Map.of("max_capacity", "3")),
        array("as", DataType.VARCHAR, Map.of("max_capacity", "3", "max_length", "5")),
        array("af", DataType.FLOAT, Map.of("max_capacity", "3")),
        array("ad", DataType.DOUBLE, Map.of("max_capacity", "3")),
        field("vec", DataType.FLOAT_VECTOR, Map.of("dim", Integer.toString(DIM))),
        nullable(field("n", DataType.INT32, Map.of())),
        withDefault(field("dflt", DataType.VARCHAR, Map.of("max_length", "8")), "dv"),
        nullable(withDefault(field("nd", DataType.DOUBLE, Map.of()), 2.5)));
    return SchemaBuilder.build("import test", fields, dynamic);
  }

  /** The columns of {@link #allTypes}, plus an extra column and a $meta column. */
  static List<Column> allTypesColumns() {
    return List.of(
        new Column("id", Kind.INT64, false),
        Column.of("b", Kind.BOOL),
        Column.of("i8", Kind.INT8),
        Column.of("i16", Kind.INT16),
        Column.of("i32", Kind.INT32),
        Column.of("i64", Kind.INT64),
        Column.of("f", Kind.FLOAT),
        Column.of("d", Kind.DOUBLE),
        Column.of("s", Kind.STRING),
        Column.of("j", Kind.STRING),
        Column.of("ai", Kind.LIST_INT32),
        Column.of("al", Kind.LIST_INT64),
        Column.of("as", Kind.LIST_STRING),
        Column.of("af", Kind.LIST_FLOAT),
        Column.of("ad", Kind.LIST_DOUBLE),
        Column.of("vec", Kind.LIST_FLOAT),
        Column.of("n", Kind.INT32),
        Column.of("dflt", Kind.STRING),
        Column.of("nd", Kind.DOUBLE),
        Column.of("color", Kind.STRING),
        Column.of("$meta", Kind.STRING));
  }

  static Map<String, Object> row(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  static Path write(FileKind kind, Path dir, String name, List<Column> columns, List<Map<String, Object>> rows)
      throws IOException {
    Path p = dir.resolve(name + kind.suffix);
    switch (kind) {
      case PARQUET -> writeParquet(p, columns, rows, CompressionCodecName.SNAPPY, 1 << 20);
      case JSON -> writeJson(p, rows, true);
      case JSON_ARRAY -> writeJson(p, rows, false);
      case ARROW_FILE -> writeArrow(p, columns, rows, true, 3);
      case ARROW_STREAM -> writeArrow(p, columns, rows, false, 3);
    }
    return p;
  }

  // ---------------------------------------------------------------------------------------------
  // JSON

  static void writeJson(Path p, List<Map<String, Object>> rows, boolean wrapped) throws IOException {
    try (OutputStream out = Files.newOutputStream(p);
        var gen = JsonImportReader.FILE_MAPPER.createGenerator(out)) {
      // NaN and Infinity as bare tokens, as Python's json module writes them
      gen.disable(com.fasterxml.jackson.core.json.JsonWriteFeature.WRITE_NAN_AS_STRINGS.mappedFeature());
      if (wrapped) {
        gen.writeStartObject();
        gen.writeFieldName("rows");
      }
      gen.writeStartArray();
      for (Map<String, Object> r : rows) {
        gen.writeStartObject();
        for (var e : r.entrySet()) {
          gen.writeFieldName(e.getKey());
          JsonImportReader.FILE_MAPPER.writeValue(gen, e.getValue());
        }
        gen.writeEndObject();
        gen.writeRaw('\n');
      }
      gen.writeEndArray();
      if (wrapped) {
        gen.writeEndObject();
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Parquet

  static MessageType parquetSchema(List<Column> columns) {
    Types.MessageTypeBuilder b = Types.buildMessage();
    for (Column c : columns) {
      Type.Repetition rep = c.required() ? Type.Repetition.REQUIRED : Type.Repetition.OPTIONAL;
      switch (c.kind()) {
        case BOOL -> b.primitive(PrimitiveTypeName.BOOLEAN, rep).named(c.name());
        case INT8 -> b.primitive(PrimitiveTypeName.INT32, rep).as(LogicalTypeAnnotation.intType(8, true)).named(c.name());
        case INT16 -> b.primitive(PrimitiveTypeName.INT32, rep).as(LogicalTypeAnnotation.intType(16, true)).named(c.name());
        case INT32 -> b.primitive(PrimitiveTypeName.INT32, rep).named(c.name());
        case INT64 -> b.primitive(PrimitiveTypeName.INT64, rep).named(c.name());
        case FLOAT -> b.primitive(PrimitiveTypeName.FLOAT, rep).named(c.name());
        case DOUBLE -> b.primitive(PrimitiveTypeName.DOUBLE, rep).named(c.name());
        case STRING -> b.primitive(PrimitiveTypeName.BINARY, rep).as(LogicalTypeAnnotation.stringType()).named(c.name());
        default -> b.addField(Types.list(rep).optionalElement(elementName(c.kind()))
            .as(c.kind() == Kind.LIST_STRING ? LogicalTypeAnnotation.stringType() : null).named(c.name()));
      }
    }
    return b.named("rows");
  }

  private static PrimitiveTypeName elementName(Kind k) {
    return switch (k) {
      case LIST_INT32 -> PrimitiveTypeName.INT32;
      case LIST_INT64 -> PrimitiveTypeName.INT64;
      case LIST_STRING -> PrimitiveTypeName.BINARY;
      case LIST_FLOAT -> PrimitiveTypeName.FLOAT;
      case LIST_DOUBLE -> PrimitiveTypeName.DOUBLE;
      default -> throw new IllegalArgumentException(k.name());
    };
  }

  static void writeParquet(Path p, List<Column> columns, List<Map<String, Object>> rows, CompressionCodecName codec,
      int rowGroupBytes) throws IOException {
    writeParquet(p, parquetSchema(columns), columns, rows, codec, rowGroupBytes);
  }

  static void writeParquet(Path p, MessageType schema, List<Column> columns, List<Map<String, Object>> rows,
      CompressionCodecName codec, int rowGroupBytes) throws IOException {
    Files.deleteIfExists(p);
    SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(p))
        .withConf(new PlainParquetConfiguration())
        .withType(schema)
        .withCodecFactory(ParquetCodecs.INSTANCE)
        .withCompressionCodec(codec)
        .withRowGroupSize((long) rowGroupBytes)
        .withPageSize(64 << 10)
        .build()) {
      for (Map<String, Object> r : rows) {
        Group g = groups.newGroup();
        for (Column c : columns) {
          Object v = r.get(c.name());
          if (v == null) {
            continue;
          }
          switch (c.kind()) {
            case LIST_INT32, LIST_INT64, LIST_STRING, LIST_FLOAT, LIST_DOUBLE -> {
              Group list = g.addGroup(c.name());
              for (Object e : asList(v)) {
                Group item = list.addGroup(0);
                if (e != null) {
                  appendValue(item, "element", elementKind(c.kind()), e);
                }
              }
            }
            default -> appendValue(g, c.name(), c.kind(), v);
          }
        }
        w.write(g);
      }
    }
  }

  private static Kind elementKind(Kind k) {
    return switch (k) {
      case LIST_INT32 -> Kind.INT32;
      case LIST_INT64 -> Kind.INT64;
      case LIST_STRING -> Kind.STRING;
      case LIST_FLOAT -> Kind.FLOAT;
      case LIST_DOUBLE -> Kind.DOUBLE;
      default -> k;
    };
  }

  private static void appendValue(Group g, String name, Kind kind, Object v) {
    switch (kind) {
      case BOOL -> g.append(name, (Boolean) v);
      case INT8, INT16, INT32 -> g.append(name, ((Number) v).intValue());
      case INT64 -> g.append(name, ((Number) v).longValue());
      case FLOAT -> g.append(name, ((Number) v).floatValue());
      case DOUBLE -> g.append(name, ((Number) v).doubleValue());
      case STRING -> g.append(name, text(v));
      default -> throw new IllegalArgumentException(kind.name());
    }
  }

  static String text(Object v) {
    return v instanceof JsonNode n ? (n.isTextual() ? n.textValue() : n.toString()) : v.toString();
  }

  static List<Object> asList(Object v) {
    if (v instanceof float[] a) {
      List<Object> out = new ArrayList<>(a.length);
      for (float x : a) {
        out.add(x);
      }
      return out;
    }
    @SuppressWarnings("unchecked")
    List<Object> l = (List<Object>) v;
    return l;
  }

  // ---------------------------------------------------------------------------------------------
  // Arrow

  static Field arrowField(Column c) {
    FieldType ft = c.required() ? FieldType.notNullable(arrowType(c.kind())) : FieldType.nullable(arrowType(c.kind()));
    return switch (c.kind()) {
      case LIST_INT32, LIST_INT64, LIST_STRING, LIST_FLOAT, LIST_DOUBLE ->
          new Field(c.name(), ft, List.of(new Field("item", FieldType.nullable(arrowType(elementKind(c.kind()))), null)));
      default -> new Field(c.name(), ft, null);
    };
  }

  private static ArrowType arrowType(Kind k) {
    return switch (k) {
      case BOOL -> ArrowType.Bool.INSTANCE;
      case INT8 -> new ArrowType.Int(8, true);
      case INT16 -> new ArrowType.Int(16, true);
      case INT32 -> new ArrowType.Int(32, true);
      case INT64 -> new ArrowType.Int(64, true);
      case FLOAT -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
      case DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case STRING -> ArrowType.Utf8.INSTANCE;
      default -> ArrowType.List.INSTANCE;
    };
  }

  static void writeArrow(Path p, List<Column> columns, List<Map<String, Object>> rows, boolean fileFormat,
      int rowsPerBatch) throws IOException {
    List<Field> fields = columns.stream().map(ImportFixtures::arrowField).toList();
    writeArrow(p, new Schema(fields), columns, rows, fileFormat, rowsPerBatch);
  }

  static void writeArrow(Path p, Schema schema, List<Column> columns, List<Map<String, Object>> rows,
      boolean fileFormat, int rowsPerBatch) throws IOException {
    try (BufferAllocator alloc = new RootAllocator();
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, alloc);
        FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);
        ArrowWriter w = fileFormat ? new ArrowFileWriter(root, null, ch)
            : new ArrowStreamWriter(root, null, Channels.newOutputStream(ch))) {
      w.start();
      for (int from = 0; from < rows.size(); from += rowsPerBatch) {
        int n = Math.min(rowsPerBatch, rows.size() - from);
        root.allocateNew();
        for (int c = 0; c < columns.size(); c++) {
          FieldVector v = root.getVector(c);
          for (int i = 0; i < n; i++) {
            setArrow(v, i, rows.get(from + i).get(columns.get(c).name()));
          }
          v.setValueCount(n);
        }
        root.setRowCount(n);
        w.writeBatch();
      }
      w.end();
    }
  }

  private static void setArrow(FieldVector v, int i, Object value) {
    if (value == null) {
      if (v instanceof ListVector l) {
        l.setNull(i);
      } else if (v instanceof FixedSizeListVector l) {
        l.setNull(i);
      } else {
        v.setNull(i);
      }
      return;
    }
    switch (v) {
      case BitVector b -> b.setSafe(i, (Boolean) value ? 1 : 0);
      case TinyIntVector t -> t.setSafe(i, ((Number) value).byteValue());
      case SmallIntVector t -> t.setSafe(i, ((Number) value).shortValue());
      case IntVector t -> t.setSafe(i, ((Number) value).intValue());
      case BigIntVector t -> t.setSafe(i, ((Number) value).longValue());
      case Float4Vector t -> t.setSafe(i, ((Number) value).floatValue());
      case Float8Vector t -> t.setSafe(i, ((Number) value).doubleValue());
      case VarCharVector t -> t.setSafe(i, text(value).getBytes(StandardCharsets.UTF_8));
      case ListVector l -> {
        List<Object> items = asList(value);
        int start = l.startNewValue(i);
        FieldVector data = l.getDataVector();
        for (int k = 0; k < items.size(); k++) {
          setArrow(data, start + k, items.get(k));
        }
        data.setValueCount(start + items.size());
        l.endValue(i, items.size());
      }
      default -> throw new IllegalArgumentException(v.getClass().getName());
    }
  }

  static JsonNode textNode(String s) {
    return TextNode.valueOf(s);
  }
}
