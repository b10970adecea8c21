package io.quiver.engine.index.hnsw;

import io.quiver.engine.error.QuiverException;
import io.quiver.engine.index.store.FloatVectorStore;
import io.quiver.engine.index.store.QueryScorer;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Builds an {@link HnswGraph} over a {@link FloatVectorStore} by inserting every vector in
 * ordinal order (Malkov and Yashunin's HNSW): levels drawn from a seeded geometric
 * distribution, a beam search of width {@code efConstruction} per level, neighbours chosen by
 * the diversity heuristic (keep a candidate only if it is closer to the new node than to every
 * neighbour kept so far), and back links that re-run the heuristic when a list overflows.
 *
 * <p>The graph under construction lives in flat arrays with a fixed stride per node (no
 * per-node objects). With more than one thread, insertions run concurrently: writers of a
 * node's lists hold one of {@value #LOCK_STRIPES} striped monitors (never two at once) and bump
 * the node's version around the change (a sequence lock); readers copy a list without locking
 * and retry if the version moved, so searches never write shared memory. Levels are drawn before
 * any insertion, so the storage is allocated once. With one thread the result depends only on
 * the seed.
 */
final class HnswGraphBuilder implements GraphAccess {

  private static final int LOCK_STRIPES = 1 << 10;
  /** Monitors sit this many slots apart in {@link #locks}, so two never share a cache line. */
  private static final int LOCK_SPACING = 8;
  private static final VarHandle VERSIONS = MethodHandles.arrayElementVarHandle(int[].class);
  private static final int MAX_LEVEL = 24;

  private final FloatVectorStore store;
  private final int size;
  private final int m;
  private final int maxConn0;
  private final int efConstruction;

  private final byte[] levels;
  private final int stride0;
  private final int[] level0;
  private final float[] scores0;
  private final int strideUpper;
  /** First upper block of each node (block {@code b} holds ints from {@code b * strideUpper}), or -1. */
  private final int[] upperBlock;
  private final int[] upper;
  private final float[] upperScores;

  /** Null while single threaded. */
  private Object[] locks;
  /** Per-node sequence numbers, odd while a writer changes the node's lists; null while single threaded. */
  private int[] versions;
  private final Object entryLock = new Object();
  /** (level << 32) | node of the entry point; -1 before the first insertion. */
  private volatile long entry = -1;

  HnswGraphBuilder(FloatVectorStore store, int m, int efConstruction, long seed) {
    this.store = store;
    this.size = store.size();
    this.m = m;
    this.maxConn0 = 2 * m;
    this.efConstruction = efConstruction;
    this.stride0 = 1 + maxConn0;
    this.strideUpper = 1 + m;
    if ((long) size * stride0 > Integer.MAX_VALUE - 16) {
      throw QuiverException.invalid("HNSW with M=%d supports at most %d vectors per segment, got %d", m, (Integer.MAX_VALUE - 16) / stride0, size);
    }
    this.levels = new byte[size];
    this.upperBlock = new int[size];
    SplittableRandom random = new SplittableRandom(seed);
    double ml = 1.0 / Math.log(Math.max(2, m));
    long blocks = 0;
    for (int node = 0; node < size; node++) {
      int level = (int) Math.min(MAX_LEVEL, -Math.log(1.0 - random.nextDouble()) * ml);
      levels[node] = (byte) level;
      upperBlock[node] = level == 0 ? -1 : (int) blocks;
      blocks += level;
    }
    if (blocks * strideUpper > Integer.MAX_VALUE - 16) {
      throw QuiverException.invalid("HNSW upper levels too large for %d vectors", size);
    }
    this.level0 = new int[size * stride0];
    this.scores0 = new float[size * maxConn0];
    this.upper = new int[(int) blocks * strideUpper];
    this.upperScores = new float[(int) blocks * m];
  }

  // ---------------------------------------------------------------- GraphAccess

  @Override
  public int maxLevel() {
    long e = entry;
    return e < 0 ? -1 : (int) (e >>> 32);
  }

  @Override
  public int entryPoint() {
    long e = entry;
    return e < 0 ? -1 : (int) e;
  }

  private int listOffset(int level, int node) {
    return level == 0 ? node * stride0 : (upperBlock[node] + level - 1) * strideUpper;
  }

  @Override
  public int neighbors(int level, int node, int[] buf) {
    int[] arr = level == 0 ? level0 : upper;
    int off = listOffset(level, node);
    int[] vs = versions;
    if (vs == null) {
      int count = arr[off];
      System.arraycopy(arr, off + 1, buf, 0, count);
      return count;
    }
    while (true) {
      int before = (int) VERSIONS.getAcquire(vs, node);
      if ((before & 1) == 0) {
        int count = arr[off];
        System.arraycopy(arr, off + 1, buf, 0, count);
        VarHandle.loadLoadFence();
        if ((int) VERSIONS.getOpaque(vs, node) == before) {
          return count;
        }
      }
      Thread.onSpinWait();
    }
  }

  private Object lockFor(int node) {
    return locks[(node & (LOCK_STRIPES - 1)) * LOCK_SPACING];
  }

  /** Marks the start of a change to {@code node}'s lists; call holding its monitor. */
  private void beginWrite(int node) {
    int[] vs = versions;
    VERSIONS.setOpaque(vs, node, vs[node] + 1);
    VarHandle.storeStoreFence();
  }

  /** Publishes the change {@link #beginWrite} started. */
  private void endWrite(int node) {
    int[] vs = versions;
    VERSIONS.setRelease(vs, node, vs[node] + 1);
  }

  // ---------------------------------------------------------------- build

  /** Inserts every vector with up to {@code threads} threads and returns the off-heap graph. */
  HnswGraph build(int threads) {
    if (size > 0) {
      Scratch first = new Scratch();
      insert(0, first);
      int workers = Math.max(1, Math.min(threads, size - 1));
      if (workers <= 1) {
        for (int node = 1; node < size; node++) {
          insert(node, first);
        }
      } else {
        runConcurrently(workers);
      }
    }
    return toGraph();
  }

  private void runConcurrently(int workers) {
    Object[] stripes = new Object[LOCK_STRIPES * LOCK_SPACING];
    for (int i = 0; i < LOCK_STRIPES; i++) {
      stripes[i * LOCK_SPACING] = new long[7]; // 16-byte header + 56 bytes: one monitor per cache line
    }
    locks = stripes;
    versions = new int[size];
    AtomicInteger next = new AtomicInteger(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> started = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      Thread t = new Thread(() -> {
        Scratch scratch = new Scratch();
        try {
          for (int node = next.getAndIncrement(); node < size && failure.get() == null; node = next.getAndIncrement()) {
            insert(node, scratch);
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      }, "quiver-hnsw-build-" + w);
      t.setDaemon(true);
      t.start();
      started.add(t);
    }
    for (Thread t : started) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure.compareAndSet(null, e);
      }
    }
    locks = null;
    versions = null;
    Throwable e = failure.get();
    if (e instanceof RuntimeException re) {
      throw re;
    } else if (e instanceof Error err) {
      throw err;
    } else if (e != null) {
      throw new IllegalStateException("HNSW build interrupted", e);
    }
  }

  /** Per-thread buffers of the builder. */
  private final class Scratch {
    final HnswSearcher searcher = new HnswSearcher(size, maxConn0 + 1);
    final float[] query = new float[store.dimension()];
    final float[] other = new float[store.dimension()];
    final int[] candNodes = new int[Math.max(efConstruction, maxConn0 + 1)];
    final float[] candScores = new float[candNodes.length];
    final int[] selNodes = new int[maxConn0 + 1];
    final float[] selScores = new float[maxConn0 + 1];
    final float[] sims = new float[maxConn0 + 1];
    final int[] pruneNodes = new int[maxConn0 + 1];
    final float[] pruneScores = new float[maxConn0 + 1];
  }

  private void insert(int node, Scratch scratch) {
    int level = levels[node];
    long e = entry;
    if (e < 0 || level > (int) (e >>> 32)) {
      synchronized (entryLock) {
        e = entry;
        if (e < 0) {
          entry = ((long) level << 32) | node;
          return;
        }
        int top = (int) (e >>> 32);
        if (level > top) {
          link(node, level, (int) e, top, scratch);
          entry = ((long) level << 32) | node;
          return;
        }
      }
    }
    link(node, level, (int) e, (int) (e >>> 32), scratch);
  }

  private void link(int node, int level, int ep, int top, Scratch scratch) {
    float[] q = scratch.query;
    store.copy(node, q);
    QueryScorer scorer = store.scorer(q);
    HnswSearcher searcher = scratch.searcher;
    int cur = ep;
    float curScore = scorer.score(ep);
    int[] candNodes = scratch.candNodes;
    float[] candScores = scratch.candScores;
    if (level == 0 && top >= 1) {
      // As at query time (HnswIndex.descend): a short beam on level 1 seeds level 0 with a few
      // entry points, so an insertion is not trapped in the wrong cluster.
      cur = searcher.greedy(this, scorer, cur, curScore, top, 1);
      searcher.begin();
      searcher.visit(node);
      searcher.seed(cur, searcher.greedyScore, true);
      searcher.searchLayer(this, scorer, 1, HnswIndex.UPPER_BEAM, null, false, Long.MAX_VALUE);
      int n = searcher.drainResults(candNodes, candScores);
      searcher.begin();
      searcher.visit(node);
      for (int i = 0; i < n; i++) {
        searcher.seed(candNodes[i], candScores[i], true);
      }
    } else {
      if (top > level) {
        cur = searcher.greedy(this, scorer, cur, curScore, top, level);
        curScore = searcher.greedyScore;
      }
      searcher.begin();
      searcher.visit(node);
      searcher.seed(cur, curScore, true);
    }
    for (int l = Math.min(level, top); l >= 0; l--) {
      searcher.searchLayer(this, scorer, l, efConstruction, null, false, Long.MAX_VALUE);
      int n = searcher.drainResults(candNodes, candScores);
      int maxConn = l == 0 ? maxConn0 : m;
      int selected = selectDiverse(candNodes, candScores, n, maxConn, node, scratch.selNodes, scratch.selScores, scratch);
      setNeighbors(l, node, scratch.selNodes, scratch.selScores, selected);
      for (int i = 0; i < selected; i++) {
        addBackLink(l, scratch.selNodes[i], node, scratch.selScores[i], scratch);
      }
      if (l > 0) {
        searcher.begin();
        searcher.visit(node);
        for (int i = 0; i < n; i++) {
          searcher.seed(candNodes[i], candScores[i], true);
        }
      }
    }
  }

  /**
   * The diversity heuristic: walks {@code cand} (best first, scores relative to {@code base})
   * and keeps a candidate only if it is more similar to {@code base} than to every candidate
   * kept before it, up to {@code max}. Returns the number kept in {@code outNodes}.
   */
  private int selectDiverse(int[] cand, float[] candScores, int n, int max, int base, int[] outNodes, float[] outScores, Scratch scratch) {
    int kept = 0;
    float[] other = scratch.other;
    float[] sims = scratch.sims;
    for (int i = 0; i < n && kept < max; i++) {
      int c = cand[i];
      if (c == base) {
        continue;
      }
      float score = candScores[i];
      if (kept > 0) {
        store.copy(c, other);
        store.scorer(other).score(outNodes, kept, sims);
        boolean diverse = true;
        for (int j = 0; j < kept; j++) {
          if (sims[j] >= score) {
            diverse = false;
            break;
          }
        }
        if (!diverse) {
          continue;
        }
      }
      outNodes[kept] = c;
      outScores[kept] = score;
      kept++;
    }
    return kept;
  }

  private void setNeighbors(int level, int node, int[] nodes, float[] scores, int count) {
    if (locks == null) {
      writeList(level, node, nodes, scores, count);
    } else {
      synchronized (lockFor(node)) {
        beginWrite(node);
        writeList(level, node, nodes, scores, count);
        endWrite(node);
      }
    }
  }

  private void writeList(int level, int node, int[] nodes, float[] scores, int count) {
    int[] arr = level == 0 ? level0 : upper;
    float[] sc = level == 0 ? scores0 : upperScores;
    int off = listOffset(level, node);
    int scoreOff = level == 0 ? node * maxConn0 : (upperBlock[node] + level - 1) * m;
    System.arraycopy(nodes, 0, arr, off + 1, count);
    System.arraycopy(scores, 0, sc, scoreOff, count);
    arr[off] = count;
  }

  /**
   * Adds {@code newNode} to {@code node}'s list, pruning with the heuristic if it is full. When
   * concurrent, the caller holds the node's monitor; the version is odd only while the arrays
   * change, not while the heuristic runs.
   */
  private void addBackLink(int level, int node, int newNode, float score, Scratch scratch) {
    if (locks == null) {
      addBackLinkLocked(level, node, newNode, score, scratch);
    } else {
      synchronized (lockFor(node)) {
        addBackLinkLocked(level, node, newNode, score, scratch);
      }
    }
  }

  private void addBackLinkLocked(int level, int node, int newNode, float score, Scratch scratch) {
    int[] arr = level == 0 ? level0 : upper;
    float[] sc = level == 0 ? scores0 : upperScores;
    int maxConn = level == 0 ? maxConn0 : m;
    int off = listOffset(level, node);
    int scoreOff = level == 0 ? node * maxConn0 : (upperBlock[node] + level - 1) * m;
    int count = arr[off];
    for (int i = 0; i < count; i++) {
      if (arr[off + 1 + i] == newNode) {
        return;
      }
    }
    boolean concurrent = versions != null;
    if (count < maxConn) {
      if (concurrent) {
        beginWrite(node);
      }
      arr[off + 1 + count] = newNode;
      sc[scoreOff + count] = score;
      arr[off] = count + 1;
      if (concurrent) {
        endWrite(node);
      }
      return;
    }
    // Full: drop one of the current neighbours and the new one (kept best first).
    int[] pn = scratch.pruneNodes;
    float[] ps = scratch.pruneScores;
    System.arraycopy(arr, off + 1, pn, 0, count);
    System.arraycopy(sc, scoreOff, ps, 0, count);
    pn[count] = newNode;
    ps[count] = score;
    int n = count + 1;
    sortDescending(pn, ps, n);
    int drop = worstNonDiverse(pn, ps, n, scratch);
    if (concurrent) {
      beginWrite(node);
    }
    int kept = 0;
    for (int i = 0; i < n; i++) {
      if (i != drop) {
        arr[off + 1 + kept] = pn[i];
        sc[scoreOff + kept] = ps[i];
        kept++;
      }
    }
    arr[off] = kept;
    if (concurrent) {
      endWrite(node);
    }
  }

  /**
   * Index of the neighbour to drop from a full list (best first): scanning from the worst, the
   * first that is more similar to a better neighbour than to the base node, else the worst. Only
   * one goes, so lists stay nearly full (as Lucene does), which keeps recall per beam width high.
   */
  private int worstNonDiverse(int[] nodes, float[] scores, int n, Scratch scratch) {
    float[] other = scratch.other;
    float[] sims = scratch.sims;
    for (int i = n - 1; i > 0; i--) {
      store.copy(nodes[i], other);
      store.scorer(other).score(nodes, i, sims);
      float score = scores[i];
      for (int j = 0; j < i; j++) {
        if (sims[j] >= score) {
          return i;
        }
      }
    }
    return n - 1;
  }

  /** Insertion sort by score, best first (lists are short). */
  private static void sortDescending(int[] nodes, float[] scores, int n) {
    for (int i = 1; i < n; i++) {
      float s = scores[i];
      int v = nodes[i];
      int j = i - 1;
      while (j >= 0 && scores[j] < s) {
        scores[j + 1] = scores[j];
        nodes[j + 1] = nodes[j];
        j--;
      }
      scores[j + 1] = s;
      nodes[j + 1] = v;
    }
  }

  /** Copies the lists off heap in {@link HnswGraph}'s layout. */
  private HnswGraph toGraph() {
    Arena arena = Arena.ofShared();
    MemorySegment l0 = arena.allocate(Math.max(4L, 4L * level0.length), 64);
    MemorySegment.copy(level0, 0, l0, HnswGraph.INT_LE, 0, level0.length);
    MemorySegment index = arena.allocate(Math.max(4L, 4L * size), 64);
    for (int node = 0; node < size; node++) {
      index.set(HnswGraph.INT_LE, 4L * node, upperBlock[node] < 0 ? -1 : upperBlock[node] * strideUpper);
    }
    MemorySegment up = arena.allocate(Math.max(4L, 4L * upper.length), 64);
    MemorySegment.copy(upper, 0, up, HnswGraph.INT_LE, 0, upper.length);
    long e = entry;
    int maxLevel = e < 0 ? -1 : (int) (e >>> 32);
    int ep = e < 0 ? -1 : (int) e;
    return new HnswGraph(size, m, maxConn0, maxLevel, ep,
        l0.asSlice(0, 4L * level0.length), index.asSlice(0, 4L * size), up.asSlice(0, 4L * upper.length), arena);
  }
}
