package io.quiver.engine.index.ivf;

import io.quiver.engine.index.FloatVectorValues;
import io.quiver.engine.index.IndexParams;
import io.quiver.engine.index.VectorIndex;
import io.quiver.engine.index.VectorIndexFactory;
import io.quiver.engine.index.format.v1.IvfFormat;
import io.quiver.engine.index.store.FloatVectorStore;
import io.quiver.engine.index.store.ScoringStore;
import io.quiver.engine.quantization.KMeans;
import io.quiver.engine.quantization.PqParams;
import io.quiver.engine.quantization.ProductQuantizer;
import io.quiver.engine.quantization.ScalarQuantizer;
import io.quiver.engine.vector.MetricType;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Factory of the IVF family ({@link IvfIndex}): {@code IVF_FLAT}, {@code IVF_SQ8},
 * {@code IVF_PQ}. Build: k-means ({@link KMeans}, k-means++ seeding, 10 Lloyd iterations) on a
 * sample of at most {@code 256 * nlist} vectors (and at most 20 M floats), then every vector
 * goes to its nearest centre. Parameters: {@link IvfParams}; IVF_PQ also {@link PqParams}.
 */
public final class IvfIndexFactory implements VectorIndexFactory {

  /** How an IVF index stores its list vectors. */
  public enum Encoding {
    FLAT("IVF_FLAT", IvfFormat.MAGIC_IVF_FLAT),
    SQ8("IVF_SQ8", IvfFormat.MAGIC_IVF_SQ8),
    PQ("IVF_PQ", IvfFormat.MAGIC_IVF_PQ);

    private final String type;
    private final int magic;

    Encoding(String type, int magic) {
      this.type = type;
      this.magic = magic;
    }

    public String type() {
      return type;
    }

    int magic() {
      return magic;
    }
  }

  private static final long SEED = 0x1F1F_5EEDL;
  private static final int ITERATIONS = 10;
  private static final long SAMPLE_FLOATS = 20_000_000L;

  private final Encoding encoding;

  public IvfIndexFactory(Encoding encoding) {
    this.encoding = encoding;
  }

  @Override
  public String type() {
    return encoding.type();
  }

  @Override
  public void validate(IndexParams buildParams, MetricType metric, int dimension) {
    IvfParams.nlist(buildParams);
    if (encoding == Encoding.PQ) {
      PqParams.parse(buildParams, dimension);
    }
  }

  @Override
  public VectorIndex build(FloatVectorValues values, MetricType metric, IndexParams buildParams, int threads) {
    int requested = IvfParams.nlist(buildParams);
    PqParams pqParams = encoding == Encoding.PQ ? PqParams.parse(buildParams, values.dimension()) : null;
    List<AutoCloseable> owned = new ArrayList<>();
    try {
      FloatVectorStore store = FloatVectorStore.copyOf(values, metric);
      owned.add(store);
      int n = store.size();
      int dim = store.dimension();
      int nlist = Math.max(1, Math.min(requested, n));
      float[] centres = n == 0 ? new float[dim] : trainCentres(store, nlist, threads);
      int[] assignment = new int[n];
      assignAll(store, centres, nlist, assignment, threads);
      int[] listStarts = new int[nlist + 1];
      for (int a : assignment) {
        listStarts[a + 1]++;
      }
      for (int c = 0; c < nlist; c++) {
        listStarts[c + 1] += listStarts[c];
      }
      int[] ids = new int[n];
      int[] fill = listStarts.clone();
      for (int ord = 0; ord < n; ord++) {
        ids[fill[assignment[ord]]++] = ord;
      }
      FloatVectorStore listOrder = FloatVectorStore.copyOf(permuted(store, ids), metric, false); // rows already normalised
      owned.add(listOrder);
      return switch (encoding) {
        case FLAT -> {
          owned.remove(store);
          store.close();
          yield new IvfIndex(encoding, metric, dim, n, centres, listStarts, ids, listOrder, null,
              List.of(listOrder.segment()), owned);
        }
        case SQ8 -> {
          ScalarQuantizer sq = ScalarQuantizer.train(store, SEED);
          ScalarQuantizer.SqVectorStore codes = sq.encode(listOrder, metric);
          owned.add(codes);
          owned.remove(listOrder);
          listOrder.close();
          yield new IvfIndex(encoding, metric, dim, n, centres, listStarts, ids, codes, store,
              List.of(codes.codes(), sq.toSegment(), store.segment()), owned);
        }
        case PQ -> {
          ProductQuantizer pq = ProductQuantizer.train(store, pqParams.m(), pqParams.nbits(), SEED, threads);
          ProductQuantizer.PqVectorStore codes = pq.encode(listOrder, metric, threads);
          owned.add(codes);
          owned.remove(listOrder);
          listOrder.close();
          yield new IvfIndex(encoding, metric, dim, n, centres, listStarts, ids, codes, store,
              List.of(codes.codes(), pq.toSegment(), store.segment()), owned);
        }
      };
    } catch (RuntimeException | Error e) {
      for (AutoCloseable c : owned) {
        try {
          c.close();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  private static float[] trainCentres(FloatVectorStore store, int nlist, int threads) {
    int n = store.size();
    int dim = store.dimension();
    long cap = Math.max(nlist, Math.min(256L * nlist, SAMPLE_FLOATS / dim));
    int samples = (int) Math.min(n, cap);
    float[] sample = new float[samples * dim];
    float[] row = new float[dim];
    // Evenly spaced rows: deterministic and spread over the whole set.
    for (int i = 0; i < samples; i++) {
      store.copy((int) ((long) i * n / samples), row);
      System.arraycopy(row, 0, sample, i * dim, dim);
    }
    return KMeans.train(sample, dim, nlist, ITERATIONS, SEED, threads);
  }

  private static void assignAll(FloatVectorStore store, float[] centres, int nlist, int[] out, int threads) {
    int n = store.size();
    int dim = store.dimension();
    int chunk = 4096;
    float[] row = new float[dim];
    for (int start = 0; start < n; start += chunk) {
      int count = Math.min(chunk, n - start);
      float[] points = new float[count * dim];
      for (int i = 0; i < count; i++) {
        store.copy(start + i, row);
        System.arraycopy(row, 0, points, i * dim, dim);
      }
      int[] part = new int[count];
      KMeans.assign(points, dim, centres, nlist, part, threads);
      System.arraycopy(part, 0, out, start, count);
    }
  }

  /** {@code store}'s rows in the order {@code ids} gives. */
  private static FloatVectorValues permuted(FloatVectorStore store, int[] ids) {
    return new FloatVectorValues() {
      private final float[] row = new float[store.dimension()];

      @Override
      public int dimension() {
        return store.dimension();
      }

      @Override
      public int size() {
        return ids.length;
      }

      @Override
      public void copy(int ord, float[] dst, int offset) {
        store.copy(ids[ord], row);
        System.arraycopy(row, 0, dst, offset, row.length);
      }
    };
  }

  @Override
  public VectorIndex load(MemorySegment data, FloatVectorValues values, MetricType metric) throws IOException {
    IvfFormat.Parts parts = IvfFormat.read(data, encoding.magic(), encoding.type(), metric, values.dimension(), values.size());
    int n = parts.size();
    int dim = parts.dimension();
    List<MemorySegment> s = parts.sections();
    return switch (encoding) {
      case FLAT -> {
        if (s.size() != 1) {
          throw new IOException("corrupt " + type() + " index file: expected 4 sections");
        }
        FloatVectorStore lists = FloatVectorStore.wrap(s.get(0), n, dim, metric);
        yield new IvfIndex(encoding, metric, dim, n, parts.centres(), parts.listStarts(), parts.ids(), lists, null, s, List.of());
      }
      case SQ8 -> {
        check(s);
        ScalarQuantizer sq = ScalarQuantizer.fromSegment(s.get(1), dim);
        ScoringStore codes = ScalarQuantizer.SqVectorStore.wrap(sq, metric, s.get(0), n);
        yield new IvfIndex(encoding, metric, dim, n, parts.centres(), parts.listStarts(), parts.ids(), codes,
            FloatVectorStore.wrap(s.get(2), n, dim, metric), s, List.of());
      }
      case PQ -> {
        check(s);
        ProductQuantizer pq = ProductQuantizer.fromSegment(s.get(1), dim);
        ScoringStore codes = ProductQuantizer.PqVectorStore.wrap(pq, metric, s.get(0), n);
        yield new IvfIndex(encoding, metric, dim, n, parts.centres(), parts.listStarts(), parts.ids(), codes,
            FloatVectorStore.wrap(s.get(2), n, dim, metric), s, List.of());
      }
    };
  }

  private void check(List<MemorySegment> sections) throws IOException {
    if (sections.size() != 3) {
      throw new IOException("corrupt " + type() + " index file: expected 6 sections");
    }
  }
}
