package io.quiver.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes the markdown report (and the plot next to it). */
final class Report {
  private final BenchOptions options;
  private final List<Results.DatasetResult> results;

  Report(BenchOptions options, List<Results.DatasetResult> results) {
    this.options = options;
    this.results = results;
  }

  String markdown() {
    StringBuilder sb = new StringBuilder();
    for (Results.DatasetResult r : results) {
      sb.append("## ").append(r.dataset.name()).append('\n');
      for (Results.Build b : r.builds) {
        sb.append(String.format("build %s %dt %.1fs%n", b.engine(), b.threads(), b.wallSeconds()));
      }
      for (Results.Memory m : r.memory) {
        sb.append(String.format("mem %s graph %.1f B/vec traversal %.3f%n", m.engine(), m.graphBytesPerVector(), m.traversalFraction()));
      }
      for (String e : r.memory.stream().map(Results.Memory::engine).toList()) {
        sb.append(String.format("%s @0.95 %.0f @0.99 %.0f%n", e, r.qpsAt(e, 0.95).orElse(0), r.qpsAt(e, 0.99).orElse(0)));
      }
    }
    return sb.toString();
  }

  void write(Path out) throws IOException {
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, markdown());
  }
}
