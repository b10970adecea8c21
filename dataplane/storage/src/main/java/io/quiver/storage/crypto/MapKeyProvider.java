package io.quiver.storage.crypto;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * KEKs from an in-memory snapshot, for references of one scheme (typically {@code secret:}):
 * what a Kubernetes Secret watcher feeds, without this module depending on a Kubernetes client.
 *
 * <p>The snapshot maps a reference's {@link KeyRef#location()} (for {@code
 * secret:ns/name#key}: {@code ns/name#key}) to the entry's bytes, in the format {@link KeySets}
 * describes: one key (version 1) or a key set with versions, {@code current} and {@code
 * revoked}. A missing entry means the key is revoked.
 *
 * <p>The supplier is asked at every poll and on {@link #refresh()}; a watcher should call
 * {@code refresh()} after each change so it takes effect at once, the poll being the bound. The
 * provider copies what it reads and never changes the supplier's arrays.
 *
 * <p>Thread safety: thread-safe; the supplier is called from the polling thread and from
 * {@code refresh()} callers.
 */
public final class MapKeyProvider extends MaterialKeyProvider {

  private final Supplier<? extends Map<String, byte[]>> source;

  /**
   * @param scheme the reference scheme served, e.g. {@link KeyRef#SECRET}
   * @param source the current snapshot; called often, so it should be cheap
   * @param pollInterval how often the snapshot is re-read; more than 0 and at most 60 s
   */
  public MapKeyProvider(String scheme, Supplier<? extends Map<String, byte[]>> source, Duration pollInterval) {
    super(scheme, pollInterval);
    this.source = Objects.requireNonNull(source, "source");
  }

  @Override
  KeyState load(KeyRef ref) {
    Map<String, byte[]> snapshot = source.get();
    byte[] entry = snapshot == null ? null : snapshot.get(ref.location());
    if (entry == null) {
      return new KeyState.Revoked("no entry '" + ref.location() + "' in the key source");
    }
    byte[] copy = entry.clone();
    try {
      return KeySets.parse(copy, "entry '" + ref.location() + "'");
    } finally {
      Arrays.fill(copy, (byte) 0);
    }
  }
}
