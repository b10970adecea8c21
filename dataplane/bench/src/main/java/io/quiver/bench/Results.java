package io.quiver.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/** What one benchmark run measured, per dataset; filled by {@link Harness}, read by {@link Report}. */
public final class Results {

  /** One sweep point: an engine at one beam width. QPS from the search thread's CPU time. */
  public record Point(String engine, int ef, double recall, double qps, double cpuSeconds) {}

  /** One build: wall-clock and whole-process CPU seconds. */
  public record Build(String engine, int threads, double wallSeconds, double cpuSeconds) {}

  /** Memory of one engine's index, bytes. */
  public record Memory(String engine, long graphBytes, long traversalVectorBytes, int size, int dimension) {
    public double graphBytesPerVector() {
      return (double) graphBytes / size;
    }

    /** Traversal vector bytes as a fraction of float32 vector bytes. */
    public double traversalFraction() {
      return (double) traversalVectorBytes / (4.0 * size * dimension);
    }
  }

  /** FLAT (exact scan) against the measured memory bandwidth. */
  public record Flat(double bandwidthGBs, double boundQps, double qpsNq1, double qpsNq16PerQuery, double recallNq1) {}

  /** Filtered HNSW search against the exact scan with the same filter. */
  public record Filter(double selectivity, int ef, double recall, double qps, double exactQps, double exactRecall) {}

  /** All results of one dataset. */
  public static final class DatasetResult {
    public final Dataset dataset;
    public final List<Build> builds = new ArrayList<>();
    public final List<Point> points = new ArrayList<>();
    public final List<Memory> memory = new ArrayList<>();
    public final List<Filter> filters = new ArrayList<>();
    public Flat flat;

    DatasetResult(Dataset dataset) {
      this.dataset = dataset;
    }

    /** Best QPS among sweep points of {@code engine} with recall at least {@code target}. */
    public OptionalDouble qpsAt(String engine, double target) {
      return points.stream().filter(p -> p.engine().equals(engine) && p.recall() >= target).mapToDouble(Point::qps).max();
    }

    public OptionalDouble buildSeconds(String engine, int threads) {
      return builds.stream().filter(b -> b.engine().equals(engine) && b.threads() == threads).mapToDouble(Build::wallSeconds).min();
    }

    public Memory memoryOf(String engine) {
      return memory.stream().filter(m -> m.engine().equals(engine)).findFirst().orElse(null);
    }
  }
}
