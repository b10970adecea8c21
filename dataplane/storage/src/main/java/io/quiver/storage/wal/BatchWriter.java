package io.quiver.storage.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes batches with gathering writes. Headers and heap records are copied into one direct
 * staging buffer, so many small records leave in one system call; direct records of at least
 * {@value #ZERO_COPY_MIN_BYTES} bytes join the gathering write without a copy. Heap records
 * larger than the staging buffer pass through it in pieces, which bounds the native memory a
 * log holds to the staging buffer (writing a heap buffer through {@code FileChannel} directly
 * would make the JDK cache a temporary direct buffer as large as the largest record).
 *
 * <p>Thread safety: none; owned by the log's writer thread.
 */
final class BatchWriter {

  static final int STAGING_BYTES = 512 << 10;
  static final int ZERO_COPY_MIN_BYTES = 64 << 10;
  /** Keeps each gathering write within the usual IOV_MAX (1024). */
  private static final int MAX_PIECES = 1024;

  private final ByteBuffer staging = ByteBuffer.allocateDirect(STAGING_BYTES);
  private final List<ByteBuffer> pieces = new ArrayList<>();
  private int sliceStart;
  private FileChannel channel;

  /**
   * Writes records {@code from} (inclusive) to {@code to} (exclusive) of {@code group} as one
   * batch at the channel's position. Does not force.
   *
   * @return the bytes written
   */
  long writeBatch(FileChannel channel, List<PendingRecord> group, int from, int to)
      throws IOException {
    this.channel = channel;
    try {
      long body = 0;
      for (int i = from; i < to; i++) {
        body += group.get(i).frameBytes();
      }
      WalFormat.putBatchHeader(staging, to - from, group.get(from).lsn(), body);
      for (int i = from; i < to; i++) {
        PendingRecord record = group.get(i);
        reserve(WalFormat.FRAME_HEADER_BYTES);
        WalFormat.putFrameHeader(staging, record.storedLength(), record.crc());
        addPayload(record.stored().duplicate());
      }
      flush();
      return WalFormat.BATCH_HEADER_BYTES + body;
    } finally {
      pieces.clear();
      staging.clear();
      sliceStart = 0;
      this.channel = null;
    }
  }

  private void reserve(int bytes) throws IOException {
    if (staging.remaining() < bytes) {
      flush();
    }
  }

  private void addPayload(ByteBuffer payload) throws IOException {
    if (payload.isDirect() && payload.remaining() >= ZERO_COPY_MIN_BYTES) {
      cutSlice();
      pieces.add(payload);
      if (pieces.size() >= MAX_PIECES - 1) {
        flush();
      }
      return;
    }
    while (payload.hasRemaining()) {
      if (!staging.hasRemaining()) {
        flush();
      }
      int n = Math.min(staging.remaining(), payload.remaining());
      staging.put(payload.slice(payload.position(), n));
      payload.position(payload.position() + n);
    }
  }

  /** Adds the staged bytes not yet in {@link #pieces} as one piece. */
  private void cutSlice() {
    int end = staging.position();
    if (end > sliceStart) {
      pieces.add(staging.slice(sliceStart, end - sliceStart));
      sliceStart = end;
    }
  }

  private void flush() throws IOException {
    cutSlice();
    ByteBuffer[] buffers = pieces.toArray(ByteBuffer[]::new);
    long remaining = 0;
    for (ByteBuffer buffer : buffers) {
      remaining += buffer.remaining();
    }
    while (remaining > 0) {
      remaining -= channel.write(buffers);
    }
    pieces.clear();
    staging.clear();
    sliceStart = 0;
  }
}
