package io.quiver.storage.format.v1;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Bounds-checked little-endian reads from a buffer. Every length read from the data is checked
 * against the bytes that remain before anything is allocated for it, so damaged input fails
 * with a {@link MalformedRecordException} naming the offset instead of an out-of-memory error.
 * Not thread safe.
 */
final class ByteSource {

  private final ByteBuffer buf;
  private final String what;

  /** Reads {@code record} from its position to its limit without changing it. */
  ByteSource(ByteBuffer record, String what) {
    this.buf = record.slice().order(ByteOrder.LITTLE_ENDIAN);
    this.what = what;
  }

  int offset() {
    return buf.position();
  }

  int remaining() {
    return buf.remaining();
  }

  ByteBuffer buffer() {
    return buf;
  }

  MalformedRecordException malformed(String reason) {
    return new MalformedRecordException("malformed " + what + " at byte " + buf.position() + ": " + reason);
  }

  /** Fails unless {@code count} items of at least {@code minBytes} each can still follow. */
  void need(long count, long minBytes) {
    if (count < 0 || count * minBytes > buf.remaining()) {
      throw malformed("needs " + count + " x " + minBytes + " bytes but only " + buf.remaining() + " remain (truncated or damaged)");
    }
  }

  int u8() {
    need(1, 1);
    return buf.get() & 0xFF;
  }

  byte i8() {
    need(1, 1);
    return buf.get();
  }

  short i16() {
    need(1, 2);
    return buf.getShort();
  }

  int i32() {
    need(1, 4);
    return buf.getInt();
  }

  long i64() {
    need(1, 8);
    return buf.getLong();
  }

  float f32() {
    need(1, 4);
    return buf.getFloat();
  }

  double f64() {
    need(1, 8);
    return buf.getDouble();
  }

  /** Unsigned LEB128, at most 5 bytes, fitting a non-negative int. */
  int varint() {
    int value = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      int b = u8();
      if (shift == 28 && (b & 0xF8) != 0) {
        throw malformed("varint does not fit a non-negative int");
      }
      value |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw malformed("varint longer than 5 bytes");
  }

  /** {@code length} bytes as strictly decoded UTF-8. */
  String utf8(int length) {
    need(length, 1);
    if (length == 0) {
      return "";
    }
    ByteBuffer slice = buf.slice(buf.position(), length);
    String s;
    if (buf.hasArray()) {
      s = new String(buf.array(), buf.arrayOffset() + buf.position(), length, StandardCharsets.UTF_8);
      // new String replaces malformed input; re-check strictly only when a replacement appeared.
      if (s.indexOf('\uFFFD') >= 0) {
        s = strictUtf8(slice);
      }
    } else {
      s = strictUtf8(slice);
    }
    buf.position(buf.position() + length);
    return s;
  }

  private String strictUtf8(ByteBuffer bytes) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      return decoder.decode(bytes).toString();
    } catch (CharacterCodingException e) {
      throw malformed("invalid UTF-8 text");
    }
  }

  /** A view of the next {@code length} bytes (same byte order), advancing past them. */
  ByteBuffer slice(int length) {
    need(length, 1);
    ByteBuffer slice = buf.slice(buf.position(), length).order(ByteOrder.LITTLE_ENDIAN);
    buf.position(buf.position() + length);
    return slice;
  }

  /**
   * Reads a bitmap of {@code bits} bits (LSB first, {@code ceil(bits / 8)} bytes) whose unused
   * high bits must be zero.
   */
  boolean[] bitmap(int bits) {
    int bytes = (int) ((bits + 7L) >>> 3);
    need(bytes, 1);
    boolean[] out = new boolean[bits];
    for (int i = 0; i < bytes; i++) {
      int b = buf.get() & 0xFF;
      int base = i << 3;
      int n = Math.min(8, bits - base);
      if ((b >>> n) != 0) {
        throw malformed("bitmap has bits set beyond its length");
      }
      for (int j = 0; j < n; j++) {
        out[base + j] = (b & (1 << j)) != 0;
      }
    }
    return out;
  }

  void expectEnd() {
    if (buf.hasRemaining()) {
      throw malformed(buf.remaining() + " unexpected trailing bytes");
    }
  }
}
