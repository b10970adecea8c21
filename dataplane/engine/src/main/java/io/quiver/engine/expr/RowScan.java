package io.quiver.engine.expr;

import io.quiver.engine.util.FixedBitSet;

/**
 * Drives a per-word kernel over the rows in scope, 64 rows at a time, and collects the TRUE and
 * FALSE bits into a {@link Truth}. The kernel is called once per word that has rows in scope,
 * so its own inner loop stays monomorphic and tight.
 */
final class RowScan {

  private RowScan() {}

  /** Evaluates the rows of one 64-row word. */
  interface Kernel {
    /**
     * @param base the row of bit 0 of this word
     * @param mask the rows to evaluate (bit {@code b} = row {@code base + b}); never 0
     * @param word the index of this word in {@code t} and {@code f}
     * @param t where to store the TRUE bits of this word
     * @param f where to store the FALSE bits of this word
     */
    void scan(int base, long mask, int word, long[] t, long[] f);
  }

  /** A three-valued test of one row: {@link Values#TRUE}, {@link Values#FALSE} or {@link Values#UNKNOWN}. */
  @FunctionalInterface
  interface RowTest {
    int test(int row);
  }

  static Truth run(int rows, FixedBitSet scope, Kernel kernel) {
    FixedBitSet t = new FixedBitSet(rows);
    FixedBitSet f = new FixedBitSet(rows);
    long[] tw = t.words();
    long[] fw = f.words();
    int words = tw.length;
    if (scope == null) {
      for (int w = 0; w < words; w++) {
        int base = w << 6;
        long mask = rows - base >= 64 ? -1L : (1L << (rows - base)) - 1;
        kernel.scan(base, mask, w, tw, fw);
      }
    } else {
      long[] sw = scope.words();
      for (int w = 0; w < words; w++) {
        if (sw[w] != 0) {
          kernel.scan(w << 6, sw[w], w, tw, fw);
        }
      }
    }
    return new Truth(t, f);
  }

  /** Runs a generic row test. */
  static Truth run(int rows, FixedBitSet scope, RowTest test) {
    return run(rows, scope, (base, mask, word, t, f) -> {
      long tb = 0;
      long fb = 0;
      for (long m = mask; m != 0; m &= m - 1) {
        int b = Long.numberOfTrailingZeros(m);
        int r = test.test(base + b);
        if (r == Values.TRUE) {
          tb |= 1L << b;
        } else if (r == Values.FALSE) {
          fb |= 1L << b;
        }
      }
      t[word] = tb;
      f[word] = fb;
    });
  }
}
