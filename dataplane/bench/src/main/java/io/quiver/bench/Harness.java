package io.quiver.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the engines on one dataset in one JVM: builds (2 threads, then 1 thread, each timed; the
 * 1-thread indexes are kept), then a beam-width sweep in interleaved rounds (each round visits
 * every (ef, engine) pair, the engine order rotating per round), taking each pair's best round.
 * QPS counts only the search thread's CPU time ({@link ThreadMXBean}), which a busy shared
 * machine disturbs far less than wall time; recall is computed outside the timed loop.
 */
public final class Harness {

  static final int K = 10;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final BenchOptions options;

  Harness(BenchOptions options) {
    this.options = options;
  }

  static long threadCpuNanos() {
    return THREADS.getCurrentThreadCpuTime();
  }

  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  void builds(Results.DatasetResult result, List<AnnEngine> engines) throws Exception {
    Dataset d = result.dataset;
    // Untimed warm-up builds on a slice, so the timed builds do not pay for JIT compilation.
    Dataset slice = d.slice(Math.min(d.size(), 5_000));
    for (AnnEngine engine : engines) {
      for (int threads : options.buildThreads()) {
        engine.build(slice, threads);
        engine.close();
      }
    }
    List<Integer> threadCounts = options.buildThreads();
    for (int round = 0; round < options.buildRounds(); round++) {
    for (int i = threadCounts.size() - 1; i >= 0; i--) {
      int threads = threadCounts.get(i);
      for (AnnEngine engine : engines) {
        engine.close();
        System.gc();
        long cpu0 = processCpuNanos();
        long wall0 = System.nanoTime();
        engine.build(d, threads);
        double wall = (System.nanoTime() - wall0) / 1e9;
        double cpu = (processCpuNanos() - cpu0) / 1e9;
        result.builds.add(new Results.Build(engine.name(), threads, wall, cpu));
        log("%s: %s built with %d thread(s) in %.1f s (process CPU %.1f s)", d.name(), engine.name(), threads, wall, cpu);
      }
    }
    }
    for (AnnEngine engine : engines) {
      result.memory.add(new Results.Memory(engine.name(), engine.graphBytes(), engine.traversalVectorBytes(), d.size(), d.dimension()));
    }
  }

  void sweep(Results.DatasetResult result, List<AnnEngine> engines) throws Exception {
    Dataset d = result.dataset;
    int nq = d.queryCount();
    float[][] queries = new float[nq][];
    for (int q = 0; q < nq; q++) {
      queries[q] = d.query(q);
    }
    int[][] found = new int[nq][K];
    int[] counts = new int[nq];
    List<Integer> efs = options.efs();
    // Warm up every engine on every beam width (JIT), untimed.
    for (AnnEngine engine : engines) {
      for (int ef : efs) {
        for (int q = 0; q < Math.min(nq, 200); q++) {
          engine.search(queries[q], K, ef, found[q]);
        }
      }
    }
    double[][] best = new double[efs.size()][engines.size()];
    double[][] recall = new double[efs.size()][engines.size()];
    for (int round = 0; round < options.rounds(); round++) {
      for (int e = 0; e < efs.size(); e++) {
        int ef = efs.get(e);
        for (int j = 0; j < engines.size(); j++) {
          int idx = (j + round) % engines.size();
          AnnEngine engine = engines.get(idx);
          long t0 = threadCpuNanos();
          for (int q = 0; q < nq; q++) {
            counts[q] = engine.search(queries[q], K, ef, found[q]);
          }
          double cpu = (threadCpuNanos() - t0) / 1e9;
          if (round == 0 || cpu < best[e][idx]) {
            best[e][idx] = cpu;
          }
          double r = 0;
          for (int q = 0; q < nq; q++) {
            r += d.recall(q, found[q], counts[q], K);
          }
          recall[e][idx] = r / nq;
        }
      }
      log("%s: sweep round %d/%d done", d.name(), round + 1, options.rounds());
    }
    for (int e = 0; e < efs.size(); e++) {
      for (int j = 0; j < engines.size(); j++) {
        result.points.add(new Results.Point(engines.get(j).name(), efs.get(e), recall[e][j], nq / best[e][j], best[e][j]));
      }
    }
    for (AnnEngine engine : engines) {
      StringBuilder line = new StringBuilder(d.name() + ": " + engine.name() + ":");
      for (Results.Point p : result.points) {
        if (p.engine().equals(engine.name())) {
          line.append(String.format(" ef=%d %.4f/%.0f", p.ef(), p.recall(), p.qps()));
        }
      }
      log("%s", line);
    }
  }

  static void log(String format, Object... args) {
    System.err.printf("[bench] " + format + "%n", args);
  }

  static List<AnnEngine> list(AnnEngine... engines) {
    return new ArrayList<>(List.of(engines));
  }
}
