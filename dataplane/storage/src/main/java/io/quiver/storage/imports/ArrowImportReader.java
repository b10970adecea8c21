package io.quiver.storage.imports;

import io.quiver.engine.schema.CollectionSchema;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ViewVarCharVector;
import org.apache.arrow.vector.complex.BaseListVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Reads an Arrow IPC file (random-access format, {@code ARROW1} magic) or stream, told apart by
 * the first bytes. One column per field, matched by name. Column types: Bool; signed and unsigned
 * integers of any width; Float32, Float64; Utf8, LargeUtf8 and Utf8View as strings (JSON fields
 * and {@code $meta} as JSON text); List, LargeList and FixedSizeList of those for Array and
 * FloatVector fields (lists of Float32 read without boxing). Dictionary-encoded and other
 * columns reject the file when it is opened, naming the column. Holds one record batch at a time.
 */
final class ArrowImportReader extends BufferedImportReader {

  private static final byte[] FILE_MAGIC = "ARROW1".getBytes(StandardCharsets.US_ASCII);

  private final FileChannel channel;
  private final BufferAllocator allocator;
  private final ArrowReader reader;
  private final List<ArrowBlock> blocks;
  private final ColumnMapping mapping;
  private final BatchBuilder builder;
  private final Cell[] cells;
  private final VectorSchemaRoot root;

  private int blockIndex;
  private int batchRow;
  private int batchRows;
  private long row;

  ArrowImportReader(Path path, String file, CollectionSchema schema, ImportOptions options) {
    super(file);
    BufferAllocator alloc = null;
    FileChannel ch = null;
    try {
      ch = FileChannel.open(path, StandardOpenOption.READ);
      this.totalBytes = ch.size();
      boolean fileFormat = startsWithMagic(ch);
      alloc = new RootAllocator();
      if (fileFormat) {
        ArrowFileReader r = new ArrowFileReader(ch, alloc);
        this.blocks = r.getRecordBlocks();
        this.reader = r;
      } else {
        this.blocks = null;
        this.reader = new ArrowStreamReader(ch, alloc);
      }
      this.root = reader.getVectorSchemaRoot();
      List<String> names = new ArrayList<>();
      for (Field f : root.getSchema().getFields()) {
        names.add(f.getName());
        if (f.getDictionary() != null) {
          throw ImportException.atField(file, f.getName(), "dictionary-encoded Arrow columns are not supported");
        }
      }
      this.mapping = new ColumnMapping(file, schema, options, names);
      this.builder = mapping.builder;
      this.cells = new Cell[names.size()];
      for (int i = 0; i < cells.length; i++) {
        cells[i] = cellReader(file, root.getSchema().getFields().get(i), 0);
      }
    } catch (ImportException e) {
      closeAll(ch, alloc);
      throw e;
    } catch (IOException | RuntimeException e) {
      closeAll(ch, alloc);
      throw ImportException.ofFile(file, "not a readable Arrow IPC file or stream: " + e.getMessage(), e);
    }
    this.channel = ch;
    this.allocator = alloc;
  }

  private static boolean startsWithMagic(FileChannel ch) throws IOException {
    ByteBuffer head = ByteBuffer.allocate(FILE_MAGIC.length);
    while (head.hasRemaining() && ch.read(head, head.position()) > 0) {
      // keep reading
    }
    return !head.hasRemaining() && java.util.Arrays.equals(head.array(), FILE_MAGIC);
  }

  private void closeAll(FileChannel ch, BufferAllocator alloc) {
    try {
      if (reader != null) {
        reader.close();
      }
    } catch (IOException | RuntimeException e) {
      // closing after a failure
    }
    try {
      if (ch != null) {
        ch.close();
      }
    } catch (IOException e) {
      // closing after a failure
    }
    if (alloc != null) {
      alloc.close();
    }
  }

  /** Reads the value of one row of a column: a source value for {@link ImportValues}. */
  private interface Cell {
    Object get(FieldVector v, int index);
  }

  private static Cell cellReader(String file, Field field, int depth) {
    var type = field.getType();
    return switch (type.getTypeID()) {
      case Bool -> (v, i) -> v.isNull(i) ? null : ((BitVector) v).get(i) != 0;
      case Int -> (v, i) -> {
        if (v.isNull(i)) {
          return null;
        }
        return switch (v) {
          case UInt1Vector u -> (long) u.getValueAsLong(i);
          case UInt2Vector u -> (long) u.get(i);
          case UInt4Vector u -> u.getValueAsLong(i);
          case UInt8Vector u -> {
            long x = u.get(i);
            yield x < 0 ? new java.math.BigInteger(Long.toUnsignedString(x)) : (Object) x;
          }
          default -> ((BaseIntVector) v).getValueAsLong(i);
        };
      };
      case FloatingPoint -> switch (((org.apache.arrow.vector.types.pojo.ArrowType.FloatingPoint) type).getPrecision()) {
        case SINGLE -> (v, i) -> v.isNull(i) ? null : ((Float4Vector) v).get(i);
        case DOUBLE -> (v, i) -> v.isNull(i) ? null : ((Float8Vector) v).get(i);
        default -> throw unsupported(file, field, "half-precision floats");
      };
      case Utf8 -> (v, i) -> v.isNull(i) ? null : new String(((VarCharVector) v).get(i), StandardCharsets.UTF_8);
      case LargeUtf8 -> (v, i) -> v.isNull(i) ? null : new String(((LargeVarCharVector) v).get(i), StandardCharsets.UTF_8);
      case Utf8View -> (v, i) -> v.isNull(i) ? null : new String(((ViewVarCharVector) v).get(i), StandardCharsets.UTF_8);
      case List, LargeList, FixedSizeList -> {
        if (depth > 0) {
          throw unsupported(file, field, "nested lists");
        }
        Field child = field.getChildren().get(0);
        Cell element = cellReader(file, child, depth + 1);
        boolean floats = child.getType() instanceof org.apache.arrow.vector.types.pojo.ArrowType.FloatingPoint fp
            && fp.getPrecision() == org.apache.arrow.vector.types.FloatingPointPrecision.SINGLE;
        yield (v, i) -> listValue((BaseListVector) v, i, element, floats);
      }
      default -> throw unsupported(file, field, "type " + type);
    };
  }

  private static Object listValue(BaseListVector v, int i, Cell element, boolean floats) {
    if (v.isNull(i)) {
      return null;
    }
    long start;
    long end;
    FieldVector items;
    switch (v) {
      case ListVector l -> {
        start = l.getElementStartIndex(i);
        end = l.getElementEndIndex(i);
        items = l.getDataVector();
      }
      case LargeListVector l -> {
        start = l.getElementStartIndex(i);
        end = l.getElementEndIndex(i);
        items = l.getDataVector();
      }
      case FixedSizeListVector l -> {
        start = (long) i * l.getListSize();
        end = start + l.getListSize();
        items = l.getDataVector();
      }
      default -> throw new IllegalStateException("unexpected list vector " + v.getClass());
    }
    int n = Math.toIntExact(end - start);
    if (floats && items.getNullCount() == 0) {
      float[] out = new float[n];
      Float4Vector f = (Float4Vector) items;
      for (int k = 0; k < n; k++) {
        out[k] = f.get(Math.toIntExact(start + k));
      }
      return out;
    }
    List<Object> out = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      out.add(element.get(items, Math.toIntExact(start + k)));
    }
    return out;
  }

  private static ImportException unsupported(String file, Field field, String what) {
    return ImportException.atField(file, field.getName(), "Arrow column type not supported: " + what);
  }

  /** Loads the next record batch; false at the end. */
  private boolean loadBatch() {
    try {
      while (true) {
        boolean loaded;
        if (blocks != null) {
          if (blockIndex == blocks.size()) {
            return false;
          }
          ArrowBlock b = blocks.get(blockIndex++);
          loaded = ((ArrowFileReader) reader).loadRecordBatch(b);
          bytesRead = b.getOffset() + b.getMetadataLength() + b.getBodyLength();
        } else {
          loaded = reader.loadNextBatch();
          bytesRead = ((ArrowStreamReader) reader).bytesRead();
        }
        if (!loaded) {
          return false;
        }
        batchRows = root.getRowCount();
        batchRow = 0;
        if (batchRows > 0) {
          return true;
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new ImportException(file, row, null, "corrupt Arrow data: " + e.getMessage(), e);
    }
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
      if (batchRow == batchRows && !loadBatch()) {
        ended = true;
        bytesRead = totalBytes;
        break;
      }
      List<FieldVector> vectors = root.getFieldVectors();
      builder.startRow(row);
      for (int c = 0; c < cells.length; c++) {
        Object value;
        try {
          value = cells[c].get(vectors.get(c), batchRow);
        } catch (RuntimeException e) {
          throw new ImportException(file, row, mapping.names.get(c), "corrupt Arrow data: " + e.getMessage(), e);
        }
        mapping.put(c, value);
      }
      builder.endRow();
      batchRow++;
      row++;
    }
    if (builder.rows() > 0) {
      pending = builder.finish();
    }
    return pending != null;
  }

  @Override
  public void close() {
    closeAll(channel, allocator);
  }
}
