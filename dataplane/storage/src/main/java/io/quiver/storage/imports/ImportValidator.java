package io.quiver.storage.imports;

import io.quiver.engine.schema.CollectionSchema;
import java.util.function.Consumer;

/** The all-or-nothing check of an import: reads a whole file, discarding the rows. */
public final class ImportValidator {

  private ImportValidator() {}

  /**
   * What a complete pass found.
   *
   * @param rows rows in the file
   * @param bytes size of the file
   */
  public record Summary(long rows, long bytes) {}

  /**
   * Reads every batch of {@code reader} (from where it is) to the end, reporting progress after
   * each batch, and closes it.
   *
   * @throws ImportException at the first invalid row, naming file, row and field
   */
  public static Summary validateAll(ImportReader reader, Consumer<ImportProgress> progress) {
    try (reader) {
      while (reader.hasNext()) {
        reader.next();
        progress.accept(reader.progress());
      }
      return new Summary(reader.rowsRead(), reader.totalBytes());
    }
  }

  public static Summary validateAll(ImportReader reader) {
    return validateAll(reader, p -> {});
  }

  /** Opens {@code file} and validates all of it. */
  public static Summary validateAll(ImportFile file, CollectionSchema schema, ImportOptions options) {
    return validateAll(file.open(schema, options));
  }

  /** Opens {@code file} and validates all of it, reporting progress after each batch. */
  public static Summary validateAll(ImportFile file, CollectionSchema schema, ImportOptions options,
      Consumer<ImportProgress> progress) {
    return validateAll(file.open(schema, options), progress);
  }
}
