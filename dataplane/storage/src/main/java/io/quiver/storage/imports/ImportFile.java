package io.quiver.storage.imports;

import io.quiver.engine.schema.CollectionSchema;
import io.quiver.storage.object.ObjectNotFoundException;
import io.quiver.storage.object.ObjectStore;
import io.quiver.storage.object.ObjectStoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One import file, copied from the object store to a local temporary file once, so that it can be
 * read any number of times cheaply: the import job's validation pass over the whole file, then
 * the pass that inserts. Parquet and Arrow files need random access anyway; JSON files are
 * streamed from the local copy. {@link #close()} deletes a fetched copy.
 *
 * <pre>{@code
 * try (ImportFile f = ImportFile.fetch(store, "uploads/rows.parquet", tempDir)) {
 *   ImportValidator.validateAll(f, schema, options);          // all-or-nothing: throws on the first bad row
 *   try (ImportReader r = f.open(schema, options)) {
 *     while (r.hasNext()) { ImportBatch b = r.next(); ... r.progress() ... }
 *   }
 * }
 * }</pre>
 *
 * Thread safe: readers opened from one file are independent.
 */
public final class ImportFile implements AutoCloseable {

  private final String name;
  private final Path path;
  private final ImportFormat format;
  private final boolean owned;

  private ImportFile(String name, Path path, ImportFormat format, boolean owned) {
    this.name = name;
    this.path = path;
    this.format = format;
    this.owned = owned;
  }

  /**
   * Downloads object {@code key} into a new temporary file under {@code tempDir}.
   *
   * @throws ImportException if the key names no supported format (by extension) or no object
   * @throws ObjectStoreException if the download fails (retryable or not, as the store says)
   */
  public static ImportFile fetch(ObjectStore store, String key, Path tempDir) throws ObjectStoreException {
    ImportFormat format = formatOf(key);
    Path tmp;
    try {
      Files.createDirectories(tempDir);
      tmp = Files.createTempFile(tempDir, "import-", "." + format.name().toLowerCase(java.util.Locale.ROOT));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary file for import in " + tempDir, e);
    }
    try {
      store.download(key, tmp);
    } catch (ObjectNotFoundException e) {
      deleteQuietly(tmp);
      throw ImportException.ofFile(key, "no such file in the object store", e);
    } catch (ObjectStoreException | RuntimeException e) {
      deleteQuietly(tmp);
      throw e;
    }
    return new ImportFile(key, tmp, format, true);
  }

  /** A local file, read in place and not deleted on close; {@code name} is used in messages. */
  public static ImportFile local(Path path, String name) {
    return new ImportFile(name, path, formatOf(name), false);
  }

  /** A local file of the given format, whatever its name. */
  public static ImportFile local(Path path, String name, ImportFormat format) {
    return new ImportFile(name, path, Objects.requireNonNull(format), false);
  }

  private static ImportFormat formatOf(String name) {
    return ImportFormat.fromFileName(name).orElseThrow(() -> ImportException.ofFile(name,
        "unknown file type: expected .parquet, .json, or .arrow/.arrows/.ipc/.feather (Arrow IPC)", null));
  }

  public String name() {
    return name;
  }

  public ImportFormat format() {
    return format;
  }

  /** Size of the file in bytes. */
  public long size() {
    try {
      return Files.size(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A new reader over the file, mapping it to {@code schema}. Opening checks the file's layout
   * (footer, column names and types) and throws {@link ImportException} when it cannot be imported.
   */
  public ImportReader open(CollectionSchema schema, ImportOptions options) {
    return switch (format) {
      case PARQUET -> new ParquetImportReader(path, name, schema, options);
      case JSON -> new JsonImportReader(path, name, schema, options);
      case ARROW -> new ArrowImportReader(path, name, schema, options);
    };
  }

  /** Deletes the local copy of a fetched file. */
  @Override
  public void close() {
    if (owned) {
      deleteQuietly(path);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // a leftover temporary file; the temp directory is the job's to clean
    }
  }

  @Override
  public String toString() {
    return "ImportFile[" + name + ", " + format + "]";
  }
}
