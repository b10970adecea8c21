package io.quiver.bench.peers;

import io.quiver.bench.AnnEngine;
import io.quiver.bench.Dataset;
import io.quiver.engine.index.FloatVectorValues;
import io.quiver.engine.index.IndexParams;
import io.quiver.engine.index.IndexRegistry;
import io.quiver.engine.index.SearchHits;
import io.quiver.engine.index.VectorIndex;
import io.quiver.engine.index.VectorIndexFactory;
import io.quiver.engine.index.hnsw.HnswIndex;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * A Quiver index type, built in process, written to its file format and searched after mapping
 * the file back (like Lucene's MMapDirectory), so vectors and graph are read from the page
 * cache, not the Java heap. Build time includes writing the file.
 */
public final class QuiverEngine implements AnnEngine {

  private final String label;
  private final String type;
  private final Map<String, String> buildParams;
  private final String efParam;
  private final Path workDir;
  private final Map<Integer, IndexParams> searchParams = new HashMap<>();
  private VectorIndex index;
  private Arena arena;

  /**
   * @param efParam the search parameter the sweep's beam width maps to ({@code ef} for HNSW,
   *     {@code nprobe} for IVF)
   */
  public QuiverEngine(String label, String type, Map<String, String> buildParams, String efParam, Path workDir) {
    this.label = label;
    this.type = type;
    this.buildParams = Map.copyOf(buildParams);
    this.efParam = efParam;
    this.workDir = workDir;
  }

  @Override
  public String name() {
    return label;
  }

  public VectorIndex index() {
    return index;
  }

  @Override
  public void build(Dataset d, int threads) throws Exception {
    close();
    VectorIndexFactory factory = IndexRegistry.factory(type);
    FloatVectorValues values = FloatVectorValues.of(d.base(), d.dimension());
    Path file = Files.createTempFile(workDir, type.toLowerCase() + "-", ".idx");
    try (VectorIndex built = factory.build(values, d.metric(), IndexParams.of(buildParams), threads);
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      built.writeTo(out);
    }
    arena = Arena.ofShared();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      MemorySegment mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
      index = factory.load(mapped, values, d.metric());
    }
    Files.delete(file); // stays mapped until the arena closes
  }

  @Override
  public int search(float[] query, int k, int ef, int[] out) {
    IndexParams params = searchParams.computeIfAbsent(ef, e -> IndexParams.of(Map.of(efParam, Integer.toString(e))));
    SearchHits hits = index.search(query, k, null, params);
    System.arraycopy(hits.ords(), 0, out, 0, hits.count());
    return hits.count();
  }

  @Override
  public long graphBytes() {
    return index instanceof HnswIndex h ? h.graph().byteSize() : 0;
  }

  @Override
  public long traversalVectorBytes() {
    return index instanceof HnswIndex h ? h.traversal().byteSize() : index.ramBytesUsed();
  }

  @Override
  public void close() {
    if (index != null) {
      index.close();
      index = null;
    }
    if (arena != null) {
      arena.close();
      arena = null;
    }
  }
}
