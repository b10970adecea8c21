package io.quiver.storage.object;

import java.util.List;
import java.util.Optional;

/**
 * One page of a listing ({@link ObjectStore#listPage}).
 *
 * @param objects the objects of this page, sorted by {@link ObjectKeys#ORDER}
 * @param truncated whether more objects may follow; ask for them with {@link #nextStartAfter()}
 */
public record ObjectListing(List<ObjectInfo> objects, boolean truncated) {

  public ObjectListing {
    objects = List.copyOf(objects);
  }

  /** The {@code startAfter} for the next page, or empty if this is the last one. */
  public Optional<String> nextStartAfter() {
    return truncated && !objects.isEmpty() ? Optional.of(objects.getLast().key()) : Optional.empty();
  }
}
