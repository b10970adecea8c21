package io.quiver.storage.imports;

import java.util.Locale;
import java.util.Optional;

/** The file formats bulk insert reads. */
public enum ImportFormat {
  /** Apache Parquet: one column per field, vectors as {@code list<float>}. */
  PARQUET,
  /** Row-based JSON: {@code {"rows": [{...}, ...]}} or a top-level array of row objects. */
  JSON,
  /** Arrow IPC, file ({@code ARROW1} magic) or stream format, told apart by content. */
  ARROW;

  /**
   * The format a file name's extension says: {@code .parquet}, {@code .json}, or {@code .arrow},
   * {@code .arrows}, {@code .ipc}, {@code .feather}.
   */
  public static Optional<ImportFormat> fromFileName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".parquet")) {
      return Optional.of(PARQUET);
    }
    if (n.endsWith(".json")) {
      return Optional.of(JSON);
    }
    if (n.endsWith(".arrow") || n.endsWith(".arrows") || n.endsWith(".ipc") || n.endsWith(".feather")) {
      return Optional.of(ARROW);
    }
    return Optional.empty();
  }
}
