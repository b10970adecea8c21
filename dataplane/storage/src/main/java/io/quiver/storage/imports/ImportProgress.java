package io.quiver.storage.imports;

/**
 * How far a reader has got through its file.
 *
 * @param rowsRead rows returned in batches so far
 * @param totalRows rows in the file, or -1 when the format does not say before the end (JSON,
 *     Arrow); known once the reader is exhausted
 * @param bytesRead bytes of the file consumed so far; equals {@code totalBytes} at the end
 * @param totalBytes size of the file
 */
public record ImportProgress(long rowsRead, long totalRows, long bytesRead, long totalBytes) {

  /** Fraction done in [0, 1]: by rows when the total is known, else by bytes. */
  public double fraction() {
    if (totalRows > 0) {
      return Math.min(1.0, (double) rowsRead / totalRows);
    }
    if (totalRows == 0) {
      return 1.0;
    }
    return totalBytes <= 0 ? 0.0 : Math.min(1.0, (double) bytesRead / totalBytes);
  }
}
