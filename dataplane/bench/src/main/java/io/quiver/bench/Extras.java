package io.quiver.bench;

import java.nio.file.Path;

/** Quiver-only measurements on a dataset: FLAT against memory bandwidth, batches, filters. */
final class Extras {
  private final BenchOptions options;
  private final Path work;

  Extras(BenchOptions options, Path work) {
    this.options = options;
    this.work = work;
  }

  void run(Results.DatasetResult result) {
    // filled in later
  }
}
