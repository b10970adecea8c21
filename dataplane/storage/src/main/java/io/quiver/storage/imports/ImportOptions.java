package io.quiver.storage.imports;

/**
 * How import files are read.
 *
 * @param batchSize rows per {@link ImportBatch}, from 1 to {@link #MAX_BATCH_SIZE}
 * @param allowAutoIdKeys whether a file may carry values for an autoID primary key (they are then
 *     returned and must be used); when false such a file is rejected
 */
public record ImportOptions(int batchSize, boolean allowAutoIdKeys) {

  public static final int DEFAULT_BATCH_SIZE = 4096;
  public static final int MAX_BATCH_SIZE = 1 << 20;

  public static final ImportOptions DEFAULTS = new ImportOptions(DEFAULT_BATCH_SIZE, false);

  public ImportOptions {
    if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
      throw new IllegalArgumentException("batchSize must be in [1, " + MAX_BATCH_SIZE + "], got " + batchSize);
    }
  }

  public ImportOptions withBatchSize(int size) {
    return new ImportOptions(size, allowAutoIdKeys);
  }

  public ImportOptions withAllowAutoIdKeys(boolean allow) {
    return new ImportOptions(batchSize, allow);
  }
}
