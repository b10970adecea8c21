package io.quiver.engine.index;

import java.lang.foreign.MemorySegment;

/**
 * Random access to a fixed set of dense float32 vectors by ordinal {@code 0 .. size()-1}.
 *
 * <p>Implementations are safe for concurrent reads. The set does not change while an index
 * built over it is in use.
 */
public interface FloatVectorValues {

  int dimension();

  int size();

  /** Copies vector {@code ord} into {@code dst[offset .. offset + dimension())}. */
  void copy(int ord, float[] dst, int offset);

  /**
   * All vectors as one contiguous region, if the implementation has one: {@code size()} rows of
   * {@code dimension()} float32 values, row-major, little-endian (a heap segment over a
   * {@code float[]} qualifies on little-endian machines), valid as long as this object is.
   * Indexes use it to copy in bulk instead of row by row. Default: {@code null} (not
   * contiguous).
   */
  default MemorySegment asMemorySegment() {
    return null;
  }

  /** Returns a new array holding vector {@code ord}. */
  default float[] vector(int ord) {
    float[] out = new float[dimension()];
    copy(ord, out, 0);
    return out;
  }

  /** Vectors held row-major in one array ({@code data.length == size * dimension}). */
  static FloatVectorValues of(float[] data, int dimension) {
    if (dimension <= 0 || data.length % dimension != 0) {
      throw new IllegalArgumentException("data length " + data.length + " is not a multiple of dimension " + dimension);
    }
    int size = data.length / dimension;
    return new FloatVectorValues() {
      @Override
      public int dimension() {
        return dimension;
      }

      @Override
      public int size() {
        return size;
      }

      @Override
      public void copy(int ord, float[] dst, int offset) {
        System.arraycopy(data, ord * dimension, dst, offset, dimension);
      }

      @Override
      public MemorySegment asMemorySegment() {
        return java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN ? MemorySegment.ofArray(data) : null;
      }
    };
  }
}
