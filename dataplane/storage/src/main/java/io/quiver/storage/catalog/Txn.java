package io.quiver.storage.catalog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A conditional, atomic change to a {@link KvStore}: if every compare holds, delete the deleted
 * keys and put the put keys. Immutable; build one with {@link #builder()}.
 *
 * <p>Each key appears at most once among the puts and deletes (etcd rejects a transaction that
 * touches a key twice); compares may name any keys, also the ones put or deleted.
 *
 * @param compares conditions evaluated against the state before the transaction
 * @param puts keys to create or overwrite
 * @param deletes keys to delete; deleting an absent key is allowed and changes nothing
 */
public record Txn(List<Compare> compares, List<Put> puts, List<String> deletes) {

  /**
   * Holds when {@code key}'s mod revision is {@code modRevision}; {@code modRevision == 0} holds
   * when the key does not exist.
   */
  public record Compare(String key, long modRevision) {
    public Compare {
      checkKey(key);
      if (modRevision < 0) {
        throw new IllegalArgumentException("mod revision must not be negative: " + modRevision);
      }
    }
  }

  /** Sets {@code key} to {@code value}. Holds its own copy of the value. */
  public record Put(String key, byte[] value) {
    public Put {
      checkKey(key);
      value = value.clone();
    }

    /** A copy of the value. */
    @Override
    public byte[] value() {
      return value.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Put p && p.key.equals(key) && Arrays.equals(p.value, value);
    }

    @Override
    public int hashCode() {
      return key.hashCode() * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "Put[" + key + ", " + value.length + " bytes]";
    }
  }

  public Txn {
    compares = List.copyOf(compares);
    puts = List.copyOf(puts);
    deletes = List.copyOf(deletes);
    Set<String> touched = new HashSet<>();
    for (Put p : puts) {
      if (!touched.add(p.key())) {
        throw new IllegalArgumentException("key " + p.key() + " is put twice in one transaction");
      }
    }
    for (String key : deletes) {
      checkKey(key);
      if (!touched.add(key)) {
        throw new IllegalArgumentException("key " + key + " is both put and deleted, or deleted twice, in one transaction");
      }
    }
  }

  /** Whether the transaction can change anything (it has puts or deletes). */
  public boolean hasWrites() {
    return !puts.isEmpty() || !deletes.isEmpty();
  }

  public static Builder builder() {
    return new Builder();
  }

  private static void checkKey(String key) {
    Objects.requireNonNull(key, "key");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("keys must not be empty");
    }
  }

  /** Collects compares, puts and deletes; not thread safe. */
  public static final class Builder {
    private final List<Compare> compares = new ArrayList<>();
    private final List<Put> puts = new ArrayList<>();
    private final List<String> deletes = new ArrayList<>();

    private Builder() {}

    /** Requires {@code key} to be absent. */
    public Builder expectAbsent(String key) {
      compares.add(new Compare(key, 0));
      return this;
    }

    /** Requires {@code key}'s mod revision to be {@code modRevision} (0: absent). */
    public Builder expectModRevision(String key, long modRevision) {
      compares.add(new Compare(key, modRevision));
      return this;
    }

    public Builder put(String key, byte[] value) {
      puts.add(new Put(key, value));
      return this;
    }

    public Builder delete(String key) {
      deletes.add(key);
      return this;
    }

    public Txn build() {
      return new Txn(compares, puts, deletes);
    }
  }
}
