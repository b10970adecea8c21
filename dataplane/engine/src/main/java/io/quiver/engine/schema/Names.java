package io.quiver.engine.schema;

import io.quiver.engine.error.QuiverException;

/** Milvus naming rules for databases, collections, partitions, aliases, fields and indexes. */
public final class Names {

  public static final int MAX_NAME_LENGTH = 255;

  private Names() {}

  /**
   * Checks {@code name}: 1 to 255 characters, the first a letter or underscore, the rest
   * letters, digits or underscores ({@code kind} names the thing in the error, e.g. "collection
   * name").
   */
  public static void check(String kind, String name) {
    if (name == null || name.isEmpty()) {
      throw QuiverException.invalid("%s should not be empty", kind);
    }
    if (name.length() > MAX_NAME_LENGTH) {
      throw QuiverException.invalid("the length of %s %s must be at most %d characters", kind, abbreviate(name),
          MAX_NAME_LENGTH);
    }
    char first = name.charAt(0);
    if (!(first == '_' || isAsciiLetter(first))) {
      throw QuiverException.invalid("the first character of %s %s must be an underscore or a letter", kind,
          abbreviate(name));
    }
    for (int i = 1; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(c == '_' || isAsciiLetter(c) || (c >= '0' && c <= '9'))) {
        throw QuiverException.invalid("%s %s can only contain numbers, letters and underscores", kind,
            abbreviate(name));
      }
    }
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  static String abbreviate(String s) {
    return s.length() > 64 ? s.substring(0, 61) + "..." : s;
  }
}
