package io.quiver.engine.index.ivf;

import io.quiver.engine.index.IndexParams;

/**
 * IVF parameters, Milvus names and defaults: build {@code nlist} (number of k-means lists, in
 * [1, 65536], default 128; capped at the number of vectors); search {@code nprobe} (lists
 * scanned per query, in [1, 65536], default 8; capped at nlist).
 */
public final class IvfParams {

  public static final String NLIST = "nlist";
  public static final String NPROBE = "nprobe";
  public static final int DEFAULT_NLIST = 128;
  public static final int DEFAULT_NPROBE = 8;
  static final int MAX = 1 << 16;

  private IvfParams() {}

  public static int nlist(IndexParams params) {
    return params.getInt(NLIST, DEFAULT_NLIST, 1, MAX);
  }

  public static int nprobe(IndexParams params) {
    return params == null ? DEFAULT_NPROBE : params.getInt(NPROBE, DEFAULT_NPROBE, 1, MAX);
  }
}
