package io.quiver.storage.wal;

import io.quiver.storage.object.ObjectInfo;
import io.quiver.storage.object.ObjectListing;
import io.quiver.storage.object.ObjectStore;
import io.quiver.storage.object.ObjectStoreException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * An {@link ObjectStore} that runs test hooks around the calls of another: to fail, delay or
 * interleave them. Views ({@link #scoped}, {@link #withDeadline}) share the hooks.
 */
final class HookedObjectStore implements ObjectStore {

  /** Runs with the key (or prefix) of a call; may throw to fail it, or block. */
  @FunctionalInterface
  interface Hook {
    Hook NONE = key -> { };

    void run(String key) throws ObjectStoreException;
  }

  /** The hooks of a store and its views; replace them at any time. */
  static final class Hooks {
    volatile Hook beforePut = Hook.NONE;
    /** After the delegate stored the object; throwing makes a put that stored report failure. */
    volatile Hook afterPut = Hook.NONE;
    volatile Hook beforeList = Hook.NONE;
    volatile Hook beforeGet = Hook.NONE;
    volatile Hook beforeDelete = Hook.NONE;
  }

  private final ObjectStore delegate;
  final Hooks hooks;

  HookedObjectStore(ObjectStore delegate) {
    this(delegate, new Hooks());
  }

  private HookedObjectStore(ObjectStore delegate, Hooks hooks) {
    this.delegate = delegate;
    this.hooks = hooks;
  }

  /** Whether {@code key} is a batch object's key. */
  static boolean isBatch(String key) {
    return key.endsWith(".batch");
  }

  @Override
  public void put(String key, byte[] data) throws ObjectStoreException {
    hooks.beforePut.run(key);
    delegate.put(key, data);
    hooks.afterPut.run(key);
  }

  @Override
  public void put(String key, Path file) throws ObjectStoreException {
    hooks.beforePut.run(key);
    delegate.put(key, file);
    hooks.afterPut.run(key);
  }

  @Override
  public void put(String key, InputStream in, long length) throws ObjectStoreException {
    hooks.beforePut.run(key);
    delegate.put(key, in, length);
    hooks.afterPut.run(key);
  }

  @Override
  public byte[] get(String key) throws ObjectStoreException {
    hooks.beforeGet.run(key);
    return delegate.get(key);
  }

  @Override
  public InputStream open(String key) throws ObjectStoreException {
    hooks.beforeGet.run(key);
    return delegate.open(key);
  }

  @Override
  public byte[] getRange(String key, long offset, int length) throws ObjectStoreException {
    hooks.beforeGet.run(key);
    return delegate.getRange(key, offset, length);
  }

  @Override
  public void download(String key, Path target) throws ObjectStoreException {
    hooks.beforeGet.run(key);
    delegate.download(key, target);
  }

  @Override
  public Optional<ObjectInfo> stat(String key) throws ObjectStoreException {
    hooks.beforeGet.run(key);
    return delegate.stat(key);
  }

  @Override
  public List<ObjectInfo> list(String prefix) throws ObjectStoreException {
    hooks.beforeList.run(prefix);
    return delegate.list(prefix);
  }

  @Override
  public ObjectListing listPage(String prefix, String startAfter, int maxKeys) throws ObjectStoreException {
    hooks.beforeList.run(prefix);
    return delegate.listPage(prefix, startAfter, maxKeys);
  }

  @Override
  public boolean delete(String key) throws ObjectStoreException {
    hooks.beforeDelete.run(key);
    return delegate.delete(key);
  }

  @Override
  public void deleteAll(Collection<String> keys) throws ObjectStoreException {
    for (String key : keys) {
      hooks.beforeDelete.run(key);
    }
    delegate.deleteAll(keys);
  }

  @Override
  public ObjectStore scoped(String subPrefix) {
    return new HookedObjectStore(delegate.scoped(subPrefix), hooks);
  }

  @Override
  public ObjectStore withDeadline(Duration deadline) {
    return new HookedObjectStore(delegate.withDeadline(deadline), hooks);
  }

  @Override
  public int purgeIncompleteWrites(Duration olderThan) throws ObjectStoreException {
    return delegate.purgeIncompleteWrites(olderThan);
  }

  @Override
  public String location() {
    return delegate.location();
  }

  @Override
  public void close() {
    // a view: the test closes the store it wraps
  }
}
