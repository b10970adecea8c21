package io.quiver.storage.crypto;

import io.quiver.engine.error.QuiverException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state keeping shared by the providers: the {@link KeyState} of every reference asked for
 * so far, loaded on first use and reloaded every poll interval by a daemon thread (started with
 * the first key) or on {@link #refresh()}. A reload that sees a change swaps the state, wipes the
 * material no longer held, logs the transition (never material) and tells the listeners.
 *
 * <p>Thread safety: reads are lock-free; loads, reloads and {@link #close()} serialise on one
 * lock, and listeners are called under it, in the order the changes happened.
 */
abstract class PollingKeyProvider implements KeyProvider {

  /** The longest poll interval: revocation must take effect within 60 s. */
  static final Duration MAX_POLL_INTERVAL = Duration.ofSeconds(60);

  private static final Logger LOG = LoggerFactory.getLogger(PollingKeyProvider.class);

  private final String scheme;
  private final Duration pollInterval;
  private final ConcurrentHashMap<KeyRef, KeyState> states = new ConcurrentHashMap<>();
  private final List<KeyListener> listeners = new CopyOnWriteArrayList<>();
  private final Object lock = new Object();
  private ScheduledExecutorService poller; // guarded by lock; started with the first key
  private boolean closed; // guarded by lock

  /**
   * @param scheme the {@link KeyRef#scheme()} this provider handles
   * @param pollInterval how often sources are re-read; more than 0 and at most 60 s
   * @throws IllegalArgumentException if the interval is out of range
   */
  PollingKeyProvider(String scheme, Duration pollInterval) {
    this.scheme = Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(pollInterval, "key provider setting pollInterval must be set");
    if (pollInterval.isNegative() || pollInterval.isZero() || pollInterval.compareTo(MAX_POLL_INTERVAL) > 0) {
      throw new IllegalArgumentException(
          "key provider setting pollInterval must be more than 0 and at most " + MAX_POLL_INTERVAL + ", got " + pollInterval);
    }
    this.pollInterval = pollInterval;
  }

  /**
   * Reads the key's state from the source. Expected conditions (missing, revoked, unreadable,
   * malformed) are states, not exceptions; an exception is logged and taken as {@link
   * KeyState.Unavailable}. Called under the provider's lock.
   */
  abstract KeyState load(KeyRef ref);

  public final Duration pollInterval() {
    return pollInterval;
  }

  /** The last state seen of {@code ref}, loading it on first use. */
  final KeyState state(KeyRef ref) {
    Objects.requireNonNull(ref, "ref");
    if (!ref.scheme().equals(scheme)) {
      throw QuiverException.invalid("key provider for '%s:' references was asked for '%s'", scheme, ref);
    }
    KeyState state = states.get(ref);
    if (state != null) {
      return state;
    }
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("key provider for '" + scheme + ":' references is closed");
      }
      state = states.get(ref);
      if (state == null) {
        state = loadSafely(ref);
        states.put(ref, state);
        log(ref, state);
        startPolling();
      }
      return state;
    }
  }

  /**
   * The state of a usable key.
   *
   * @throws KeyRevokedException if it is revoked
   * @throws KeyUnavailableException if its source cannot be read
   */
  final KeyState.Available available(KeyRef ref) {
    return switch (state(ref)) {
      case KeyState.Available a -> a;
      case KeyState.Revoked r -> throw new KeyRevokedException(ref, r.reason());
      case KeyState.Unavailable u -> throw new KeyUnavailableException(ref, u.reason());
    };
  }

  @Override
  public int currentVersion(KeyRef ref) {
    return available(ref).current();
  }

  @Override
  public Subscription subscribe(KeyListener listener) {
    Objects.requireNonNull(listener, "listener");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  @Override
  public void refresh() {
    for (KeyRef ref : states.keySet()) {
      reload(ref);
    }
  }

  private void reload(KeyRef ref) {
    synchronized (lock) {
      if (closed) {
        return;
      }
      KeyState old = states.get(ref);
      KeyState fresh = loadSafely(ref);
      if (fresh.sameAs(old)) {
        fresh.wipe(null);
        return;
      }
      if (fresh instanceof KeyState.Available available) {
        fresh = available.reusing(old);
      }
      states.put(ref, fresh);
      if (old != null) {
        old.wipe(fresh);
      }
      log(ref, fresh);
      boolean accessible = fresh instanceof KeyState.Available;
      for (KeyListener listener : listeners) {
        try {
          listener.keyChanged(ref, accessible);
        } catch (RuntimeException e) {
          LOG.error("key listener {} failed on a change of key {}", listener, ref, e);
        }
      }
    }
  }

  private KeyState loadSafely(KeyRef ref) {
    try {
      return Objects.requireNonNull(load(ref), "load returned null");
    } catch (RuntimeException e) {
      LOG.warn("reading encryption key {} failed", ref, e);
      return new KeyState.Unavailable("reading it failed: " + e.getClass().getSimpleName());
    }
  }

  private static void log(KeyRef ref, KeyState state) {
    if (state instanceof KeyState.Available) {
      LOG.info("encryption key {}: {}", ref, state);
    } else {
      LOG.warn("encryption key {}: {}", ref, state);
    }
  }

  private void startPolling() {
    if (poller != null) {
      return;
    }
    poller = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().daemon().name("quiver-keys-" + scheme).factory());
    long millis = pollInterval.toMillis();
    poller.scheduleWithFixedDelay(this::poll, millis, millis, TimeUnit.MILLISECONDS);
  }

  private void poll() {
    try {
      refresh();
    } catch (RuntimeException e) {
      LOG.error("polling encryption keys ({}:) failed", scheme, e);
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      if (poller != null) {
        poller.shutdownNow();
      }
      for (KeyState state : states.values()) {
        state.wipe(null);
      }
      states.clear();
      listeners.clear();
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + scheme + ":, poll " + pollInterval + "]";
  }
}
