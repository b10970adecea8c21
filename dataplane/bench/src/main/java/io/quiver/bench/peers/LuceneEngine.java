package io.quiver.bench.peers;

import io.quiver.bench.AnnEngine;
import io.quiver.bench.Dataset;
import io.quiver.engine.vector.MetricType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.AcceptDocs;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopKnnCollector;
import org.apache.lucene.store.MMapDirectory;

/**
 * Lucene 10 through its codec path: IndexWriter with {@link Lucene99HnswVectorsFormat}(M,
 * beamWidth) in an {@link MMapDirectory}, force-merged to one segment, searched through the
 * segment's vector reader ({@link LeafReader#searchNearestVectors}) with a
 * {@link TopKnnCollector} of size ef, keeping the best k.
 *
 * <p>With one thread: one indexing thread and one segment (the graph is built while adding).
 * With more: that many indexing threads (one segment each) and a force merge with as many merge
 * workers, Lucene's concurrent HNSW merge.
 */
public final class LuceneEngine implements AnnEngine {

  private static final String FIELD = "v";
  private final int m;
  private final int beamWidth;
  private final Path workDir;
  private Path indexDir;
  private MMapDirectory directory;
  private DirectoryReader reader;
  private LeafReader leaf;
  private AcceptDocs all;
  private int[] docToOrd;

  public LuceneEngine(int m, int beamWidth, Path workDir) {
    this.m = m;
    this.beamWidth = beamWidth;
    this.workDir = workDir;
  }

  @Override
  public String name() {
    return "Lucene HNSW";
  }

  @Override
  public void build(Dataset d, int threads) throws Exception {
    close();
    indexDir = Files.createTempDirectory(workDir, "lucene-");
    VectorSimilarityFunction similarity = d.metric() == MetricType.L2 ? VectorSimilarityFunction.EUCLIDEAN : VectorSimilarityFunction.DOT_PRODUCT;
    ExecutorService mergeExec = threads > 1 ? Executors.newFixedThreadPool(threads) : null;
    try {
      KnnVectorsFormat format = threads > 1 ? new Lucene99HnswVectorsFormat(m, beamWidth, threads, mergeExec) : new Lucene99HnswVectorsFormat(m, beamWidth);
      IndexWriterConfig config = new IndexWriterConfig()
          .setCodec(new Lucene103Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
              return format;
            }
          })
          .setRAMBufferSizeMB(1900)
          .setUseCompoundFile(false);
      directory = new MMapDirectory(indexDir);
      try (IndexWriter writer = new IndexWriter(directory, config)) {
        int n = d.size();
        int dim = d.dimension();
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int first = t;
          Thread worker = new Thread(() -> {
            try {
              for (int i = first; i < n; i += threads) {
                float[] v = new float[dim];
                System.arraycopy(d.base(), i * dim, v, 0, dim);
                Document doc = new Document();
                doc.add(new KnnFloatVectorField(FIELD, v, similarity));
                doc.add(new NumericDocValuesField("id", i));
                writer.addDocument(doc);
              }
            } catch (Throwable e) {
              synchronized (failures) {
                failures.add(e);
              }
            }
          });
          worker.start();
          workers.add(worker);
        }
        for (Thread w : workers) {
          w.join();
        }
        if (!failures.isEmpty()) {
          throw new IOException("Lucene indexing failed", failures.get(0));
        }
        writer.forceMerge(1);
        writer.commit();
      }
    } finally {
      if (mergeExec != null) {
        mergeExec.shutdown();
      }
    }
    reader = DirectoryReader.open(directory);
    if (reader.leaves().size() != 1) {
      throw new IllegalStateException("expected one segment, got " + reader.leaves().size());
    }
    leaf = reader.leaves().get(0).reader();
    all = AcceptDocs.fromLiveDocs(null, leaf.maxDoc());
    docToOrd = new int[leaf.maxDoc()];
    NumericDocValues ids = leaf.getNumericDocValues("id");
    for (int doc = ids.nextDoc(); doc != NumericDocValues.NO_MORE_DOCS; doc = ids.nextDoc()) {
      docToOrd[doc] = (int) ids.longValue();
    }
  }

  @Override
  public int search(float[] query, int k, int ef, int[] out) throws IOException {
    TopKnnCollector collector = new TopKnnCollector(ef, Integer.MAX_VALUE);
    leaf.searchNearestVectors(FIELD, query, collector, all);
    TopDocs top = collector.topDocs();
    ScoreDoc[] docs = top.scoreDocs;
    int count = Math.min(k, docs.length);
    for (int i = 0; i < count; i++) {
      out[i] = docToOrd[docs[i].doc];
    }
    return count;
  }

  private long filesEnding(String suffix) throws IOException {
    try (Stream<Path> files = Files.list(indexDir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(suffix)).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  @Override
  public long graphBytes() {
    try {
      return filesEnding(".vex");
    } catch (IOException e) {
      return -1;
    }
  }

  @Override
  public long traversalVectorBytes() {
    try {
      return filesEnding(".vec");
    } catch (IOException e) {
      return -1;
    }
  }

  @Override
  public void close() throws IOException {
    if (reader != null) {
      reader.close();
      reader = null;
    }
    if (directory != null) {
      directory.close();
      directory = null;
    }
    if (indexDir != null) {
      try (Stream<Path> walk = Files.walk(indexDir)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
      indexDir = null;
    }
  }
}
