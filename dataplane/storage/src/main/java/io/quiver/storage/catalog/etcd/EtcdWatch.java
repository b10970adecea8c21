package io.quiver.storage.catalog.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import io.quiver.storage.catalog.KvStore;
import io.quiver.storage.catalog.etcd.CatalogWatch.Event;
import io.quiver.storage.catalog.etcd.CatalogWatch.EventType;
import io.quiver.storage.catalog.etcd.CatalogWatch.Listener;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link CatalogWatch#watch} subscription: a jetcd watcher that is replaced by a new one,
 * starting at the first revision not yet delivered, whenever it fails (a lost connection, an etcd
 * restart, a stream that does not come up). jetcd's own resumption is not used: it closes the
 * watch on some errors and may resume past undelivered revisions, so each jetcd watcher lives
 * for one stream only.
 *
 * <p>Threads: jetcd calls back on its event loop; changes are queued, in revision order, to a
 * single delivery thread of this subscription. Invariant: {@code nextRevision} is one past the
 * last revision queued; events below it are never queued again, so a replaced watcher that
 * replays a revision delivers it once. Callbacks of a replaced watcher are recognised by their
 * generation and ignored. jetcd methods are never called while holding {@code lock} (jetcd calls
 * back while holding its own lock).
 */
final class EtcdWatch implements CatalogWatch.Subscription {

  private static final Logger LOG = LoggerFactory.getLogger(EtcdWatch.class);
  private static final long FIRST_RETRY_MILLIS = 100;
  private static final long MAX_RETRY_MILLIS = 2000;
  private static final long WAKE_MILLIS = 500;

  private enum State { ACTIVE, ENDING, CLOSED }

  private final EtcdCalls calls;
  private final EtcdKeys keys;
  private final ScheduledExecutorService scheduler;
  private final String prefix;
  private final ByteSequence start;
  private final ByteSequence end;
  private final Listener listener;
  private final Consumer<EtcdWatch> onClose;
  private final ExecutorService delivery;
  private final long establishMillis;

  private final Object lock = new Object();
  private long nextRevision; // guarded by lock
  private long generation; // guarded by lock
  private Watch.Watcher current; // guarded by lock
  private boolean established; // guarded by lock
  private long retryMillis = FIRST_RETRY_MILLIS; // guarded by lock
  private volatile State state = State.ACTIVE;

  EtcdWatch(EtcdCalls calls, EtcdKeys keys, ScheduledExecutorService scheduler, String prefix, long fromRevision,
      Listener listener, Consumer<EtcdWatch> onClose) {
    if (fromRevision < 1) {
      throw new IllegalArgumentException("a watch starts at revision 1 or later (usually snapshot revision + 1), not "
          + fromRevision);
    }
    this.calls = calls;
    this.keys = keys;
    this.scheduler = scheduler;
    this.prefix = prefix;
    this.start = keys.encode(prefix);
    this.end = EtcdKeys.prefixEnd(start);
    this.listener = Objects.requireNonNull(listener, "listener");
    this.onClose = onClose;
    this.nextRevision = fromRevision;
    this.establishMillis = Math.max(5000, 2 * calls.config().callTimeout().toMillis());
    this.delivery = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("quiver-etcd-watch-" + prefix).factory());
  }

  void start() {
    connect();
  }

  @Override
  public boolean isActive() {
    return state == State.ACTIVE;
  }

  @Override
  public void close() {
    Watch.Watcher old;
    synchronized (lock) {
      if (state == State.CLOSED) {
        return;
      }
      state = State.CLOSED;
      generation++;
      old = current;
      current = null;
    }
    closeQuietly(old);
    delivery.shutdown();
    onClose.accept(this);
  }

  @Override
  public String toString() {
    return "watch of " + keys.root() + prefix;
  }

  /** Starts a jetcd watcher at {@code nextRevision}. */
  private void connect() {
    long gen;
    WatchOption option;
    synchronized (lock) {
      if (state != State.ACTIVE) {
        return;
      }
      gen = ++generation;
      established = false;
      option = WatchOption.builder().withRange(end).withRevision(nextRevision).withCreateNotify(true)
          .withProgressNotify(true).build();
    }
    Watch.Watcher watcher;
    try {
      calls.wakeChannel();
      watcher = calls.client().getWatchClient().watch(start, option, new Watch.Listener() {
        @Override
        public void onNext(WatchResponse response) {
          onResponse(gen, response);
        }

        @Override
        public void onError(Throwable error) {
          onFailure(gen, error);
        }

        @Override
        public void onCompleted() {
          onFailure(gen, null);
        }
      });
    } catch (RuntimeException e) {
      if (calls.isClosed()) {
        return;
      }
      onFailure(gen, e);
      return;
    }
    boolean keep;
    synchronized (lock) {
      keep = gen == generation && state == State.ACTIVE;
      if (keep) {
        current = watcher;
      }
    }
    if (!keep) {
      closeQuietly(watcher);
      return;
    }
    scheduler.schedule(() -> checkEstablished(gen, System.nanoTime()), WAKE_MILLIS, TimeUnit.MILLISECONDS);
  }

  /**
   * While the stream is not up, wakes the channel (resetting gRPC's reconnect backoff) every
   * {@value #WAKE_MILLIS} ms, and replaces a watcher that has not come up after a while.
   */
  private void checkEstablished(long gen, long sinceNanos) {
    synchronized (lock) {
      if (gen != generation || state != State.ACTIVE || established) {
        return;
      }
    }
    if (System.nanoTime() - sinceNanos > TimeUnit.MILLISECONDS.toNanos(establishMillis)) {
      onFailure(gen, new IllegalStateException("watch stream not created within " + establishMillis + " ms"));
      return;
    }
    calls.wakeChannel();
    try {
      scheduler.schedule(() -> checkEstablished(gen, sinceNanos), WAKE_MILLIS, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closing) {
      // the store is closing
    }
  }

  private void onResponse(long gen, WatchResponse response) {
    synchronized (lock) {
      if (gen != generation || state != State.ACTIVE) {
        return;
      }
      if (response.isCreatedNotify()) {
        established = true;
        retryMillis = FIRST_RETRY_MILLIS;
        return;
      }
      if (response.isProgressNotify()) {
        // every change up to the header revision has been sent on this stream
        nextRevision = Math.max(nextRevision, response.getHeader().getRevision() + 1);
        return;
      }
      List<Event> batch = new ArrayList<>();
      long batchRevision = 0;
      for (WatchEvent e : response.getEvents()) {
        KeyValue kv = e.getKeyValue();
        long revision = kv.getModRevision();
        if (revision < nextRevision) {
          continue; // delivered before the watcher was replaced
        }
        if (revision != batchRevision && !batch.isEmpty()) {
          enqueue(batchRevision, batch);
          batch = new ArrayList<>();
        }
        batchRevision = revision;
        batch.add(event(e));
      }
      if (!batch.isEmpty()) {
        enqueue(batchRevision, batch);
      }
    }
  }

  /** Queues one revision's events; called under {@code lock}. */
  private void enqueue(long revision, List<Event> events) {
    nextRevision = revision + 1;
    events.sort(Comparator.comparing(Event::key, KvStore.KEY_ORDER)); // etcd sends a transaction's events in op order
    List<Event> changes = List.copyOf(events);
    delivery.execute(() -> {
      if (state == State.CLOSED) {
        return;
      }
      try {
        listener.onChange(revision, changes);
      } catch (RuntimeException | Error e) {
        LOG.error("{}: the listener failed on revision {}; the watch ends", this, revision, e);
        close();
      }
    });
  }

  private Event event(WatchEvent e) {
    KeyValue kv = e.getKeyValue();
    String key = keys.decode(kv.getKey());
    return switch (e.getEventType()) {
      case PUT -> new Event(EventType.PUT, key, kv.getValue().getBytes(), kv.getModRevision());
      case DELETE -> new Event(EventType.DELETE, key, new byte[0], kv.getModRevision());
      case UNRECOGNIZED -> throw new IllegalStateException("etcd sent an unknown event type for key " + key);
    };
  }

  /** The watcher of generation {@code gen} failed or ended: replace it, or end on compaction. */
  private void onFailure(long gen, Throwable error) {
    Watch.Watcher old;
    long delay;
    long compactRevision = error instanceof CompactedException c ? c.getCompactedRevision() : -1;
    synchronized (lock) {
      if (gen != generation || state != State.ACTIVE) {
        return;
      }
      generation++;
      old = current;
      current = null;
      delay = retryMillis;
      retryMillis = Math.min(2 * retryMillis, MAX_RETRY_MILLIS);
      if (compactRevision >= 0) {
        state = State.ENDING;
        long from = nextRevision;
        LOG.warn("{}: etcd compacted revisions before {}, the watch needed {}; it ends", this, compactRevision, from);
        delivery.execute(() -> {
          if (state == State.CLOSED) {
            return;
          }
          try {
            listener.onCompacted(compactRevision);
          } catch (RuntimeException | Error e) {
            LOG.error("{}: the listener failed on compaction", this, e);
          }
          close();
        });
      }
    }
    closeQuietly(old);
    if (compactRevision >= 0) {
      return;
    }
    LOG.debug("{}: watcher failed ({}); resuming from revision {} in {} ms", this, error, nextRevisionForLog(), delay);
    try {
      scheduler.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closing) {
      // the store is closing
    }
  }

  private long nextRevisionForLog() {
    synchronized (lock) {
      return nextRevision;
    }
  }

  private static void closeQuietly(Watch.Watcher watcher) {
    if (watcher == null) {
      return;
    }
    try {
      watcher.close();
    } catch (RuntimeException e) {
      LOG.debug("closing a jetcd watcher", e);
    }
  }
}
