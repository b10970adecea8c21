package io.quiver.storage.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 100 MiB object streamed through the default 1 MiB chunks, never held in memory whole. */
class LargeObjectTest {

  private static final long SIZE = 100L << 20;
  private static final int BLOCK = 64 << 10;

  @TempDir Path dir;

  /** Plaintext byte blocks, each derived from its index, so any range can be regenerated. */
  private static byte[] block(long index) {
    byte[] b = new byte[BLOCK];
    new SplittableRandom(index * 31 + 7).nextBytes(b);
    return b;
  }

  private static byte[] expected(long offset, int length) {
    byte[] out = new byte[length];
    int written = 0;
    while (written < length) {
      long pos = offset + written;
      byte[] b = block(pos / BLOCK);
      int from = (int) (pos % BLOCK);
      int n = Math.min(length - written, BLOCK - from);
      System.arraycopy(b, from, out, written, n);
      written += n;
    }
    return out;
  }

  /** Streams SIZE bytes of plaintext, digesting what it hands out. */
  private static final class Generator extends InputStream {
    final MessageDigest digest = sha256();
    long pos;
    byte[] current;

    @Override
    public int read() {
      throw new UnsupportedOperationException();
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos == SIZE) {
        return -1;
      }
      if (pos % BLOCK == 0) {
        current = block(pos / BLOCK);
      }
      int n = (int) Math.min(len, Math.min(SIZE - pos, BLOCK - pos % BLOCK));
      System.arraycopy(current, (int) (pos % BLOCK), b, off, n);
      digest.update(b, off, n);
      pos += n;
      return n;
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void hundredMebibyteObjectStreamsThroughAndRandomRangesMatch() throws IOException {
    try (Fixture fx = new Fixture(EnvelopeOptions.defaults())) {
      ObjectContext ctx = Fixture.ctx("db1", "coll", "coll/segments/9/vectors.arrow");
      Path ciphertext = dir.resolve("object");
      Generator plaintext = new Generator();
      EnvelopeHeader header;
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(ciphertext), 1 << 16)) {
        header = fx.cipher.encrypt(ctx, plaintext, out);
      }
      assertThat(header.chunkSize()).isEqualTo(1 << 20);
      assertThat(Files.size(ciphertext)).isEqualTo(header.ciphertextSize(SIZE)).isEqualTo(SIZE + 100 * 16);
      assertThat(header.plaintextSize(Files.size(ciphertext))).isEqualTo(SIZE);

      MessageDigest back = sha256();
      byte[] buf = new byte[1 << 16];
      long total = 0;
      try (InputStream in = fx.cipher.decryptingStream(ctx, header, Files.newInputStream(ciphertext))) {
        for (int n; (n = in.read(buf)) > 0; ) {
          back.update(buf, 0, n);
          total += n;
        }
      }
      assertThat(total).isEqualTo(SIZE);
      assertThat(back.digest()).isEqualTo(plaintext.digest.digest());

      SplittableRandom r = new SplittableRandom(1);
      long[] offsets = {0, (1 << 20) - 1, 1 << 20, SIZE - 1, SIZE - (3 << 20) - 5};
      for (long offset : offsets) {
        int length = (int) Math.min(SIZE - offset, 3 << 20);
        assertThat(fx.cipher.decryptRange(ctx, header, ciphertext, offset, length)).isEqualTo(expected(offset, length));
      }
      for (int i = 0; i < 20; i++) {
        long offset = r.nextLong(SIZE);
        int length = (int) Math.min(SIZE - offset, r.nextInt(1, 4 << 20));
        assertThat(fx.cipher.decryptRange(ctx, header, ciphertext, offset, length))
            .as("[%d, +%d)", offset, length)
            .isEqualTo(expected(offset, length));
      }
    }
  }
}
