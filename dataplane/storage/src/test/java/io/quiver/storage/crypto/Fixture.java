package io.quiver.storage.crypto;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Two databases, each with its own key in a {@link MapKeyProvider}: db1 under {@link #REF1},
 * db2 under {@link #REF2}. Versions are changed through {@link #source} and applied by {@link
 * #refresh()}.
 */
final class Fixture implements AutoCloseable {

  static final KeyRef REF1 = KeyRef.parse("secret:quiver/db1-key#key");
  static final KeyRef REF2 = KeyRef.parse("secret:quiver/db2-key#key");

  final TestKeys.Source source = new TestKeys.Source();
  final Map<KeyRef, Map<Integer, byte[]>> versions = new ConcurrentHashMap<>();
  final Map<String, KeyRef> databaseKeys = new ConcurrentHashMap<>(Map.of("db1", REF1, "db2", REF2));
  final MapKeyProvider provider = new MapKeyProvider(KeyRef.SECRET, source::snapshot, TestKeys.FAST_POLL);
  final KeySelector selector = new KeySelector() {
    @Override
    public KeyRef keyRef(String database) {
      KeyRef ref = databaseKeys.get(database);
      if (ref == null) {
        throw io.quiver.engine.error.QuiverException.invalid("database '%s' has no encryption key", database);
      }
      return ref;
    }

    @Override
    public boolean accepts(String database, KeyRef ref) {
      return ref.equals(keyRef(database)) || acceptedOld.getOrDefault(database, Map.of()).containsKey(ref);
    }
  };
  final Map<String, Map<KeyRef, Boolean>> acceptedOld = new ConcurrentHashMap<>();
  final EnvelopeCipher cipher;

  Fixture() {
    this(EnvelopeOptions.defaults().withChunkSize(4096));
  }

  Fixture(EnvelopeOptions options) {
    addVersion(REF1, 1);
    addVersion(REF2, 1);
    cipher = EnvelopeCipher.create(provider, selector, options);
  }

  /** Adds version {@code v} with fresh material and makes it current (not yet refreshed). */
  synchronized byte[] addVersion(KeyRef ref, int v) {
    byte[] key = TestKeys.randomKey();
    Map<Integer, byte[]> map = new HashMap<>(versions.getOrDefault(ref, Map.of()));
    map.put(v, key);
    versions.put(ref, map);
    source.put(ref, map, v);
    return key;
  }

  /** Removes version {@code v} (not yet refreshed). */
  synchronized void retire(KeyRef ref, int v) {
    Map<Integer, byte[]> map = new HashMap<>(versions.get(ref));
    map.remove(v);
    versions.put(ref, map);
    source.put(ref, map, map.keySet().stream().max(Integer::compare).orElseThrow());
  }

  synchronized void revoke(KeyRef ref) {
    source.revoke(ref);
  }

  synchronized void grant(KeyRef ref) {
    Map<Integer, byte[]> map = versions.get(ref);
    source.put(ref, map, map.keySet().stream().max(Integer::compare).orElseThrow());
  }

  void refresh() {
    provider.refresh();
  }

  static ObjectContext ctx(String database, String collection, String name) {
    return new ObjectContext(database, collection, name);
  }

  @Override
  public void close() {
    cipher.close();
    provider.close();
  }
}
