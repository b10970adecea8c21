package io.quiver.storage.catalog.etcd;

import io.quiver.storage.catalog.etcd.CatalogWatch.Event;
import java.util.ArrayList;
import java.util.List;

/** A {@link CatalogWatch.Listener} that keeps what it was told, for assertions. Thread safe. */
final class RecordingListener implements CatalogWatch.Listener {

  /** One {@link CatalogWatch.Listener#onChange} call. */
  record Change(long revision, List<Event> events) {}

  private final List<Change> changes = new ArrayList<>();
  private long compactedAt = -1;

  @Override
  public synchronized void onChange(long revision, List<Event> events) {
    changes.add(new Change(revision, events));
  }

  @Override
  public synchronized void onCompacted(long compactRevision) {
    compactedAt = compactRevision;
  }

  synchronized List<Change> changes() {
    return List.copyOf(changes);
  }

  synchronized List<Event> events() {
    return changes.stream().flatMap(c -> c.events().stream()).toList();
  }

  /** The revision of the last change, or 0. */
  synchronized long lastRevision() {
    return changes.isEmpty() ? 0 : changes.getLast().revision();
  }

  synchronized long compactedAt() {
    return compactedAt;
  }

  synchronized List<Long> revisions() {
    List<Long> out = new ArrayList<>();
    for (Change c : changes) {
      out.add(c.revision());
    }
    return out;
  }
}
