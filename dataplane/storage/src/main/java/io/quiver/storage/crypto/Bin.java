package io.quiver.storage.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Big-endian binary encoding shared by the envelope header, the WAL record header and the AADs:
 * fixed-width integers, and strings and byte strings as an unsigned 16-bit length followed by
 * the bytes. Length-prefixing every variable field keeps concatenations unambiguous, which is
 * what makes them safe as AAD.
 */
final class Bin {

  /** The longest string or byte string a 16-bit length can describe. */
  static final int MAX_FIELD_BYTES = 0xFFFF;

  private Bin() {}

  /** A growable big-endian writer. Not thread safe. */
  static final class Writer {
    private byte[] buf;
    private int size;

    Writer(int capacity) {
      buf = new byte[Math.max(16, capacity)];
    }

    private void ensure(int more) {
      if (size + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(size + more, buf.length * 2));
      }
    }

    Writer u8(int v) {
      ensure(1);
      buf[size++] = (byte) v;
      return this;
    }

    Writer u16(int v) {
      ensure(2);
      buf[size++] = (byte) (v >>> 8);
      buf[size++] = (byte) v;
      return this;
    }

    Writer i32(int v) {
      ensure(4);
      for (int shift = 24; shift >= 0; shift -= 8) {
        buf[size++] = (byte) (v >>> shift);
      }
      return this;
    }

    Writer i64(long v) {
      ensure(8);
      for (int shift = 56; shift >= 0; shift -= 8) {
        buf[size++] = (byte) (v >>> shift);
      }
      return this;
    }

    /** Raw bytes, no length. */
    Writer raw(byte[] b) {
      ensure(b.length);
      System.arraycopy(b, 0, buf, size, b.length);
      size += b.length;
      return this;
    }

    /** A 16-bit length, then the bytes. */
    Writer bytes(byte[] b) {
      if (b.length > MAX_FIELD_BYTES) {
        throw new IllegalArgumentException("field of " + b.length + " bytes exceeds " + MAX_FIELD_BYTES);
      }
      return u16(b.length).raw(b);
    }

    /** A 16-bit length, then the UTF-8 bytes. */
    Writer string(String s) {
      return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    int size() {
      return size;
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buf, size);
    }
  }

  /**
   * A bounds-checked reader; every failure is a {@link Malformed} naming the offset, so damaged
   * input never allocates more than it holds. Not thread safe.
   */
  static final class Reader {
    private final ByteBuffer buf;

    /** Reads {@code data} from its position to its limit, without changing it. */
    Reader(ByteBuffer data) {
      this.buf = data.slice();
    }

    Reader(byte[] data) {
      this(ByteBuffer.wrap(data));
    }

    int offset() {
      return buf.position();
    }

    int remaining() {
      return buf.remaining();
    }

    private void need(int n) {
      if (n > buf.remaining()) {
        throw new Malformed(buf.position(), "needs " + n + " bytes but only " + buf.remaining() + " remain");
      }
    }

    int u8() {
      need(1);
      return buf.get() & 0xFF;
    }

    int u16() {
      need(2);
      return buf.getShort() & 0xFFFF;
    }

    int i32() {
      need(4);
      return buf.getInt();
    }

    long i64() {
      need(8);
      return buf.getLong();
    }

    byte[] raw(int n) {
      need(n);
      byte[] out = new byte[n];
      buf.get(out);
      return out;
    }

    byte[] bytes() {
      return raw(u16());
    }

    String string() {
      int at = buf.position();
      byte[] b = bytes();
      try {
        return StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(b))
            .toString();
      } catch (CharacterCodingException e) {
        throw new Malformed(at, "invalid UTF-8 text");
      }
    }

    void expectEnd() {
      if (buf.hasRemaining()) {
        throw new Malformed(buf.position(), buf.remaining() + " unexpected trailing bytes");
      }
    }
  }

  /** Damaged or foreign bytes; {@link #offset} is where reading failed. */
  static final class Malformed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int offset;

    Malformed(int offset, String reason) {
      super(reason + " (at byte " + offset + ")");
      this.offset = offset;
    }
  }
}
