package io.quiver.storage.crypto;

import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/** What a {@link PollingKeyProvider} last saw of a key. Immutable (the material is owned by it). */
sealed interface KeyState {

  /** Whether this and {@code other} say the same (versions, material, reasons). */
  boolean sameAs(KeyState other);

  /** Wipes owned material, except instances also held by {@code keep}. */
  default void wipe(KeyState keep) {}

  /**
   * The key is usable.
   *
   * @param current the version that wraps new data keys
   * @param material version to material, for providers that hold it; empty for a KMS, whose
   *     versions are not enumerable
   */
  record Available(int current, NavigableMap<Integer, KeyMaterial> material) implements KeyState {
    public Available {
      if (current < 1) {
        throw new IllegalArgumentException("key version must be >= 1, got " + current);
      }
      material = Collections.unmodifiableNavigableMap(new TreeMap<>(material));
      if (!material.isEmpty() && !material.containsKey(current)) {
        throw new IllegalArgumentException("current version " + current + " has no material");
      }
    }

    @Override
    public boolean sameAs(KeyState other) {
      if (!(other instanceof Available that) || current != that.current
          || !material.keySet().equals(that.material.keySet())) {
        return false;
      }
      for (Map.Entry<Integer, KeyMaterial> e : material.entrySet()) {
        if (!e.getValue().sameBytes(that.material.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }

    /**
     * This state with the material instances of {@code previous} where the bytes are unchanged,
     * wiping the duplicates: callers that still hold an instance of an unchanged version keep
     * working across a reload.
     */
    Available reusing(KeyState previous) {
      if (!(previous instanceof Available old)) {
        return this;
      }
      TreeMap<Integer, KeyMaterial> merged = new TreeMap<>();
      for (Map.Entry<Integer, KeyMaterial> e : material.entrySet()) {
        KeyMaterial before = old.material.get(e.getKey());
        if (before != null && !before.isDestroyed() && before.sameBytes(e.getValue())) {
          e.getValue().destroy();
          merged.put(e.getKey(), before);
        } else {
          merged.put(e.getKey(), e.getValue());
        }
      }
      return new Available(current, merged);
    }

    @Override
    public void wipe(KeyState keep) {
      Map<Integer, KeyMaterial> kept =
          keep instanceof Available a ? a.material : Map.of();
      for (Map.Entry<Integer, KeyMaterial> e : material.entrySet()) {
        if (kept.get(e.getKey()) != e.getValue()) {
          e.getValue().destroy();
        }
      }
    }

    @Override
    public String toString() {
      return material.isEmpty()
          ? "available, current version " + current
          : "available, current version " + current + ", versions " + material.keySet();
    }
  }

  /** The key is revoked; calls throw {@link KeyRevokedException}. */
  record Revoked(String reason) implements KeyState {
    public Revoked {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public boolean sameAs(KeyState other) {
      return other instanceof Revoked r && r.reason.equals(reason);
    }

    @Override
    public String toString() {
      return "revoked (" + reason + ")";
    }
  }

  /** The source cannot be read; calls throw {@link KeyUnavailableException}. */
  record Unavailable(String reason) implements KeyState {
    public Unavailable {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public boolean sameAs(KeyState other) {
      return other instanceof Unavailable u && u.reason.equals(reason);
    }

    @Override
    public String toString() {
      return "unavailable (" + reason + ")";
    }
  }
}
