package io.quiver.storage.imports;

import io.quiver.engine.error.ErrorCode;
import io.quiver.engine.error.QuiverException;

/**
 * A bulk-insert file that cannot be imported: malformed, not matching the collection schema, or
 * holding an invalid value. The message names the file (its object key, never a local path), the
 * row when one is at fault and the field when one is, in the form {@code "rows.parquet row 57
 * field 'vector': expected 128 floats, got 127"}.
 *
 * <p><b>Row numbers</b> are 0-based indexes of data rows in the file: the first row is row 0,
 * whatever the format (the first element of the JSON rows array, the first row of the first
 * Parquet row group, the first row of the first Arrow record batch). They match {@link
 * ImportBatch#firstRow()}.
 */
public final class ImportException extends QuiverException {

  private static final long serialVersionUID = 1L;

  /** {@link #row()} of an error that concerns no single row. */
  public static final long NO_ROW = -1;

  private final String file;
  private final long row;
  private final String field;
  private final String detail;

  ImportException(String file, long row, String field, String detail, Throwable cause) {
    super(ErrorCode.INVALID_ARGUMENT, format(file, row, field, detail), cause);
    this.file = file;
    this.row = row;
    this.field = field;
    this.detail = detail;
  }

  /** An error in one cell (or, with {@code field == null}, in one row). */
  static ImportException atRow(String file, long row, String field, String detail) {
    return new ImportException(file, row, field, detail, null);
  }

  /** An error about a field (column) as a whole, such as a column that is not in the schema. */
  static ImportException atField(String file, String field, String detail) {
    return new ImportException(file, NO_ROW, field, detail, null);
  }

  /** An error about the file as a whole (malformed, unreadable). */
  static ImportException ofFile(String file, String detail, Throwable cause) {
    return new ImportException(file, NO_ROW, null, detail, cause);
  }

  private static String format(String file, long row, String field, String detail) {
    StringBuilder sb = new StringBuilder(file);
    if (row >= 0) {
      sb.append(" row ").append(row);
    }
    if (field != null) {
      sb.append(" field '").append(field).append('\'');
    }
    return sb.append(": ").append(detail).toString();
  }

  /** The file's name as the import request gave it (the object key). */
  public String file() {
    return file;
  }

  /** The 0-based row at fault, or {@link #NO_ROW}. */
  public long row() {
    return row;
  }

  /** The field (or source column) at fault, or {@code null}. */
  public String field() {
    return field;
  }

  /** The message without file, row and field. */
  public String detail() {
    return detail;
  }
}
