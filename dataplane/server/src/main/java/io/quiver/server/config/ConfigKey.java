package io.quiver.server.config;

import java.util.function.Function;

/**
 * One documented configuration key: its name, default, description and parser. A parser throws
 * {@link IllegalArgumentException} with a message saying what is expected.
 *
 * @param <T> the parsed type
 */
public record ConfigKey<T>(String name, String defaultValue, String description, Function<String, T> parser) {

  public T parse(String raw) {
    try {
      return parser.apply(raw.trim());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(name + " = '" + (secret() ? "[redacted]" : raw) + "' is invalid: " + e.getMessage());
    }
  }

  /** Whether the value is a secret (a password or token), never echoed in messages. */
  public boolean secret() {
    return name.endsWith("password") || name.endsWith(".token") || name.contains("secret");
  }

  static Function<String, Integer> intRange(int min, int max) {
    return s -> {
      long v = parseSize(s);
      if (v < min || v > max) {
        throw new IllegalArgumentException("expected an integer in [" + min + ", " + max + "]");
      }
      return (int) v;
    };
  }

  static Function<String, Long> longRange(long min, long max) {
    return s -> {
      long v = parseSize(s);
      if (v < min || v > max) {
        throw new IllegalArgumentException("expected an integer in [" + min + ", " + max + "]");
      }
      return v;
    };
  }

  static Function<String, Boolean> bool() {
    return s -> switch (s.toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("expected true or false");
    };
  }

  static Function<String, java.time.Duration> duration(java.time.Duration min, java.time.Duration max) {
    return s -> {
      java.time.Duration d = parseDuration(s);
      if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
        throw new IllegalArgumentException("expected a duration in [" + min + ", " + max + "]");
      }
      return d;
    };
  }

  /** Parses {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h} (a number and a unit). */
  static java.time.Duration parseDuration(String s) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)\\s*(ms|s|m|h)").matcher(s.toLowerCase(java.util.Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("expected a duration such as 500ms, 2s, 5m or 1h");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> java.time.Duration.ofMillis(n);
      case "s" -> java.time.Duration.ofSeconds(n);
      case "m" -> java.time.Duration.ofMinutes(n);
      default -> java.time.Duration.ofHours(n);
    };
  }

  static Function<String, String> string() {
    return s -> s;
  }

  /** Parses an integer with an optional binary suffix: k, m, g (KiB, MiB, GiB). */
  static long parseSize(String s) {
    String t = s.toLowerCase(java.util.Locale.ROOT).replace("_", "");
    long mult = 1;
    if (t.endsWith("kib") || t.endsWith("k")) {
      mult = 1L << 10;
    } else if (t.endsWith("mib") || t.endsWith("m")) {
      mult = 1L << 20;
    } else if (t.endsWith("gib") || t.endsWith("g")) {
      mult = 1L << 30;
    }
    String digits = t.replaceAll("[a-z]+$", "");
    try {
      return Math.multiplyExact(Long.parseLong(digits), mult);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("expected an integer (optionally with a k, m or g suffix)");
    }
  }
}
