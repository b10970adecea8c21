package io.quiver.storage.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quiver.engine.error.QuiverException;
import io.quiver.engine.schema.CollectionSchema;
import io.quiver.engine.schema.ColumnValidator;
import io.quiver.engine.schema.FieldSchema;
import io.quiver.engine.segment.ColumnData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Collects the rows of one batch, whatever the format: values are converted as they are put
 * ({@link ImportValues}), missing and null values are resolved when a row ends, and the finished
 * columns are checked with {@link ColumnValidator}, whose batch row index is translated to the
 * file row. Not thread safe; reused for every batch of a reader.
 *
 * <p>Missing or null values: the field's default value if it has one, else null if the field is
 * nullable, else an error ("primary key is missing" for the primary key). The dynamic field gets
 * the {@code $meta} object merged with the row's keys that are not fields; {@code {}} when there
 * are none.
 */
final class BatchBuilder {

  private static final Pattern VALIDATOR_ROW = Pattern.compile(" in row (\\d+)");

  private final String file;
  private final CollectionSchema schema;
  private final FieldSchema[] targets;
  private final Map<String, Integer> targetByName = new LinkedHashMap<>();
  private final FieldSchema dynamic;
  private final int capacity;
  private final Object[][] cells;
  private final boolean[] seen;
  private final ObjectNode[] meta;

  private int rows;
  private long firstRow;
  private long row = -1;
  private ObjectNode rowMeta;

  /**
   * @param includeAutoIdKey whether an autoID primary key is a column of the batches (the file
   *     supplies it and that is allowed)
   */
  BatchBuilder(String file, CollectionSchema schema, int capacity, boolean includeAutoIdKey) {
    this.file = file;
    this.schema = schema;
    this.capacity = capacity;
    List<FieldSchema> out = new ArrayList<>();
    for (FieldSchema f : schema.fields()) {
      if (f.dynamic() || (f.primaryKey() && f.autoId() && !includeAutoIdKey)) {
        continue;
      }
      targetByName.put(f.name(), out.size());
      out.add(f);
    }
    this.targets = out.toArray(FieldSchema[]::new);
    this.dynamic = schema.dynamicField();
    this.cells = new Object[targets.length][capacity];
    this.seen = new boolean[targets.length];
    this.meta = dynamic == null ? null : new ObjectNode[capacity];
  }

  String file() {
    return file;
  }

  /** The index of field {@code name} among the batch's columns, or -1 (not a field, dynamic, or an excluded autoID key). */
  int target(String name) {
    Integer i = targetByName.get(name);
    return i == null ? -1 : i;
  }

  FieldSchema targetField(int target) {
    return targets[target];
  }

  int rows() {
    return rows;
  }

  boolean full() {
    return rows == capacity;
  }

  /** Starts file row {@code fileRow}; rows of one batch are consecutive. */
  void startRow(long fileRow) {
    if (rows == 0) {
      firstRow = fileRow;
    }
    row = fileRow;
    Arrays.fill(seen, false);
    rowMeta = null;
  }

  /** Puts the value of column {@code target} of the current row. */
  void put(int target, Object raw) {
    FieldSchema f = targets[target];
    seen[target] = true;
    if (ImportValues.isNull(raw)) {
      return;
    }
    try {
      cells[target][rows] = ImportValues.convert(f, raw);
    } catch (ImportValues.BadValue e) {
      throw ImportException.atRow(file, row, f.name(), e.getMessage());
    }
  }

  /** Puts the {@code $meta} object of the current row; the dynamic field must be enabled. */
  void putMeta(Object raw) {
    if (ImportValues.isNull(raw)) {
      return;
    }
    ObjectNode obj;
    try {
      obj = (ObjectNode) ImportValues.convert(dynamic, raw);
    } catch (ImportValues.BadValue e) {
      throw ImportException.atRow(file, row, FieldSchema.DYNAMIC_FIELD_NAME, e.getMessage());
    }
    var names = obj.fieldNames();
    while (names.hasNext()) {
      String key = names.next();
      putDynamicKey(key, obj.get(key), FieldSchema.DYNAMIC_FIELD_NAME);
    }
  }

  /**
   * Puts a key that is not a field into the current row's dynamic field (enabled). A Java null is
   * skipped (a null cell of a columnar file); a JSON null is kept.
   */
  void putExtra(String key, Object raw) {
    if (raw == null) {
      return;
    }
    JsonNode node;
    try {
      node = ImportValues.toNode(raw);
      ImportValues.requireFinite(node);
    } catch (ImportValues.BadValue e) {
      throw ImportException.atRow(file, row, key, e.getMessage());
    }
    putDynamicKey(key, node, key);
  }

  private void putDynamicKey(String key, JsonNode value, String field) {
    if (rowMeta == null) {
      rowMeta = JsonNodeFactory.instance.objectNode();
    }
    if (rowMeta.has(key)) {
      throw ImportException.atRow(file, row, field, "dynamic key '" + key + "' is given twice (in $meta and as a key of its own)");
    }
    rowMeta.set(key, value);
  }

  /** Ends the current row: resolves missing values, or throws naming the row and field. */
  void endRow() {
    for (int t = 0; t < targets.length; t++) {
      if (cells[t][rows] != null) {
        continue;
      }
      FieldSchema f = targets[t];
      if (f.hasDefault()) {
        cells[t][rows] = f.defaultValue();
      } else if (!f.nullable()) {
        String what = seen[t] ? "is null" : "is missing";
        throw ImportException.atRow(file, row, f.name(), (f.primaryKey() ? "primary key " : "value ") + what
            + (f.primaryKey() ? "" : ", and the field is not nullable and has no default value"));
      }
    }
    if (meta != null) {
      meta[rows] = rowMeta != null ? rowMeta : JsonNodeFactory.instance.objectNode();
    }
    rows++;
  }

  /** The batch of the rows since the last call, validated; the builder is then empty. */
  ImportBatch finish() {
    int n = rows;
    Map<Long, ColumnData> columns = new LinkedHashMap<>();
    int t = 0;
    for (FieldSchema f : schema.fields()) {
      ColumnData c;
      if (f.dynamic()) {
        c = new ColumnData(f, n, Arrays.copyOf(meta, n, com.fasterxml.jackson.databind.JsonNode[].class), null);
        Arrays.fill(meta, 0, n, null);
      } else if (t < targets.length && targets[t] == f) {
        c = column(f, cells[t], n);
        Arrays.fill(cells[t], 0, n, null);
        t++;
      } else {
        continue;
      }
      validate(c);
      columns.put(f.id(), c);
    }
    rows = 0;
    return new ImportBatch(columns, n, firstRow);
  }

  private static ColumnData column(FieldSchema f, Object[] cells, int n) {
    boolean[] valid = null;
    for (int i = 0; i < n; i++) {
      if (cells[i] == null) {
        if (valid == null) {
          valid = new boolean[n];
          Arrays.fill(valid, true);
        }
        valid[i] = false;
      }
    }
    Object values = switch (f.type()) {
      case BOOL -> {
        boolean[] a = new boolean[n];
        for (int i = 0; i < n; i++) {
          a[i] = cells[i] != null && (Boolean) cells[i];
        }
        yield a;
      }
      case INT8, INT16, INT32 -> {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
          a[i] = cells[i] == null ? 0 : (Integer) cells[i];
        }
        yield a;
      }
      case INT64 -> {
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
          a[i] = cells[i] == null ? 0 : (Long) cells[i];
        }
        yield a;
      }
      case FLOAT -> {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
          a[i] = cells[i] == null ? 0 : (Float) cells[i];
        }
        yield a;
      }
      case DOUBLE -> {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
          a[i] = cells[i] == null ? 0 : (Double) cells[i];
        }
        yield a;
      }
      case VARCHAR -> Arrays.copyOf(cells, n, String[].class);
      case JSON -> Arrays.copyOf(cells, n, JsonNode[].class);
      case ARRAY -> Arrays.copyOf(cells, n, List[].class);
      case FLOAT_VECTOR -> {
        int dim = f.dim();
        float[] a = new float[Math.multiplyExact(n, dim)];
        for (int i = 0; i < n; i++) {
          System.arraycopy((float[]) cells[i], 0, a, i * dim, dim);
        }
        yield a;
      }
      default -> throw new IllegalStateException("unsupported type " + f.type());
    };
    return new ColumnData(f, n, values, valid);
  }

  /** Runs the engine's value checks, reporting a failure at its file row. */
  private void validate(ColumnData c) {
    try {
      ColumnValidator.validate(c, schema);
    } catch (QuiverException e) {
      String msg = e.getMessage();
      Matcher m = VALIDATOR_ROW.matcher(msg);
      int batchRow = m.find() ? Integer.parseInt(m.group(1)) : locate(c);
      String detail = VALIDATOR_ROW.matcher(msg).replaceFirst("");
      for (String prefix : new String[] {"field " + c.field().name() + ": ", "dynamic field " + c.field().name() + ": "}) {
        if (detail.startsWith(prefix)) {
          detail = detail.substring(prefix.length());
        }
      }
      throw new ImportException(file, batchRow < 0 ? ImportException.NO_ROW : firstRow + batchRow, c.field().name(), detail, null);
    }
  }

  /** The first row of {@code c} the validator rejects on its own, or -1. */
  private int locate(ColumnData c) {
    for (int i = 0; i < c.rows(); i++) {
      Object cell = c.get(i);
      Object values = java.lang.reflect.Array.newInstance(ColumnData.arrayClass(c.field().type()).getComponentType(),
          c.field().type() == io.quiver.engine.schema.DataType.FLOAT_VECTOR ? c.field().dim() : 1);
      if (cell == null) {
        continue;
      }
      if (cell instanceof float[] v && c.field().type() == io.quiver.engine.schema.DataType.FLOAT_VECTOR) {
        System.arraycopy(v, 0, values, 0, v.length);
      } else {
        java.lang.reflect.Array.set(values, 0, cell);
      }
      try {
        ColumnValidator.validate(new ColumnData(c.field(), 1, values, null), schema);
      } catch (QuiverException e) {
        return i;
      }
    }
    return -1;
  }
}
