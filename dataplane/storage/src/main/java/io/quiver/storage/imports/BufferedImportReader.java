package io.quiver.storage.imports;

import java.util.NoSuchElementException;

/**
 * What every format's reader shares: {@link #hasNext()} (the format's own) fills {@link #pending}
 * with the next batch; this class hands it out and keeps the progress counters. Subclasses set
 * {@link #totalBytes} when they open the file, advance {@link #bytesRead} as they read, and set
 * {@link #ended} at the end of the file.
 */
abstract class BufferedImportReader implements ImportReader {

  /** The file's name as the import task reports it. */
  protected final String file;
  /** The file's size; set by the subclass's constructor. */
  protected long totalBytes;
  /** Bytes consumed so far (written by the reading thread, read by progress reports). */
  protected volatile long bytesRead;
  /** Whether the last row was read. */
  protected boolean ended;
  /** The batch {@link #hasNext()} prepared, or null. */
  protected ImportBatch pending;
  private volatile long rowsRead;

  BufferedImportReader(String file) {
    this.file = file;
  }

  @Override
  public String fileName() {
    return file;
  }

  @Override
  public ImportBatch next() {
    if (!hasNext()) {
      throw new NoSuchElementException(file + ": no more rows");
    }
    ImportBatch b = pending;
    pending = null;
    rowsRead += b.rows();
    return b;
  }

  @Override
  public long rowsRead() {
    return rowsRead;
  }

  /** Known once the whole file was read (formats with a row count in their footer override this). */
  @Override
  public long totalRows() {
    return ended && pending == null ? rowsRead : -1;
  }

  @Override
  public long bytesRead() {
    return bytesRead;
  }

  @Override
  public long totalBytes() {
    return totalBytes;
  }
}
