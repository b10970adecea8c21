package io.quiver.storage.crypto;

import io.quiver.engine.error.QuiverException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.crypto.AEADBadTagException;

/** {@link KeyProvider#routing}: dispatches by {@link KeyRef#scheme()}. Thread-safe (immutable). */
final class RoutingKeyProvider implements KeyProvider {

  private final Map<String, KeyProvider> byScheme;

  RoutingKeyProvider(Map<String, ? extends KeyProvider> byScheme) {
    this.byScheme = Map.copyOf(byScheme);
  }

  private KeyProvider of(KeyRef ref) {
    KeyProvider provider = byScheme.get(ref.scheme());
    if (provider == null) {
      throw QuiverException.invalid(
          "no key provider handles '%s:' references (configured: %s)", ref.scheme(), byScheme.keySet());
    }
    return provider;
  }

  @Override
  public int currentVersion(KeyRef ref) {
    return of(ref).currentVersion(ref);
  }

  @Override
  public byte[] wrap(KeyRef ref, int version, byte[] dataKey, byte[] aad) {
    return of(ref).wrap(ref, version, dataKey, aad);
  }

  @Override
  public KeyMaterial unwrap(KeyRef ref, int version, byte[] wrapped, byte[] aad) throws AEADBadTagException {
    return of(ref).unwrap(ref, version, wrapped, aad);
  }

  @Override
  public Subscription subscribe(KeyListener listener) {
    List<Subscription> subscriptions = new ArrayList<>();
    for (KeyProvider provider : byScheme.values()) {
      subscriptions.add(provider.subscribe(listener));
    }
    return () -> {
      for (Subscription s : subscriptions) {
        s.close();
      }
    };
  }

  @Override
  public void refresh() {
    byScheme.values().forEach(KeyProvider::refresh);
  }

  @Override
  public void close() {
    byScheme.values().forEach(KeyProvider::close);
  }

  @Override
  public String toString() {
    return "KeyProvider.routing" + byScheme;
  }
}
