package io.quiver.storage.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;

/**
 * Decrypts a ciphertext stream chunk by chunk ({@link EnvelopeCipher#decryptingStream}). Each
 * chunk is authenticated before any of its bytes are returned; reading one byte past a full chunk
 * tells whether it is the last, so truncation at a chunk boundary fails at the end of the stream.
 * Consumers must treat what they read as valid only once the stream reached its end without an
 * error.
 *
 * <p>Errors are unchecked: {@link EncryptedObjectException} (failed authentication, truncated),
 * {@link KeyRevokedException} (the key was revoked while reading; checked before each chunk).
 *
 * <p>Thread safety: not thread-safe.
 */
final class DecryptingInputStream extends InputStream {

  private final InputStream source;
  private final ChunkCodec codec;
  private final Runnable accessCheck;
  private final ObjectContext context;
  private final byte[] sealed;
  private final byte[] plain;
  private int plainPos;
  private int plainLen;
  private long index;
  private int lookahead = -1;
  private boolean lastDone;
  private boolean closed;

  DecryptingInputStream(InputStream source, ChunkCodec codec, Runnable accessCheck, ObjectContext context) {
    this.source = Objects.requireNonNull(source, "source");
    this.codec = codec;
    this.accessCheck = accessCheck;
    this.context = context;
    this.sealed = new byte[codec.chunkSize() + ChunkCodec.TAG_BYTES];
    this.plain = new byte[codec.chunkSize()];
  }

  private boolean fill() throws IOException {
    while (plainPos == plainLen) {
      if (lastDone) {
        return false;
      }
      int n = 0;
      if (lookahead >= 0) {
        sealed[n++] = (byte) lookahead;
        lookahead = -1;
      }
      n += source.readNBytes(sealed, n, sealed.length - n);
      boolean last = n < sealed.length;
      if (!last) {
        int next = source.read();
        if (next < 0) {
          last = true;
        } else {
          lookahead = next;
        }
      }
      if (n < ChunkCodec.TAG_BYTES) {
        throw new EncryptedObjectException("encrypted object '" + context.objectName() + "' of database '"
            + context.database() + "' is truncated at chunk " + index);
      }
      accessCheck.run();
      try {
        plainLen = codec.decrypt(index, last, sealed, 0, n, plain, 0);
      } catch (AEADBadTagException e) {
        throw EnvelopeCipher.authenticationFailed(context, index);
      }
      plainPos = 0;
      index++;
      lastDone = last;
    }
    return true;
  }

  @Override
  public int read() throws IOException {
    checkOpen();
    return fill() ? plain[plainPos++] & 0xFF : -1;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    checkOpen();
    if (len == 0) {
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    int n = Math.min(len, plainLen - plainPos);
    System.arraycopy(plain, plainPos, b, off, n);
    plainPos += n;
    return n;
  }

  @Override
  public int available() {
    return plainLen - plainPos;
  }

  private void checkOpen() throws IOException {
    if (closed) {
      throw new IOException("decrypting stream of " + context + " is closed");
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    Arrays.fill(plain, (byte) 0);
    codec.close();
    source.close();
  }
}
