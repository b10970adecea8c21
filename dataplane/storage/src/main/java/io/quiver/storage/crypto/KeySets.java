package io.quiver.storage.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the key material of a file or a Secret entry, working on bytes so no copy of a key ends
 * up in an immutable {@code String}. Error reasons never quote the input.
 *
 * <p>A source is either one key, which is version 1:
 *
 * <ul>
 *   <li>exactly 32 raw bytes, or
 *   <li>one line holding 32 bytes as base64 (standard or URL-safe, padding optional) or hex
 * </ul>
 *
 * or a key set, one setting per line ({@code #} starts a comment line; blank lines are ignored):
 *
 * <pre>
 * 1=&lt;key as base64 or hex&gt;
 * 2=&lt;key as base64 or hex&gt;
 * current=2        optional; default: the highest version
 * revoked=true     optional; the key is revoked while this line is there
 * </pre>
 *
 * Rotation adds a version (and moves {@code current}); retiring a version removes its line.
 */
final class KeySets {

  private KeySets() {}

  /** Parses {@code data} (not changed; the caller wipes it). {@code source} names it in reasons. */
  static KeyState parse(byte[] data, String source) {
    if (data.length == KeyMaterial.AES_256_BYTES) {
      return new KeyState.Available(1, new TreeMap<>(Map.of(1, KeyMaterial.copyOf(data))));
    }
    TreeMap<Integer, KeyMaterial> versions = new TreeMap<>();
    try {
      return parseText(data, source, versions);
    } catch (FormatError e) {
      versions.values().forEach(KeyMaterial::destroy);
      return new KeyState.Unavailable("malformed key material in " + source + ": " + e.getMessage());
    }
  }

  /** One key (raw, base64 or hex), e.g. a file of a key directory. */
  static KeyMaterial single(byte[] data, String source) throws FormatError {
    if (data.length == KeyMaterial.AES_256_BYTES) {
      return KeyMaterial.copyOf(data);
    }
    int[] lines = lines(data);
    if (lines.length != 2) {
      throw new FormatError("expected one key in " + source + " (32 raw bytes, or one line of base64 or hex)");
    }
    return decodeKey(data, lines[0], lines[1], "the key in " + source);
  }

  private static KeyState parseText(byte[] data, String source, TreeMap<Integer, KeyMaterial> versions)
      throws FormatError {
    int[] lines = lines(data);
    if (lines.length == 2 && settingName(data, lines[0], lines[1]) < 0) {
      KeyMaterial key = decodeKey(data, lines[0], lines[1], "the key");
      return new KeyState.Available(1, new TreeMap<>(Map.of(1, key)));
    }
    Integer current = null;
    boolean revoked = false;
    for (int i = 0; i < lines.length; i += 2) {
      int start = lines[i];
      int end = lines[i + 1];
      int eq = settingName(data, start, end);
      int lineNo = lineNumber(data, start);
      if (eq < 0) {
        throw new FormatError("line " + lineNo + ": expected <version>=<key>, current=<version> or revoked=true|false");
      }
      String name = new String(data, start, eq - start, StandardCharsets.US_ASCII).strip();
      int valueStart = eq + 1;
      switch (name) {
        case "current" -> current = version(ascii(data, valueStart, end), lineNo);
        case "revoked" -> {
          String value = ascii(data, valueStart, end);
          if (!value.equals("true") && !value.equals("false")) {
            throw new FormatError("line " + lineNo + ": revoked must be true or false");
          }
          revoked = value.equals("true");
        }
        default -> {
          int version = version(name, lineNo);
          if (versions.containsKey(version)) {
            throw new FormatError("line " + lineNo + ": version " + version + " appears twice");
          }
          versions.put(version, decodeKey(data, valueStart, end, "version " + version));
        }
      }
    }
    return assemble(versions, current, revoked, source);
  }

  /**
   * The state of the versions read from {@code source}: revoked if marked so or if there are
   * none (then the versions are wiped), else available with {@code current} (default: the
   * highest version), which must have a key.
   */
  static KeyState assemble(TreeMap<Integer, KeyMaterial> versions, Integer current, boolean revoked, String source)
      throws FormatError {
    if (revoked) {
      versions.values().forEach(KeyMaterial::destroy);
      return new KeyState.Revoked("marked revoked in " + source);
    }
    if (versions.isEmpty()) {
      return new KeyState.Revoked("no key versions in " + source);
    }
    int active = current == null ? versions.lastKey() : current;
    if (!versions.containsKey(active)) {
      throw new FormatError("the current version " + active + " has no key");
    }
    return new KeyState.Available(active, versions);
  }

  /**
   * Start and end offsets of the non-blank, non-comment lines, whitespace trimmed, as pairs.
   */
  private static int[] lines(byte[] data) {
    int[] out = new int[16];
    int n = 0;
    int pos = 0;
    while (pos <= data.length) {
      int end = pos;
      while (end < data.length && data[end] != '\n') {
        end++;
      }
      int s = pos;
      int e = end;
      while (s < e && isSpace(data[s])) {
        s++;
      }
      while (e > s && isSpace(data[e - 1])) {
        e--;
      }
      if (s < e && data[s] != '#') {
        if (n + 2 > out.length) {
          out = Arrays.copyOf(out, out.length * 2);
        }
        out[n++] = s;
        out[n++] = e;
      }
      pos = end + 1;
    }
    return Arrays.copyOf(out, n);
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\r';
  }

  private static int lineNumber(byte[] data, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (data[i] == '\n') {
        line++;
      }
    }
    return line;
  }

  /**
   * The offset of the '=' that ends a setting name (digits, "current" or "revoked"), or -1 if
   * the line is not a setting. Base64 padding cannot match: it ends the line.
   */
  private static int settingName(byte[] data, int start, int end) {
    int eq = start;
    while (eq < end && data[eq] != '=') {
      eq++;
    }
    if (eq == start || eq >= end - 1) {
      return -1;
    }
    String name = ascii(data, start, eq);
    if (name.equals("current") || name.equals("revoked") || name.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return eq;
    }
    return -1;
  }

  /** Non-secret ASCII text (names and numbers only). */
  private static String ascii(byte[] data, int start, int end) {
    return new String(data, start, end - start, StandardCharsets.US_ASCII).strip();
  }

  private static int version(String text, int lineNo) throws FormatError {
    if (text.isEmpty() || text.length() > 9 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new FormatError("line " + lineNo + ": a version is a number from 1 to 999999999");
    }
    int v = Integer.parseInt(text);
    if (v < 1) {
      throw new FormatError("line " + lineNo + ": a version is a number from 1 to 999999999");
    }
    return v;
  }

  private static KeyMaterial decodeKey(byte[] data, int start, int end, String what) throws FormatError {
    byte[] text = Arrays.copyOfRange(data, start, end);
    byte[] key = null;
    try {
      int s = 0;
      int e = text.length;
      while (s < e && isSpace(text[s])) {
        s++;
      }
      byte[] trimmed = s == 0 && e == text.length ? text : Arrays.copyOfRange(text, s, e);
      try {
        if (trimmed.length == 2 * KeyMaterial.AES_256_BYTES && isHex(trimmed)) {
          key = hex(trimmed);
        } else {
          key = base64(trimmed);
        }
      } finally {
        if (trimmed != text) {
          Arrays.fill(trimmed, (byte) 0);
        }
      }
      if (key == null || key.length != KeyMaterial.AES_256_BYTES) {
        throw new FormatError(what + " is not a 256-bit key (expected 44 base64 or 64 hex characters)");
      }
      KeyMaterial material = KeyMaterial.adopt(key);
      key = null;
      return material;
    } finally {
      Arrays.fill(text, (byte) 0);
      if (key != null) {
        Arrays.fill(key, (byte) 0);
      }
    }
  }

  private static boolean isHex(byte[] text) {
    for (byte b : text) {
      if (Character.digit(b, 16) < 0) {
        return false;
      }
    }
    return true;
  }

  private static byte[] hex(byte[] text) {
    byte[] out = new byte[text.length / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) (Character.digit(text[2 * i], 16) << 4 | Character.digit(text[2 * i + 1], 16));
    }
    return out;
  }

  private static byte[] base64(byte[] text) {
    boolean urlSafe = false;
    for (byte b : text) {
      if (b == '-' || b == '_') {
        urlSafe = true;
        break;
      }
    }
    try {
      return (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Malformed key material; the message never quotes it. */
  static final class FormatError extends Exception {
    private static final long serialVersionUID = 1L;

    FormatError(String message) {
      super(message, null, false, false);
    }
  }
}
