package io.quiver.storage.format.v1;

import io.quiver.engine.schema.CollectionSchema;
import io.quiver.engine.schema.DataType;
import io.quiver.engine.schema.FieldSchema;
import io.quiver.engine.segment.ColumnData;
import io.quiver.engine.segment.WriteBatch;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Throughput of the segment file and WAL record formats with 128-d float vectors; run by hand:
 * {@code java <flags> -cp <test classpath> io.quiver.storage.format.v1.FormatBench <dir> [rows...]}.
 * Not a test: it asserts nothing but that data round-trips.
 */
public final class FormatBench {

  private FormatBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int dim = 128;
    FieldSchema vec = Fixtures.field(101, "v", DataType.FLOAT_VECTOR, DataType.NONE, false, dim);
    CollectionSchema schema = new CollectionSchema("", List.of(Fixtures.pk(100, DataType.INT64), vec), false);
    for (int a = 1; a < args.length; a++) {
      int rows = Integer.parseInt(args[a]);
      long[] ids = new long[rows];
      long[] ts = new long[rows];
      float[] vectors = new float[Math.multiplyExact(rows, dim)];
      Random random = new Random(1);
      for (int i = 0; i < rows; i++) {
        ids[i] = i;
        ts[i] = 1000 + i / 100;
      }
      for (int i = 0; i < vectors.length; i++) {
        vectors[i] = random.nextFloat();
      }
      Map<Long, ColumnData> columns = Map.of(
          100L, new ColumnData(schema.primaryField(), rows, ids, null),
          101L, new ColumnData(vec, rows, vectors, null));
      Path file = dir.resolve("bench-" + rows + ".arrow");
      double mb = (rows * (dim * 4.0 + 16)) / (1 << 20);
      for (int iter = 0; iter < 5; iter++) {
        long t0 = System.nanoTime();
        SegmentFile.write(file, new SegmentInfo(1, 1, 0, rows), schema, columns, rows, ts);
        long t1 = System.nanoTime();
        SegmentFile.Contents read = SegmentFile.read(file, schema);
        long t2 = System.nanoTime();
        if (!java.util.Arrays.equals((float[]) read.columns().get(101L).values(), vectors)) {
          throw new AssertionError("vectors differ");
        }
        System.out.printf("segment %,d x %d (%.0f MiB, file %,d bytes): write+fsync %.0f ms (%.0f MiB/s), read %.0f ms (%.0f MiB/s)%n",
            rows, dim, mb, Files.size(file), (t1 - t0) / 1e6, mb / ((t1 - t0) / 1e9), (t2 - t1) / 1e6, mb / ((t2 - t1) / 1e9));
      }
      Files.delete(file);
      int batchRows = Math.min(rows, 10_000);
      WriteBatch batch = new WriteBatch(0, 1, 2, null, Map.of(
          100L, new ColumnData(schema.primaryField(), batchRows, java.util.Arrays.copyOf(ids, batchRows), null),
          101L, new ColumnData(vec, batchRows, java.util.Arrays.copyOf(vectors, batchRows * dim), null)), batchRows);
      for (int iter = 0; iter < 5; iter++) {
        long t0 = System.nanoTime();
        byte[] bytes = WalRecordCodec.encode(batch);
        long t1 = System.nanoTime();
        WalRecordCodec.decode(ByteBuffer.wrap(bytes), schema);
        long t2 = System.nanoTime();
        double bmb = bytes.length / (double) (1 << 20);
        System.out.printf("wal record %,d x %d (%.1f MiB): encode %.1f ms (%.0f MiB/s), decode %.1f ms (%.0f MiB/s)%n", batchRows, dim,
            bmb, (t1 - t0) / 1e6, bmb / ((t1 - t0) / 1e9), (t2 - t1) / 1e6, bmb / ((t2 - t1) / 1e9));
      }
    }
  }
}
