package io.quiver.storage.imports;

import java.util.NoSuchElementException;

/**
 * Reads one import file as batches of validated engine columns, in file order. Every batch has
 * passed the same checks as an insert (types, ranges, dimensions, lengths, capacities, nulls,
 * primary key presence, dynamic keys), so a pass that reaches the end without an {@link
 * ImportException} has validated the whole file. Readers never hold the whole file in memory:
 * at most one batch plus one Parquet row group or Arrow record batch.
 *
 * <p>Errors are {@link ImportException}s naming the file, the 0-based row and the field; the
 * first error found ends the pass (a reader that threw must only be closed). Within a batch,
 * errors in converting a value are found row by row and value checks ({@link
 * io.quiver.engine.schema.ColumnValidator}) once the batch is complete, so the row reported is
 * the first bad one of its kind.
 *
 * <p>Not thread safe; {@link #progress()} may be called from another thread.
 */
public interface ImportReader extends AutoCloseable {

  /** The file's name as the import request gave it (the object key). */
  String fileName();

  /** Whether another batch follows; reads ahead, so it can throw {@link ImportException}. */
  boolean hasNext();

  /**
   * The next batch of at most {@link ImportOptions#batchSize()} rows.
   *
   * @throws NoSuchElementException at the end
   */
  ImportBatch next();

  /** Rows returned so far. */
  long rowsRead();

  /** Rows in the file, or -1 while unknown (JSON and Arrow until the end). */
  long totalRows();

  /** Bytes of the file consumed so far. */
  long bytesRead();

  /** The size of the file in bytes. */
  long totalBytes();

  default ImportProgress progress() {
    return new ImportProgress(rowsRead(), totalRows(), bytesRead(), totalBytes());
  }

  /** Releases the file and memory; does not delete a fetched file (see {@link ImportFile}). */
  @Override
  void close();
}
