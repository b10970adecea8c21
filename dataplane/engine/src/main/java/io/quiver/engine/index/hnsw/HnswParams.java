package io.quiver.engine.index.hnsw;

import io.quiver.engine.index.IndexParams;

/**
 * HNSW build parameters, with Milvus's names, ranges and defaults.
 *
 * <ul>
 *   <li>{@code M}: maximum neighbours per node above level 0 (level 0 keeps up to 2 M), in
 *       [2, 2048]; default 30, as in Milvus.
 *   <li>{@code efConstruction}: beam width while inserting, in [1, 65536]; default 360, as in
 *       Milvus.
 * </ul>
 *
 * Search parameter {@code ef} (beam width at query time), in [1, 65536]; default
 * {@code max(k, 64)}; a value below {@code k} is raised to {@code k} (Milvus rejects it; being
 * lenient here loses nothing).
 */
public record HnswParams(int m, int efConstruction) {

  public static final String M = "M";
  public static final String EF_CONSTRUCTION = "efConstruction";
  public static final String EF = "ef";

  public static final int DEFAULT_M = 30;
  public static final int DEFAULT_EF_CONSTRUCTION = 360;
  public static final int DEFAULT_EF = 64;
  public static final int MAX_EF = 1 << 16;

  /**
   * Parses and range-checks the build parameters.
   *
   * @throws io.quiver.engine.error.QuiverException naming the bad parameter
   */
  public static HnswParams parse(IndexParams params) {
    int m = params.getInt(M, DEFAULT_M, 2, 2048);
    int efConstruction = params.getInt(EF_CONSTRUCTION, DEFAULT_EF_CONSTRUCTION, 1, MAX_EF);
    return new HnswParams(m, efConstruction);
  }

  /** The beam width for a search returning {@code k} hits. */
  public static int searchEf(IndexParams params, int k) {
    int ef = params == null ? Math.max(k, DEFAULT_EF) : params.getInt(EF, Math.max(k, DEFAULT_EF), 1, MAX_EF);
    return Math.max(ef, k);
  }
}
