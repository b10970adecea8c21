package io.quiver.storage.imports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import io.quiver.engine.schema.CollectionSchema;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Reads a Parquet file: one column per field, matched by name. Column types:
 *
 * <ul>
 *   <li>BOOLEAN; INT32 (also with INT(8|16|32) or UINT(8|16|32) annotations) and INT64 as
 *       integers; FLOAT, DOUBLE; BINARY with STRING, JSON, ENUM or no annotation as strings
 *       (JSON fields and {@code $meta} as JSON text);
 *   <li>lists: the standard three-level {@code LIST} layout, the legacy two-level one, or a
 *       repeated primitive column, of the primitives above, for Array and FloatVector fields
 *       ({@code list<float>} is read without boxing).
 * </ul>
 *
 * Other layouts (maps, structs, nested lists, INT96, decimals, fixed-length binaries) reject the
 * file when it is opened, naming the column. Rows are assembled with parquet-java's record
 * reader, one row group at a time (the memory a row group needs, plus one batch).
 */
final class ParquetImportReader extends BufferedImportReader {

  private final Path path;
  private final ParquetFileReader reader;
  private final ColumnMapping mapping;
  private final BatchBuilder builder;
  private final MessageColumnIO columnIo;
  private final RowMaterializer materializer;
  private final long totalRows;
  private final List<BlockMetaData> groups;

  private RecordReader<Object[]> records;
  private long groupRowsLeft;
  private int groupIndex;
  private long row;

  ParquetImportReader(Path path, String file, CollectionSchema schema, ImportOptions options) {
    super(file);
    this.path = path;
    try {
      this.totalBytes = Files.size(path);
      this.reader = ParquetFiles.open(path);
    } catch (IOException | RuntimeException e) {
      throw ImportException.ofFile(file, "not a readable Parquet file: " + clean(e), e);
    }
    try {
      MessageType fileSchema = reader.getFooter().getFileMetaData().getSchema();
      this.groups = reader.getRowGroups();
      for (BlockMetaData g : groups) {
        for (ColumnChunkMetaData c : g.getColumns()) {
          if (!ParquetCodecs.supported(c.getCodec())) {
            throw ImportException.atField(file, c.getPath().toDotString(), "compression codec " + c.getCodec()
                + " is not supported (SNAPPY, ZSTD, GZIP, LZ4_RAW and uncompressed are)");
          }
        }
      }
      List<String> names = new ArrayList<>();
      for (Type t : fileSchema.getFields()) {
        names.add(t.getName());
      }
      this.mapping = new ColumnMapping(file, schema, options, names);
      this.builder = mapping.builder;
      this.materializer = new RowMaterializer(file, fileSchema);
      this.columnIo = new ColumnIOFactory().getColumnIO(fileSchema);
      this.totalRows = reader.getRecordCount();
    } catch (RuntimeException e) {
      closeQuietly();
      throw e;
    }
  }

  /** The exception's message without the local path of the file. */
  private String clean(Throwable e) {
    String msg = String.valueOf(e.getMessage());
    return msg.replace(path.toString(), file).replace(path.toUri().toString(), file);
  }

  private Object[] nextRecord() {
    try {
      while (groupRowsLeft == 0) {
        PageReadStore pages = reader.readNextRowGroup();
        if (pages == null) {
          return null;
        }
        records = columnIo.getRecordReader(pages, materializer);
        groupRowsLeft = pages.getRowCount();
        bytesRead = groupEnd(groups.get(groupIndex++));
      }
      groupRowsLeft--;
      return records.read();
    } catch (ImportException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new ImportException(file, row, null, "corrupt Parquet data: " + clean(e), e);
    }
  }

  private static long groupEnd(BlockMetaData g) {
    long end = 0;
    for (ColumnChunkMetaData c : g.getColumns()) {
      end = Math.max(end, c.getStartingPos() + c.getTotalSize());
    }
    return end;
  }

  @Override
  public boolean hasNext() {
    if (pending != null) {
      return true;
    }
    if (ended) {
      return false;
    }
    while (!builder.full()) {
      Object[] record = row < totalRows ? nextRecord() : null;
      if (record == null) {
        ended = true;
        bytesRead = totalBytes;
        break;
      }
      builder.startRow(row);
      for (int i = 0; i < record.length; i++) {
        mapping.put(i, record[i]);
      }
      builder.endRow();
      row++;
    }
    if (builder.rows() > 0) {
      pending = builder.finish();
    }
    return pending != null;
  }

  @Override
  public long totalRows() {
    return totalRows;
  }

  @Override
  public void close() {
    closeQuietly();
  }

  private void closeQuietly() {
    try {
      reader.close();
    } catch (IOException e) {
      // read-only file: nothing is lost
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Record assembly: one Object[] per row, a value per top-level column (see ImportValues for the
  // value types).

  /** Builds rows; checks the file's column layouts when constructed. */
  static final class RowMaterializer extends RecordMaterializer<Object[]> {

    private final RowConverter root;

    RowMaterializer(String file, MessageType schema) {
      this.root = new RowConverter(file, schema);
    }

    @Override
    public Object[] getCurrentRecord() {
      return root.current;
    }

    @Override
    public GroupConverter getRootConverter() {
      return root;
    }
  }

  private static final class RowConverter extends GroupConverter {

    private final Converter[] children;
    private final ListAcc[] repeated;
    private Object[] current;

    RowConverter(String file, MessageType schema) {
      int n = schema.getFieldCount();
      children = new Converter[n];
      repeated = new ListAcc[n];
      for (int i = 0; i < n; i++) {
        Type t = schema.getType(i);
        int slot = i;
        Consumer<Object> sink = v -> current[slot] = v;
        if (t.isRepetition(Type.Repetition.REPEATED)) {
          // A repeated top-level column is a list without a group around it.
          if (!t.isPrimitive()) {
            throw unsupported(file, t, "a repeated group");
          }
          ListAcc acc = new ListAcc(elementKind(file, t, t.asPrimitiveType()));
          repeated[i] = acc;
          children[i] = new ValueConverter(t.asPrimitiveType(), acc);
        } else if (t.isPrimitive()) {
          children[i] = new ValueConverter(checkPrimitive(file, t, t.asPrimitiveType()), new SinkTarget(sink));
        } else {
          children[i] = listConverter(file, t.asGroupType(), sink);
        }
      }
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return children[fieldIndex];
    }

    @Override
    public void start() {
      current = new Object[children.length];
      for (ListAcc acc : repeated) {
        if (acc != null) {
          acc.reset();
        }
      }
    }

    @Override
    public void end() {
      for (int i = 0; i < repeated.length; i++) {
        if (repeated[i] != null) {
          current[i] = repeated[i].result();
        }
      }
    }
  }

  private static ImportException unsupported(String file, Type column, String what) {
    return ImportException.atField(file, column.getName(), "Parquet column layout not supported: " + what
        + " (" + column.toString().replaceAll("\\s+", " ").trim() + ")");
  }

  /** Kinds of list element storage. */
  private static final int FLOATS = 1;
  private static final int OBJECTS = 2;

  private static int elementKind(String file, Type column, PrimitiveType element) {
    checkPrimitive(file, column, element);
    return element.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.FLOAT ? FLOATS : OBJECTS;
  }

  private static PrimitiveType checkPrimitive(String file, Type column, PrimitiveType p) {
    LogicalTypeAnnotation a = p.getLogicalTypeAnnotation();
    boolean ok = switch (p.getPrimitiveTypeName()) {
      case BOOLEAN, FLOAT, DOUBLE -> a == null;
      case INT32, INT64 -> a == null || a instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation;
      case BINARY -> a == null || a instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
          || a instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation
          || a instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation;
      default -> false;
    };
    if (!ok) {
      throw unsupported(file, column, "type " + p.getPrimitiveTypeName() + (a == null ? "" : " " + a));
    }
    return p;
  }

  /** A list column: a LIST-annotated group (three- or two-level) or an unannotated legacy group. */
  private static Converter listConverter(String file, GroupType g, Consumer<Object> sink) {
    LogicalTypeAnnotation a = g.getLogicalTypeAnnotation();
    if ((a != null && !(a instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation)) || g.getFieldCount() != 1) {
      throw unsupported(file, g, "a group that is not a list");
    }
    Type rep = g.getType(0);
    if (!rep.isRepetition(Type.Repetition.REPEATED)) {
      throw unsupported(file, g, "a group that is not a list");
    }
    if (rep.isPrimitive()) {
      // two-level: repeated primitive inside the list group
      ListAcc acc = new ListAcc(elementKind(file, g, rep.asPrimitiveType()));
      return new ListConverter(acc, new ValueConverter(rep.asPrimitiveType(), acc), sink);
    }
    GroupType repGroup = rep.asGroupType();
    if (repGroup.getFieldCount() != 1 || !repGroup.getType(0).isPrimitive()) {
      throw unsupported(file, g, "a list of groups or of lists");
    }
    PrimitiveType element = repGroup.getType(0).asPrimitiveType();
    ListAcc acc = new ListAcc(elementKind(file, g, element));
    return new ListConverter(acc, new ElementConverter(acc, new ValueConverter(element, acc)), sink);
  }

  /** Where a primitive value goes. */
  private interface ValueTarget {
    void add(Object v);

    default void addFloat(float v) {
      add(v);
    }
  }

  private record SinkTarget(Consumer<Object> sink) implements ValueTarget {
    @Override
    public void add(Object v) {
      sink.accept(v);
    }
  }

  /** The values of one list, floats unboxed while no element is null. */
  private static final class ListAcc implements ValueTarget {
    private final int kind;
    private float[] floats = new float[16];
    private int count;
    private List<Object> objects;

    ListAcc(int kind) {
      this.kind = kind;
    }

    void reset() {
      count = 0;
      objects = kind == OBJECTS ? new ArrayList<>() : null;
    }

    @Override
    public void add(Object v) {
      if (objects == null) {
        objects = new ArrayList<>(count + 1);
        for (int i = 0; i < count; i++) {
          objects.add(floats[i]);
        }
      }
      objects.add(v);
    }

    @Override
    public void addFloat(float v) {
      if (objects != null) {
        objects.add(v);
        return;
      }
      if (count == floats.length) {
        floats = Arrays.copyOf(floats, count * 2);
      }
      floats[count++] = v;
    }

    Object result() {
      return objects != null ? objects : Arrays.copyOf(floats, count);
    }
  }

  private static final class ListConverter extends GroupConverter {
    private final ListAcc acc;
    private final Converter child;
    private final Consumer<Object> sink;

    ListConverter(ListAcc acc, Converter child, Consumer<Object> sink) {
      this.acc = acc;
      this.child = child;
      this.sink = sink;
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return child;
    }

    @Override
    public void start() {
      acc.reset();
    }

    @Override
    public void end() {
      sink.accept(acc.result());
    }
  }

  /** The repeated group of a three-level list: one element, which may be null. */
  private static final class ElementConverter extends GroupConverter {
    private final ListAcc acc;
    private final ValueConverter value;

    ElementConverter(ListAcc acc, ValueConverter value) {
      this.acc = acc;
      this.value = value;
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return value;
    }

    @Override
    public void start() {
      value.added = false;
    }

    @Override
    public void end() {
      if (!value.added) {
        acc.add(null);
      }
    }
  }

  private static final class ValueConverter extends PrimitiveConverter {
    private final ValueTarget target;
    private final boolean unsigned;
    boolean added;

    ValueConverter(PrimitiveType type, ValueTarget target) {
      this.target = target;
      this.unsigned = type.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i
          && !i.isSigned();
    }

    @Override
    public void addBoolean(boolean value) {
      added = true;
      target.add(value);
    }

    @Override
    public void addInt(int value) {
      added = true;
      target.add(unsigned ? Integer.toUnsignedLong(value) : (long) value);
    }

    @Override
    public void addLong(long value) {
      added = true;
      target.add(unsigned && value < 0 ? new java.math.BigInteger(Long.toUnsignedString(value)) : (Object) value);
    }

    @Override
    public void addFloat(float value) {
      added = true;
      target.addFloat(value);
    }

    @Override
    public void addDouble(double value) {
      added = true;
      target.add(value);
    }

    @Override
    public void addBinary(Binary value) {
      added = true;
      target.add(value.toStringUsingUTF8());
    }
  }
}
