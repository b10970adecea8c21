package io.quiver.engine.index;

import io.quiver.engine.error.QuiverException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * String parameters of an index build or a search ({@code M}, {@code efConstruction}, {@code ef},
 * {@code nlist}, {@code nprobe}, ...), with typed accessors that reject bad values with a
 * message naming the parameter. Numbers are parsed leniently ({@code "10.0"} is 10), because
 * some SDKs send integers through a JSON double.
 *
 * <p>Immutable and thread safe.
 */
public final class IndexParams {

  public static final IndexParams EMPTY = new IndexParams(Map.of());

  private final Map<String, String> values;

  private IndexParams(Map<String, String> values) {
    this.values = values;
  }

  public static IndexParams of(Map<String, String> values) {
    return new IndexParams(Collections.unmodifiableMap(new LinkedHashMap<>(values)));
  }

  public Map<String, String> asMap() {
    return values;
  }

  public boolean has(String key) {
    return values.containsKey(key);
  }

  public String get(String key) {
    return values.get(key);
  }

  public int getInt(String key, int defaultValue, int min, int max) {
    String raw = values.get(key);
    if (raw == null || raw.isBlank()) {
      return defaultValue;
    }
    long parsed;
    try {
      double d = Double.parseDouble(raw.trim());
      if (d != Math.rint(d) || Double.isInfinite(d)) {
        throw QuiverException.invalid("parameter %s must be an integer, got '%s'", key, raw);
      }
      parsed = (long) d;
    } catch (NumberFormatException e) {
      throw QuiverException.invalid("parameter %s must be an integer, got '%s'", key, raw);
    }
    if (parsed < min || parsed > max) {
      throw QuiverException.invalid("parameter %s must be in [%d, %d], got %s", key, min, max, raw);
    }
    return (int) parsed;
  }

  public float getFloat(String key, float defaultValue) {
    String raw = values.get(key);
    if (raw == null || raw.isBlank()) {
      return defaultValue;
    }
    try {
      float f = Float.parseFloat(raw.trim());
      if (!Float.isFinite(f)) {
        throw QuiverException.invalid("parameter %s must be a finite number, got '%s'", key, raw);
      }
      return f;
    } catch (NumberFormatException e) {
      throw QuiverException.invalid("parameter %s must be a number, got '%s'", key, raw);
    }
  }

  public boolean getBoolean(String key, boolean defaultValue) {
    String raw = values.get(key);
    if (raw == null || raw.isBlank()) {
      return defaultValue;
    }
    return switch (raw.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw QuiverException.invalid("parameter %s must be true or false, got '%s'", key, raw);
    };
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
