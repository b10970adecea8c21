package io.quiver.bench;

import io.quiver.bench.peers.JVectorEngine;
import io.quiver.bench.peers.LuceneEngine;
import io.quiver.bench.peers.QuiverEngine;
import io.quiver.engine.vector.MetricType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code quiver bench}: the recall/QPS benchmark of Quiver against Lucene and jvector in one JVM
 * (see {@link BenchOptions#usage()}), or {@code quiver bench jmh [JMH options]} for the kernel
 * microbenchmarks. Writes docs/benchmarks.md and docs/benchmarks.png.
 *
 * <p>The in-process engines are the extension point for the end-to-end mode: an
 * {@link AnnEngine} that searches through MilvusClientV2 against a running server plugs into the
 * same harness and report.
 */
public final class BenchMain {

  public static final String QUIVER_HNSW = "Quiver HNSW";
  public static final String QUIVER_SQ = "Quiver AUTOINDEX (HNSW_SQ)";
  public static final String LUCENE = "Lucene HNSW";
  public static final String JVECTOR = "jvector";

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("jmh")) {
      String[] rest = new String[args.length - 1];
      System.arraycopy(args, 1, rest, 0, rest.length);
      org.openjdk.jmh.Main.main(rest.length == 0 ? new String[] {"io.quiver.bench.jmh"} : rest);
      return;
    }
    if (args.length > 0 && args[0].equals("sdk")) {
      String[] rest = new String[args.length - 1];
      System.arraycopy(args, 1, rest, 0, rest.length);
      io.quiver.bench.sdk.SdkBench.main(rest);
      return;
    }
    if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.print(BenchOptions.usage());
      return;
    }
    BenchOptions options;
    try {
      options = BenchOptions.parse(args, repoRoot());
    } catch (IllegalArgumentException e) {
      System.err.println("quiver bench: " + e.getMessage());
      System.exit(2);
      return;
    }
    List<Results.DatasetResult> all = new ArrayList<>();
    Harness harness = new Harness(options);
    Path work = Files.createTempDirectory(options.workDir(), "quiver-bench-");
    try {
      for (String name : options.datasets()) {
        Dataset d = load(name, options);
        Harness.log("dataset %s: %s", d.name(), d.description());
        Results.DatasetResult result = new Results.DatasetResult(d);
        List<AnnEngine> engines = engines(options, work);
        try {
          harness.builds(result, engines);
          harness.sweep(result, engines);
          new Extras(options).run(result, engines);
        } finally {
          for (AnnEngine e : engines) {
            e.close();
          }
        }
        all.add(result);
        if (options.out() != null) {
          new Report(options, all).write(options.out()); // partial results survive a later failure
        }
        System.gc();
      }
    } finally {
      try (var files = Files.walk(work)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    Report report = new Report(options, all);
    System.out.println(report.markdown());
    if (options.out() != null) {
      report.write(options.out());
      Harness.log("wrote %s", options.out());
    }
  }

  static Dataset load(String name, BenchOptions options) throws Exception {
    int n = options.quick() ? 20_000 : 100_000;
    int nq = options.quick() ? 300 : 1_000;
    return switch (name) {
      case "l2-128" -> Datasets.gaussianMixture("gauss-128-l2", n, nq, 128, 100, 16, MetricType.L2, 128);
      case "cos-768" -> Datasets.gaussianMixture("gauss-768-cos", n, nq, 768, 100, 32, MetricType.COSINE, 768);
      case "minilm" -> Datasets.minilm(options.minilmDir(), options.quick() ? 20_000 : 0);
      default -> throw new IllegalArgumentException("unknown dataset " + name);
    };
  }

  static List<AnnEngine> engines(BenchOptions o, Path work) {
    Map<String, String> hnsw = Map.of("M", Integer.toString(o.m()), "efConstruction", Integer.toString(o.efConstruction()));
    List<AnnEngine> engines = new ArrayList<>();
    for (String e : o.engines()) {
      switch (e) {
        case "quiver" -> engines.add(new QuiverEngine(QUIVER_HNSW, "HNSW", hnsw, "ef", work));
        case "quiver-sq" -> engines.add(new QuiverEngine(QUIVER_SQ, "HNSW_SQ", hnsw, "ef", work));
        case "lucene" -> engines.add(new LuceneEngine(o.m(), o.efConstruction(), work));
        case "jvector" -> engines.add(new JVectorEngine(o.m(), o.efConstruction()));
        case "quiver-hnsw-pq" -> engines.add(new QuiverEngine("Quiver HNSW_PQ", "HNSW_PQ", hnsw, "ef", work));
        case "quiver-ivf-flat" -> engines.add(new QuiverEngine("Quiver IVF_FLAT", "IVF_FLAT", Map.of("nlist", "1024"), "nprobe", work));
        case "quiver-ivf-sq8" -> engines.add(new QuiverEngine("Quiver IVF_SQ8", "IVF_SQ8", Map.of("nlist", "1024"), "nprobe", work));
        case "quiver-ivf-pq" -> engines.add(new QuiverEngine("Quiver IVF_PQ", "IVF_PQ", Map.of("nlist", "1024"), "nprobe", work));
        default -> throw new IllegalArgumentException(e);
      }
    }
    return engines;
  }

  /** The repository root: -Dquiver.home, $QUIVER_HOME, or the nearest folder above with a pom.xml and a dataplane/ folder. */
  /** The repository root (system property quiver.home, QUIVER_HOME, or found upwards from the working directory). */
  public static Path repoRootPath() {
    return repoRoot();
  }

  static Path repoRoot() {
    String prop = System.getProperty("quiver.home", System.getenv("QUIVER_HOME"));
    if (prop != null && !prop.isBlank()) {
      return Path.of(prop).toAbsolutePath().normalize();
    }
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.exists(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("dataplane"))) {
        return p;
      }
    }
    return dir;
  }
}
