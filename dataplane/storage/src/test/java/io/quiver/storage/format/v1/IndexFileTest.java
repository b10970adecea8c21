package io.quiver.storage.format.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.engine.index.FloatVectorValues;
import io.quiver.engine.index.IndexParams;
import io.quiver.engine.index.IndexRegistry;
import io.quiver.engine.index.SearchHits;
import io.quiver.engine.index.VectorIndex;
import io.quiver.engine.util.Bits;
import io.quiver.engine.vector.MetricType;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexFileTest {

  private static final int DIM = 8;

  @TempDir Path dir;

  private static FloatVectorValues vectors(int n) {
    Random random = new Random(n);
    float[] data = new float[n * DIM];
    for (int i = 0; i < data.length; i++) {
      data[i] = random.nextFloat();
    }
    return FloatVectorValues.of(data, DIM);
  }

  /** An index whose payload is {@code payload}; optionally fails after writing half of it. */
  private record FakeIndex(String type, byte[] payload, boolean failMidway) implements VectorIndex {
    @Override
    public MetricType metric() {
      return MetricType.L2;
    }

    @Override
    public int dimension() {
      return DIM;
    }

    @Override
    public int size() {
      return 0;
    }

    @Override
    public SearchHits search(float[] query, int k, Bits accept, IndexParams searchParams) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long ramBytesUsed() {
      return payload.length;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
      if (failMidway) {
        out.write(payload, 0, payload.length / 2);
        out.flush();
        throw new IOException("index serialization failed");
      }
      for (byte b : Arrays.copyOf(payload, 3)) {
        out.write(b); // single bytes, then the rest in bulk
      }
      out.write(payload, 3, payload.length - 3);
    }
  }

  private static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void roundTripsAFlatIndexThroughTheRegistry() throws IOException {
    FloatVectorValues vectors = vectors(100);
    VectorIndex index = IndexRegistry.factory("FLAT").build(vectors, MetricType.COSINE, IndexParams.EMPTY, 1);
    Path file = dir.resolve("idx");
    IndexFile.write(file, 5, 101, index);
    try (Arena arena = Arena.ofConfined()) {
      IndexFile.Mapped mapped = IndexFile.map(file, 5, 101, arena);
      assertThat(mapped.type()).isEqualTo("FLAT");
      assertThat(mapped.payload().isReadOnly()).isTrue();
      assertThat(mapped.payload().address() % IndexFile.ALIGNMENT).isZero();
      VectorIndex loaded = IndexRegistry.factory(mapped.type()).load(mapped.payload(), vectors, MetricType.COSINE);
      float[] query = vectors.vector(7);
      SearchHits expected = index.search(query, 5, null, IndexParams.EMPTY);
      SearchHits actual = loaded.search(query, 5, null, IndexParams.EMPTY);
      assertThat(actual).usingRecursiveComparison().isEqualTo(expected);
    }
  }

  @Test
  void mapsThePayloadExactly() throws IOException {
    for (int length : new int[] {3, 4, 63, 64, 65, 100_000}) {
      byte[] payload = bytes(length, length);
      Path file = dir.resolve("p" + length);
      IndexFile.write(file, 1, 2, new FakeIndex("HNSW_" + "x".repeat(length % 40), payload, false));
      try (Arena arena = Arena.ofConfined()) {
        IndexFile.Mapped mapped = IndexFile.map(file, 1, 2, arena);
        assertThat(mapped.type()).isEqualTo("HNSW_" + "x".repeat(length % 40));
        assertThat(mapped.payload().toArray(ValueLayout.JAVA_BYTE)).isEqualTo(payload);
      }
      byte[] head = Arrays.copyOf(Files.readAllBytes(file), 8);
      assertThat(new String(head, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("QIDX");
      assertThat(head[4]).isEqualTo((byte) IndexFile.VERSION);
    }
  }

  @Test
  void rejectsAnotherSegmentOrField() throws IOException {
    Path file = dir.resolve("idx");
    IndexFile.write(file, 1, 2, new FakeIndex("FLAT", bytes(10, 1), false));
    try (Arena arena = Arena.ofConfined()) {
      assertThatThrownBy(() -> IndexFile.map(file, 9, 2, arena)).isInstanceOf(IOException.class)
          .hasMessageContaining(file.toString()).hasMessageContaining("segment 1 field 2");
      assertThatThrownBy(() -> IndexFile.map(file, 1, 3, arena)).isInstanceOf(IOException.class)
          .hasMessageContaining("not segment 1 field 3");
    }
  }

  @Test
  void detectsPayloadDamage() throws IOException {
    Path file = dir.resolve("idx");
    IndexFile.write(file, 1, 2, new FakeIndex("FLAT", bytes(1000, 1), false));
    byte[] full = Files.readAllBytes(file);
    full[full.length - 100] ^= 0x10;
    Files.write(file, full);
    try (Arena arena = Arena.ofConfined()) {
      assertThatThrownBy(() -> IndexFile.map(file, 1, 2, arena)).isInstanceOf(IOException.class)
          .hasMessageContaining(file.toString()).hasMessageContaining("checksum mismatch");
    }
  }

  @Test
  void detectsEveryHeaderBitFlipAndEveryTruncation() throws IOException {
    Path file = dir.resolve("idx");
    IndexFile.write(file, 1, 2, new FakeIndex("IVF_FLAT", bytes(50, 1), false));
    byte[] full = Files.readAllBytes(file);
    try (Arena arena = Arena.ofConfined()) {
      for (int bit = 0; bit < 64 * 8; bit++) {
        byte[] damaged = full.clone();
        damaged[bit / 8] ^= (byte) (1 << (bit % 8));
        Files.write(file, damaged);
        if (bit / 8 >= 4 + 4 + 8 + 8 + 4 + 4 + 8 + 4 + 8 + 4) {
          continue; // zero padding between header and payload carries no information
        }
        assertThatThrownBy(() -> IndexFile.map(file, 1, 2, arena)).as("bit %d", bit).isInstanceOf(IOException.class);
      }
      for (int length = 0; length < full.length; length++) {
        Files.write(file, Arrays.copyOf(full, length));
        assertThatThrownBy(() -> IndexFile.map(file, 1, 2, arena)).as("length %d", length).isInstanceOf(IOException.class);
      }
    }
  }

  @Test
  void aFailingIndexSerializationLeavesTheOldFileIntact() throws IOException {
    Path file = dir.resolve("idx");
    byte[] old = bytes(5000, 1);
    IndexFile.write(file, 1, 2, new FakeIndex("FLAT", old, false));
    assertThatThrownBy(() -> IndexFile.write(file, 1, 2, new FakeIndex("HNSW", bytes(200_000, 2), true)))
        .isInstanceOf(IOException.class)
        .hasMessage("index serialization failed");
    try (Arena arena = Arena.ofConfined()) {
      IndexFile.Mapped mapped = IndexFile.map(file, 1, 2, arena);
      assertThat(mapped.type()).isEqualTo("FLAT");
      assertThat(mapped.payload().toArray(ValueLayout.JAVA_BYTE)).isEqualTo(old);
    }
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }
}
