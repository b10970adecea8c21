package io.quiver.storage.format.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VectorFileTest {

  @TempDir
  Path dir;

  float[] data(int rows, int dim) {
    Random r = new Random(1);
    float[] d = new float[rows * dim];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) r.nextGaussian();
    }
    return d;
  }

  @Test
  void mapsBackExactlyTheWrittenVectors() throws IOException {
    float[] d = data(1000, 17);
    Path f = dir.resolve("v.bin");
    VectorFile.write(f, 7, 101, d, 1000, 17);
    try (Arena arena = Arena.ofConfined()) {
      VectorFile.Mapped m = VectorFile.map(f, 7, 101, arena);
      assertThat(m.rows()).isEqualTo(1000);
      assertThat(m.dimension()).isEqualTo(17);
      float[] back = m.vectors().toArray(ValueLayout.JAVA_FLOAT.withOrder(ByteOrder.LITTLE_ENDIAN));
      assertThat(back).containsExactly(d);
      assertThat(m.vectors().address() % 64).as("64-byte aligned after the page-aligned mapping").isZero();
    }
  }

  @Test
  void rejectsAnotherSegmentsFile() throws IOException {
    Path f = dir.resolve("v.bin");
    VectorFile.write(f, 7, 101, data(10, 4), 10, 4);
    try (Arena arena = Arena.ofConfined()) {
      assertThatThrownBy(() -> VectorFile.map(f, 8, 101, arena)).hasMessageContaining("belongs to segment 7");
    }
  }

  @Test
  void detectsAFlippedByteAndTruncation() throws IOException {
    Path f = dir.resolve("v.bin");
    VectorFile.write(f, 7, 101, data(100, 8), 100, 8);
    byte[] bytes = Files.readAllBytes(f);
    for (int at : new int[] {3, 20, 70, bytes.length - 1}) {
      byte[] copy = bytes.clone();
      copy[at] ^= 0x10;
      Path g = dir.resolve("flip" + at);
      Files.write(g, copy);
      try (Arena arena = Arena.ofConfined()) {
        assertThatThrownBy(() -> VectorFile.map(g, 7, 101, arena)).isInstanceOf(IOException.class).hasMessageContaining(g.toString());
      }
    }
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
      ch.truncate(bytes.length - 4);
    }
    try (Arena arena = Arena.ofConfined()) {
      assertThatThrownBy(() -> VectorFile.map(f, 7, 101, arena)).hasMessageContaining("do not fit");
    }
  }
}
