package io.quiver.storage.format.v1;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/** A growable little-endian byte array for payloads whose size is not known up front. Not thread safe. */
final class ByteSink {

  private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private byte[] buf;
  private int size;

  ByteSink(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  int size() {
    return size;
  }

  /** The backing array; bytes {@code [0, size())} are the content. */
  byte[] array() {
    return buf;
  }

  private void ensure(int more) {
    int needed = size + more;
    if (needed < 0) {
      throw new IllegalArgumentException("payload larger than 2 GiB");
    }
    if (needed > buf.length) {
      long grown = Math.max(needed, (long) buf.length * 2);
      buf = Arrays.copyOf(buf, (int) Math.min(grown, Integer.MAX_VALUE - 16));
    }
  }

  void i8(int v) {
    ensure(1);
    buf[size++] = (byte) v;
  }

  void i16(int v) {
    ensure(2);
    SHORT.set(buf, size, (short) v);
    size += 2;
  }

  void i32(int v) {
    ensure(4);
    INT.set(buf, size, v);
    size += 4;
  }

  void i64(long v) {
    ensure(8);
    LONG.set(buf, size, v);
    size += 8;
  }

  void f32(float v) {
    i32(Float.floatToRawIntBits(v));
  }

  void f64(double v) {
    i64(Double.doubleToRawLongBits(v));
  }

  /** Unsigned LEB128 of a non-negative int: 1 to 5 bytes. */
  void varint(int v) {
    ensure(5);
    while ((v & ~0x7F) != 0) {
      buf[size++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[size++] = (byte) v;
  }

  void bytes(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, size, b.length);
    size += b.length;
  }

  /** Bytes needed by {@link #varint} for {@code v}. */
  static int varintSize(int v) {
    int n = 1;
    while ((v & ~0x7F) != 0) {
      v >>>= 7;
      n++;
    }
    return n;
  }
}
