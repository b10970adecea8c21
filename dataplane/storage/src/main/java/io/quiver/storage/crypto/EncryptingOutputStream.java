package io.quiver.storage.crypto;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Encrypts what is written to it into chunks written to a sink ({@link
 * EnvelopeCipher#encryptingStream}). Its {@link #header()} is known from the start; store it
 * (as the sidecar) once the ciphertext is complete.
 *
 * <p>A chunk is written to the sink only when the next byte arrives, or at {@link #finish()},
 * because only then is it known whether it is the last one. {@link #finish()} (or {@link
 * #close()}) must be called, or the ciphertext is incomplete and fails authentication. Memory:
 * two chunk-size buffers. Each chunk first checks that the database's key is not revoked,
 * so a long write stops at the first chunk after a revocation is seen ({@link
 * KeyRevokedException}). A stream given up on should be closed, or {@link #abandon()}ed, so its
 * data key is wiped at once.
 *
 * <p>Thread safety: not thread-safe.
 */
public final class EncryptingOutputStream extends OutputStream {

  private final EnvelopeHeader header;
  private final ChunkCodec codec;
  private final OutputStream sink;
  private final Runnable accessCheck;
  private final byte[] plain;
  private final byte[] sealed;
  private int filled;
  private long index;
  private long plaintextBytes;
  private boolean finished;
  private boolean failed;

  EncryptingOutputStream(EnvelopeHeader header, ChunkCodec codec, OutputStream sink, Runnable accessCheck) {
    this.header = header;
    this.codec = codec;
    this.sink = Objects.requireNonNull(sink, "sink");
    this.accessCheck = accessCheck;
    this.plain = new byte[codec.chunkSize()];
    this.sealed = new byte[codec.chunkSize() + ChunkCodec.TAG_BYTES];
  }

  /** The object's header, to store next to the ciphertext. */
  public EnvelopeHeader header() {
    return header;
  }

  /** Plaintext bytes written so far. */
  public long plaintextBytes() {
    return plaintextBytes;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    checkOpen();
    while (len > 0) {
      if (filled == plain.length) {
        emit(false);
      }
      int n = Math.min(len, plain.length - filled);
      System.arraycopy(b, off, plain, filled, n);
      filled += n;
      off += n;
      len -= n;
      plaintextBytes += n;
    }
  }

  private void emit(boolean last) throws IOException {
    boolean ok = false;
    try {
      accessCheck.run();
      int n = codec.encrypt(index, last, plain, 0, filled, sealed, 0);
      sink.write(sealed, 0, n);
      index++;
      filled = 0;
      ok = true;
    } finally {
      if (!ok) {
        failed = true;
      }
    }
  }

  private void checkOpen() throws IOException {
    if (failed) {
      throw new IOException("encrypting stream of " + header.context() + " failed earlier");
    }
    if (finished) {
      throw new IOException("encrypting stream of " + header.context() + " is finished");
    }
  }

  /** Flushes the sink; does not write a partial chunk. */
  @Override
  public void flush() throws IOException {
    sink.flush();
  }

  /** Writes the last chunk and flushes the sink, without closing it. Idempotent. */
  public void finish() throws IOException {
    if (finished) {
      return;
    }
    checkOpen();
    try {
      emit(true);
      sink.flush();
      finished = true;
    } finally {
      Arrays.fill(plain, (byte) 0);
      codec.close();
    }
  }

  /**
   * Wipes the data key and buffer without writing anything more; the stream fails from then on
   * unless it was finished. For callers that give up on a stream without closing its sink.
   */
  public void abandon() {
    if (!finished) {
      failed = true;
    }
    Arrays.fill(plain, (byte) 0);
    codec.close();
  }

  /** {@link #finish()}, then closes the sink. */
  @Override
  public void close() throws IOException {
    try {
      if (!failed) {
        finish();
      }
    } finally {
      codec.close();
      sink.close();
    }
  }
}
