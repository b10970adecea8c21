package io.quiver.storage.object;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;

/**
 * The rules for object keys and listing prefixes, the same for every {@link ObjectStore}, so that
 * a key that works on the local store also works on S3 and the reverse.
 *
 * <p>A <b>key</b> is one or more segments joined by {@code '/'}. Every segment is non-empty, is
 * neither {@code "."} nor {@code ".."}, does not start with {@value #RESERVED_SEGMENT_PREFIX}
 * (reserved for the local store's temporary files), contains no {@code '\'} and no control
 * character (U+0000 to U+001F, U+007F), and is at most {@value #MAX_SEGMENT_BYTES} bytes in UTF-8
 * (a file-name limit). The whole key is at most {@value #MAX_KEY_BYTES} bytes in UTF-8 (the S3
 * limit, which also applies to the store's path prefix plus the key). So a key never starts or
 * ends with {@code '/'} and never holds {@code "//"}.
 *
 * <p>A <b>prefix</b> (for {@link ObjectStore#list}) is any beginning of a key: empty, a run of
 * whole segments ending in {@code '/'} ({@code "segments/"}), or one ending inside a segment
 * ({@code "segments/00"}).
 *
 * <p>Keys sort by {@link #ORDER}: UTF-8 bytes as unsigned values, which is code point order and
 * the order in which S3 lists.
 */
public final class ObjectKeys {

  /** Longest key in UTF-8 bytes (S3's limit). */
  public static final int MAX_KEY_BYTES = 1024;
  /** Longest segment in UTF-8 bytes (the usual file-name limit). */
  public static final int MAX_SEGMENT_BYTES = 255;
  /** Segments starting with this are reserved (the local store's temporary files). */
  public static final String RESERVED_SEGMENT_PREFIX = ".quiver-tmp";

  /** Listing order: code points, i.e. UTF-8 bytes as unsigned values. */
  public static final Comparator<String> ORDER = ObjectKeys::compare;

  private ObjectKeys() {}

  /**
   * Checks {@code key} against the rules above.
   *
   * @return {@code key}
   * @throws IllegalArgumentException naming the key and the rule it breaks
   */
  public static String requireValidKey(String key) {
    if (key == null) {
      throw new IllegalArgumentException("object key must not be null");
    }
    if (key.isEmpty()) {
      throw new IllegalArgumentException("object key must not be empty");
    }
    if (utf8Length(key) > MAX_KEY_BYTES) {
      throw new IllegalArgumentException("object key is longer than " + MAX_KEY_BYTES + " UTF-8 bytes: '" + abbreviate(key) + "'");
    }
    checkSegments(key, key.length(), key);
    return key;
  }

  /**
   * Checks a listing prefix: empty, or the beginning of some valid key.
   *
   * @return {@code prefix}
   * @throws IllegalArgumentException naming the prefix and the rule it breaks
   */
  public static String requireValidPrefix(String prefix) {
    if (prefix == null) {
      throw new IllegalArgumentException("object key prefix must not be null");
    }
    if (prefix.isEmpty()) {
      return prefix;
    }
    if (utf8Length(prefix) > MAX_KEY_BYTES) {
      throw new IllegalArgumentException("object key prefix is longer than " + MAX_KEY_BYTES + " UTF-8 bytes: '" + abbreviate(prefix) + "'");
    }
    int lastSlash = prefix.lastIndexOf('/');
    // whole segments (those followed by '/') must be valid; the unfinished last one only needs valid characters
    if (lastSlash >= 0) {
      checkSegments(prefix.substring(0, lastSlash), lastSlash, prefix);
    }
    checkCharacters(prefix.substring(lastSlash + 1), prefix, "prefix");
    return prefix;
  }

  /** {@code a} and {@code b} joined by one {@code '/'}; both must be valid keys. */
  static String join(String a, String b) {
    return a + "/" + b;
  }

  private static void checkSegments(String s, int end, String whole) {
    String what = s.length() == whole.length() ? "key" : "prefix";
    if (end == 0 || s.charAt(0) == '/') {
      throw new IllegalArgumentException("object " + what + " must not start with '/': '" + abbreviate(whole) + "'");
    }
    int start = 0;
    while (start <= end) {
      int slash = s.indexOf('/', start);
      int stop = slash < 0 ? end : slash;
      String segment = s.substring(start, stop);
      if (segment.isEmpty()) {
        throw new IllegalArgumentException("object " + what + " has an empty segment ('//' or a trailing '/'): '" + abbreviate(whole) + "'");
      }
      if (segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException("object " + what + " has a '" + segment + "' segment: '" + abbreviate(whole) + "'");
      }
      if (segment.startsWith(RESERVED_SEGMENT_PREFIX)) {
        throw new IllegalArgumentException("object " + what + " has a segment starting with the reserved '"
            + RESERVED_SEGMENT_PREFIX + "': '" + abbreviate(whole) + "'");
      }
      if (utf8Length(segment) > MAX_SEGMENT_BYTES) {
        throw new IllegalArgumentException("object " + what + " has a segment longer than " + MAX_SEGMENT_BYTES
            + " UTF-8 bytes: '" + abbreviate(whole) + "'");
      }
      checkCharacters(segment, whole, what);
      if (slash < 0) {
        break;
      }
      start = slash + 1;
    }
  }

  private static void checkCharacters(String segment, String whole, String what) {
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new IllegalArgumentException("object " + what + " contains control character U+"
            + String.format("%04X", (int) c) + ": '" + abbreviate(whole).replaceAll("\\p{Cntrl}", "?") + "'");
      }
      if (c == '\\') {
        throw new IllegalArgumentException("object " + what + " contains '\\': '" + abbreviate(whole) + "'");
      }
      if (Character.isSurrogate(c)
          && !(Character.isHighSurrogate(c) && i + 1 < segment.length() && Character.isLowSurrogate(segment.charAt(i + 1)))
          && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(segment.charAt(i - 1)))) {
        throw new IllegalArgumentException("object " + what + " contains an unpaired surrogate: '" + abbreviate(whole) + "'");
      }
    }
  }

  private static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }

  private static int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
