package io.quiver.engine.quantization;

import io.quiver.engine.error.QuiverException;
import io.quiver.engine.index.IndexParams;

/**
 * Product quantization parameters, Milvus names: {@code m} (sub-vectors; must divide the
 * dimension; default the largest divisor of the dimension not above dimension / 4, i.e. about
 * 4 dimensions per byte) and {@code nbits} (bits per sub-vector code, in [1, 8]; default 8).
 */
public record PqParams(int m, int nbits) {

  public static final String M = "m";
  public static final String NBITS = "nbits";

  /**
   * @throws QuiverException naming the bad parameter
   */
  public static PqParams parse(IndexParams params, int dimension) {
    int m = params.getInt(M, defaultM(dimension), 1, Math.max(1, dimension));
    if (dimension % m != 0) {
      throw QuiverException.invalid("parameter %s must divide the vector dimension %d, got %d", M, dimension, m);
    }
    int nbits = params.getInt(NBITS, 8, 1, 8);
    return new PqParams(m, nbits);
  }

  static int defaultM(int dimension) {
    for (int m = Math.max(1, dimension / 4); m > 1; m--) {
      if (dimension % m == 0) {
        return m;
      }
    }
    return 1;
  }
}
