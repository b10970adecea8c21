package io.quiver.storage.crypto;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Objects;

/**
 * Ciphertext read by position, for {@link EnvelopeCipher#decryptRange}: a local file, an array,
 * or an object store's ranged GET.
 *
 * <p>Thread safety: as the implementation; the cipher calls it from the calling thread only.
 */
public interface RandomAccessSource {

  /** The total size of the ciphertext in bytes. */
  long size() throws IOException;

  /**
   * Reads exactly {@code length} bytes starting at {@code position} into {@code dst}.
   *
   * @throws EOFException if the source ends first
   */
  void readFully(long position, byte[] dst, int offset, int length) throws IOException;

  /** A source over {@code bytes}, not copied. */
  static RandomAccessSource of(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return new RandomAccessSource() {
      @Override
      public long size() {
        return bytes.length;
      }

      @Override
      public void readFully(long position, byte[] dst, int offset, int length) throws IOException {
        if (position < 0 || position + length > bytes.length) {
          throw new EOFException("read of " + length + " bytes at " + position + " past the end (" + bytes.length + ")");
        }
        System.arraycopy(bytes, (int) position, dst, offset, length);
      }
    };
  }

  /** A source over an open channel, which the caller closes; positional reads, safe to share. */
  static RandomAccessSource of(FileChannel channel) {
    Objects.requireNonNull(channel, "channel");
    return new RandomAccessSource() {
      @Override
      public long size() throws IOException {
        return channel.size();
      }

      @Override
      public void readFully(long position, byte[] dst, int offset, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(dst, offset, length);
        long pos = position;
        while (buf.hasRemaining()) {
          int n = channel.read(buf, pos);
          if (n < 0) {
            throw new EOFException("read of " + length + " bytes at " + position + " past the end of the file");
          }
          pos += n;
        }
      }
    };
  }
}
