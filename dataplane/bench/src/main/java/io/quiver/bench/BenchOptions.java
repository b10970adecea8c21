package io.quiver.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Command-line options of {@code quiver bench}; see {@link #usage()}. A bad option stops the
 * run with a message naming it.
 */
public record BenchOptions(
    List<String> datasets,
    boolean quick,
    int rounds,
    List<String> engines,
    int m,
    int efConstruction,
    List<Integer> efs,
    List<Integer> buildThreads,
    int buildRounds,
    Path out,
    Path minilmDir,
    Path workDir,
    String command) {

  static final List<String> ALL_DATASETS = List.of("l2-128", "cos-768", "minilm");
  static final List<String> DEFAULT_ENGINES = List.of("quiver", "quiver-sq", "lucene", "jvector");
  static final List<String> ALL_ENGINES = List.of("quiver", "quiver-sq", "lucene", "jvector", "quiver-hnsw-pq", "quiver-ivf-flat", "quiver-ivf-sq8", "quiver-ivf-pq");

  static String usage() {
    return """
        Usage: quiver bench [options]       recall/QPS against Lucene and jvector -> docs/benchmarks.md
               quiver bench sdk [options]   search through the Java SDK over gRPC -> docs/benchmarks-sdk.md
                                            (--dataset l2-128|cos-768|minilm --seconds 5 --rounds 3 --clients 8)
               quiver bench jmh [JMH args]  kernel microbenchmarks
          --dataset LIST        comma-separated: l2-128, cos-768, minilm (default: all)
          --quick               small sets (20,000 vectors, 300 queries), fewer beam widths, 2 rounds
          --rounds N            interleaved search rounds (default 3)
          --engines LIST        quiver, quiver-sq, lucene, jvector (the default), and quiver-hnsw-pq,
                                quiver-ivf-flat, quiver-ivf-sq8, quiver-ivf-pq (IVF: nlist 1024, the
                                swept beam width is nprobe)
          --m N                 HNSW M for every library (default 16)
          --ef-construction N   build beam width for every library (default 100)
          --ef LIST             search beam widths to sweep
          --build-threads LIST  build thread counts to time (default 1,2)
          --build-rounds N      interleaved build repetitions; the fastest counts (default 2, quick 1)
          --out FILE            markdown report (default: docs/benchmarks.md; '-' for none)
          --minilm-dir DIR      the minilm-wordnet-50k folder (default: ../shared/data/... from the repo)
          --work-dir DIR        scratch space for index files (default: the system temp dir)
        """;
  }

  static BenchOptions parse(String[] args, Path repoRoot) {
    List<String> datasets = ALL_DATASETS;
    boolean quick = false;
    Integer rounds = null;
    List<String> engines = DEFAULT_ENGINES;
    int m = 16;
    int efc = 100;
    List<Integer> efs = null;
    List<Integer> buildThreads = List.of(1, 2);
    Integer buildRounds = null;
    Path out = repoRoot.resolve("docs").resolve("benchmarks.md");
    Path minilm = repoRoot.resolve("..").resolve("shared").resolve("data").resolve("minilm-wordnet-50k").normalize();
    Path work = Path.of(System.getProperty("java.io.tmpdir"));
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--quick" -> quick = true;
        case "--dataset", "--datasets" -> datasets = names(value(args, ++i, a), ALL_DATASETS, a);
        case "--engines" -> engines = names(value(args, ++i, a), ALL_ENGINES, a);
        case "--rounds" -> rounds = positive(value(args, ++i, a), a);
        case "--m" -> m = positive(value(args, ++i, a), a);
        case "--ef-construction" -> efc = positive(value(args, ++i, a), a);
        case "--ef" -> efs = ints(value(args, ++i, a), a);
        case "--build-threads" -> buildThreads = ints(value(args, ++i, a), a);
        case "--build-rounds" -> buildRounds = positive(value(args, ++i, a), a);
        case "--out" -> {
          String v = value(args, ++i, a);
          out = v.equals("-") ? null : Path.of(v);
        }
        case "--minilm-dir" -> minilm = Path.of(value(args, ++i, a));
        case "--work-dir" -> work = Path.of(value(args, ++i, a));
        default -> throw new IllegalArgumentException("unknown option " + a + "\n" + usage());
      }
    }
    if (efs == null) {
      efs = quick ? List.of(10, 14, 20, 28, 40, 56, 80, 160) : List.of(10, 12, 14, 16, 20, 24, 28, 32, 40, 48, 56, 64, 80, 96, 128, 160, 192, 256, 384);
    }
    return new BenchOptions(datasets, quick, rounds == null ? (quick ? 2 : 3) : rounds, engines, m, efc, efs, buildThreads,
        buildRounds == null ? (quick ? 1 : 2) : buildRounds, out, minilm, work, "quiver bench " + String.join(" ", args));
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException("option " + option + " needs a value");
    }
    return args[i];
  }

  private static List<String> names(String raw, List<String> allowed, String option) {
    List<String> out = new ArrayList<>();
    for (String s : raw.split(",")) {
      String name = s.trim();
      if (!allowed.contains(name)) {
        throw new IllegalArgumentException("option " + option + ": unknown '" + name + "', expected one of " + allowed);
      }
      out.add(name);
    }
    return out;
  }

  private static int positive(String raw, String option) {
    try {
      int v = Integer.parseInt(raw.trim());
      if (v > 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("option " + option + " must be a positive integer, got '" + raw + "'");
  }

  private static List<Integer> ints(String raw, String option) {
    return Arrays.stream(raw.split(",")).map(s -> positive(s, option)).toList();
  }
}
