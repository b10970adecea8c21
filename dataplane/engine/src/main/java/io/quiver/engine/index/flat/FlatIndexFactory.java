package io.quiver.engine.index.flat;

import io.quiver.engine.index.FloatVectorValues;
import io.quiver.engine.index.IndexParams;
import io.quiver.engine.index.VectorIndex;
import io.quiver.engine.index.VectorIndexFactory;
import io.quiver.engine.vector.MetricType;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Factory for {@link FlatIndex}: exact search, no build parameters. */
public final class FlatIndexFactory implements VectorIndexFactory {

  public static final String TYPE = "FLAT";

  private static final ValueLayout.OfInt INT_BE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public void validate(IndexParams buildParams, MetricType metric, int dimension) {
    // FLAT has no build parameters; unknown extra keys are ignored like Milvus does.
  }

  @Override
  public VectorIndex build(FloatVectorValues vectors, MetricType metric, IndexParams buildParams, int threads) {
    return new FlatIndex(vectors, metric);
  }

  @Override
  public VectorIndex load(MemorySegment data, FloatVectorValues vectors, MetricType metric) throws IOException {
    if (data.byteSize() < 20 || data.get(INT_BE, 0) != FlatIndex.MAGIC) {
      throw new IOException("not a FLAT index file (bad magic)");
    }
    int version = data.get(INT_BE, 4);
    if (version != FlatIndex.VERSION) {
      throw new IOException("unsupported FLAT index version " + version);
    }
    int storedMetric = data.get(INT_BE, 8);
    int dimension = data.get(INT_BE, 12);
    int size = data.get(INT_BE, 16);
    if (storedMetric != metric.ordinal() || dimension != vectors.dimension() || size != vectors.size()) {
      throw new IOException("FLAT index header does not match its segment (metric, dimension or size)");
    }
    return new FlatIndex(vectors, metric);
  }
}
