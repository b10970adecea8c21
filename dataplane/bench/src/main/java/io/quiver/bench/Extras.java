package io.quiver.bench;

import io.quiver.bench.peers.QuiverEngine;
import io.quiver.engine.index.FloatVectorValues;
import io.quiver.engine.index.IndexParams;
import io.quiver.engine.index.IndexRegistry;
import io.quiver.engine.index.SearchHits;
import io.quiver.engine.index.VectorIndex;
import io.quiver.engine.util.FixedBitSet;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Quiver-only measurements on a dataset, all by the search thread's CPU time:
 *
 * <ul>
 *   <li>the single-thread memory bandwidth (a SIMD sum streaming 1 GiB off heap, best of 3),
 *       and the FLAT QPS that bandwidth allows ({@code bandwidth / (n * dim * 4)});
 *   <li>FLAT with one query at a time and in batches of 16 ({@link VectorIndex#searchBatch});
 *   <li>filtered HNSW search at 1%, 10% and 50% selectivity, at the smallest swept beam width
 *       reaching recall 0.95 against the exact filtered answer, next to FLAT's exact scan with
 *       the same filter.
 * </ul>
 */
final class Extras {

  private static final VectorSpecies<Float> FS = FloatVector.SPECIES_256;
  private static final long STREAM_BYTES = 1L << 30;
  private static final double[] SELECTIVITIES = {0.01, 0.10, 0.50};
  private static final int[] FILTER_EFS = {16, 32, 64, 128, 256, 512};

  private static volatile double bandwidth = -1;
  private static volatile float sink;

  private final BenchOptions options;

  Extras(BenchOptions options) {
    this.options = options;
  }

  void run(Results.DatasetResult result, List<AnnEngine> engines) {
    Dataset d = result.dataset;
    int nq = Math.min(d.queryCount(), options.quick() ? 100 : 300);
    float[][] queries = new float[nq][];
    for (int q = 0; q < nq; q++) {
      queries[q] = d.query(q);
    }
    try (VectorIndex flat = IndexRegistry.factory("FLAT").build(FloatVectorValues.of(d.base(), d.dimension()), d.metric(), IndexParams.EMPTY, 1)) {
      flat(result, flat, queries);
      QuiverEngine hnsw = (QuiverEngine) engines.stream().filter(e -> e.name().equals(BenchMain.QUIVER_HNSW)).findFirst().orElse(null);
      if (hnsw != null) {
        filters(result, flat, hnsw.index(), queries);
      }
    }
  }

  /** GB/s of one thread streaming a 1 GiB off-heap array through 256-bit adds (measured once per run). */
  static double bandwidth() {
    if (bandwidth > 0) {
      return bandwidth;
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment seg = arena.allocate(STREAM_BYTES, 64);
      for (long off = 0; off < STREAM_BYTES; off += 4096) {
        seg.set(java.lang.foreign.ValueLayout.JAVA_FLOAT, off, 1f);
      }
      double best = 0;
      for (int pass = 0; pass < 4; pass++) {
        long t0 = Harness.threadCpuNanos();
        sink = stream(seg);
        double seconds = (Harness.threadCpuNanos() - t0) / 1e9;
        if (pass > 0) { // the first pass warms up the JIT
          best = Math.max(best, STREAM_BYTES / seconds / 1e9);
        }
      }
      bandwidth = best;
      return best;
    }
  }

  private static float stream(MemorySegment seg) {
    FloatVector a0 = FloatVector.zero(FS);
    FloatVector a1 = FloatVector.zero(FS);
    FloatVector a2 = FloatVector.zero(FS);
    FloatVector a3 = FloatVector.zero(FS);
    long step = FS.vectorByteSize();
    for (long off = 0, end = seg.byteSize(); off < end; off += 4 * step) {
      a0 = a0.add(FloatVector.fromMemorySegment(FS, seg, off, ByteOrder.LITTLE_ENDIAN));
      a1 = a1.add(FloatVector.fromMemorySegment(FS, seg, off + step, ByteOrder.LITTLE_ENDIAN));
      a2 = a2.add(FloatVector.fromMemorySegment(FS, seg, off + 2 * step, ByteOrder.LITTLE_ENDIAN));
      a3 = a3.add(FloatVector.fromMemorySegment(FS, seg, off + 3 * step, ByteOrder.LITTLE_ENDIAN));
    }
    return a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
  }

  private void flat(Results.DatasetResult result, VectorIndex flat, float[][] queries) {
    Dataset d = result.dataset;
    double gbs = bandwidth();
    double bound = gbs * 1e9 / (4.0 * d.size() * d.dimension());
    int nq = queries.length;
    int[] out = new int[Harness.K];
    // warm-up
    for (int q = 0; q < Math.min(nq, 20); q++) {
      flat.search(queries[q], Harness.K, null, IndexParams.EMPTY);
    }
    flat.searchBatch(java.util.Arrays.copyOf(queries, Math.min(nq, 32)), Harness.K, null, IndexParams.EMPTY);
    double single = Double.MAX_VALUE;
    double batched = Double.MAX_VALUE;
    double recall = 0;
    for (int round = 0; round < 2; round++) {
      long t0 = Harness.threadCpuNanos();
      SearchHits[] hits = new SearchHits[nq];
      for (int q = 0; q < nq; q++) {
        hits[q] = flat.search(queries[q], Harness.K, null, IndexParams.EMPTY);
      }
      single = Math.min(single, (Harness.threadCpuNanos() - t0) / 1e9);
      recall = 0;
      for (int q = 0; q < nq; q++) {
        System.arraycopy(hits[q].ords(), 0, out, 0, hits[q].count());
        recall += d.recall(q, out, hits[q].count(), Harness.K);
      }
      t0 = Harness.threadCpuNanos();
      for (int q0 = 0; q0 < nq; q0 += 16) {
        flat.searchBatch(java.util.Arrays.copyOfRange(queries, q0, Math.min(nq, q0 + 16)), Harness.K, null, IndexParams.EMPTY);
      }
      batched = Math.min(batched, (Harness.threadCpuNanos() - t0) / 1e9);
    }
    result.flat = new Results.Flat(gbs, bound, nq / single, nq / batched, recall / nq);
    Harness.log("%s: bandwidth %.1f GB/s -> bound %.0f QPS; FLAT nq=1 %.0f QPS (recall %.4f), nq=16 %.0f QPS per query",
        d.name(), gbs, bound, nq / single, recall / nq, nq / batched);
  }

  private void filters(Results.DatasetResult result, VectorIndex flat, VectorIndex hnsw, float[][] queries) {
    Dataset d = result.dataset;
    int nq = queries.length;
    SplittableRandom random = new SplittableRandom(42);
    for (double s : SELECTIVITIES) {
      FixedBitSet accept = new FixedBitSet(d.size());
      for (int i = 0; i < d.size(); i++) {
        if (random.nextDouble() < s) {
          accept.set(i);
        }
      }
      // exact answer and exact-scan speed (FLAT with the same filter)
      for (int q = 0; q < Math.min(nq, 10); q++) {
        flat.search(queries[q], Harness.K, accept, IndexParams.EMPTY);
      }
      SearchHits[] truth = new SearchHits[nq];
      long t0 = Harness.threadCpuNanos();
      for (int q = 0; q < nq; q++) {
        truth[q] = flat.search(queries[q], Harness.K, accept, IndexParams.EMPTY);
      }
      double exactQps = nq / ((Harness.threadCpuNanos() - t0) / 1e9);
      Results.Filter chosen = null;
      for (int ef : FILTER_EFS) {
        IndexParams params = IndexParams.of(Map.of("ef", Integer.toString(ef)));
        for (int q = 0; q < Math.min(nq, 20); q++) {
          hnsw.search(queries[q], Harness.K, accept, params);
        }
        double best = Double.MAX_VALUE;
        double recall = 0;
        for (int round = 0; round < 2; round++) {
          SearchHits[] found = new SearchHits[nq];
          t0 = Harness.threadCpuNanos();
          for (int q = 0; q < nq; q++) {
            found[q] = hnsw.search(queries[q], Harness.K, accept, params);
          }
          best = Math.min(best, (Harness.threadCpuNanos() - t0) / 1e9);
          recall = 0;
          for (int q = 0; q < nq; q++) {
            recall += overlap(found[q], truth[q]);
            for (int j = 0; j < found[q].count(); j++) {
              if (!accept.get(found[q].ord(j))) {
                throw new IllegalStateException("filtered search returned rejected ordinal " + found[q].ord(j));
              }
            }
          }
        }
        chosen = new Results.Filter(s, ef, recall / nq, nq / best, exactQps, 1.0);
        if (chosen.recall() >= 0.95) {
          break;
        }
      }
      result.filters.add(chosen);
      Harness.log("%s: filter %.0f%%: HNSW ef=%d recall %.4f %.0f QPS; exact scan %.0f QPS", d.name(), s * 100, chosen.ef(), chosen.recall(),
          chosen.qps(), exactQps);
    }
  }

  private static double overlap(SearchHits found, SearchHits truth) {
    int k = Math.min(Harness.K, truth.count());
    if (k == 0) {
      return 1;
    }
    int hits = 0;
    for (int i = 0; i < Math.min(Harness.K, found.count()); i++) {
      for (int j = 0; j < k; j++) {
        if (found.ord(i) == truth.ord(j)) {
          hits++;
          break;
        }
      }
    }
    return (double) hits / k;
  }
}
