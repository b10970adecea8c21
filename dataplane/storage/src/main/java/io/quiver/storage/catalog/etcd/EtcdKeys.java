package io.quiver.storage.catalog.etcd;

import io.etcd.jetcd.ByteSequence;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Maps store keys to etcd keys under a root prefix and back: store key {@code k} is the etcd key
 * whose bytes are the UTF-8 encoding of {@code root + k}. Because UTF-8 preserves code point order
 * and etcd orders keys by bytes, etcd's order under the root is {@link
 * io.quiver.storage.catalog.KvStore#KEY_ORDER}. Immutable.
 */
final class EtcdKeys {

  private final String root;
  private final byte[] rootBytes;

  EtcdKeys(String root) {
    checkUnicode("etcd root prefix", root);
    this.root = root;
    this.rootBytes = root.getBytes(StandardCharsets.UTF_8);
  }

  String root() {
    return root;
  }

  /** The etcd key of store key {@code key} (or of a key prefix). */
  ByteSequence encode(String key) {
    checkUnicode("catalog key", key);
    return ByteSequence.from(bytes(key));
  }

  /** The UTF-8 bytes of {@code root + key}. */
  byte[] bytes(String key) {
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    byte[] out = Arrays.copyOf(rootBytes, rootBytes.length + k.length);
    System.arraycopy(k, 0, out, rootBytes.length, k.length);
    return out;
  }

  /** The store key of an etcd key under the root. */
  String decode(ByteSequence etcdKey) {
    byte[] b = etcdKey.getBytes();
    if (b.length < rootBytes.length || !Arrays.equals(b, 0, rootBytes.length, rootBytes, 0, rootBytes.length)) {
      throw new IllegalStateException("etcd returned key " + etcdKey.toString(StandardCharsets.UTF_8) + " outside the root " + root);
    }
    return new String(b, rootBytes.length, b.length - rootBytes.length, StandardCharsets.UTF_8);
  }

  /**
   * The smallest key greater than every key that starts with {@code prefix}: the range end of a
   * prefix scan. {@code prefix} is never all {@code 0xFF} bytes, because it starts with the root's
   * {@code '/'}.
   */
  static ByteSequence prefixEnd(ByteSequence prefix) {
    byte[] end = prefix.getBytes();
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xFF) {
        end[i]++;
        return ByteSequence.from(Arrays.copyOf(end, i + 1));
      }
    }
    throw new IllegalArgumentException("a prefix of only 0xFF bytes has no range end");
  }

  /** The key right after {@code key} in byte order: {@code key + "\0"}. */
  static ByteSequence successor(ByteSequence key) {
    byte[] b = key.getBytes();
    return ByteSequence.from(Arrays.copyOf(b, b.length + 1));
  }

  /**
   * Refuses strings with unpaired surrogates: they have no UTF-8 encoding (Java would write '?'),
   * so two different keys would meet in etcd.
   */
  static void checkUnicode(String what, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(what + " is not valid Unicode: unpaired surrogate at index " + i);
      }
    }
  }
}
