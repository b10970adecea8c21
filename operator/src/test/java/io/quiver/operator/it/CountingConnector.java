package io.quiver.operator.it;

import io.quiver.operator.dataplane.ClusterAddress;
import io.quiver.operator.dataplane.DataPlaneClient;
import io.quiver.operator.dataplane.DataPlaneConnector;
import io.quiver.operator.dataplane.DataPlaneException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Wraps a connector so that every data-plane call through its clients is recorded, writes separately,
 * and so that a test can hold one kind of call (e.g. the first CreateIndex) until it lets it go on or
 * fail: the operator is then stopped in the middle of a reconcile. Thread-safe.
 */
final class CountingConnector implements DataPlaneConnector {

  /** The client methods that change the data plane. */
  static final Set<String> WRITES = Set.of("createDatabase", "createCollection", "addField", "createPartition",
      "alterProperties", "createIndex", "dropIndex", "load", "release", "dropCollection", "createResourceGroup",
      "updateResourceGroup", "dropResourceGroup", "installKeyVersion", "revokeKey", "restoreKey");

  private final DataPlaneConnector delegate;
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private volatile String holdMethod;
  private volatile CountDownLatch held = new CountDownLatch(0);
  private volatile CountDownLatch release = new CountDownLatch(0);
  private volatile boolean failHeld;

  CountingConnector(DataPlaneConnector delegate) {
    this.delegate = delegate;
  }

  /** Every call so far, as method names. */
  List<String> calls() {
    return List.copyOf(calls);
  }

  /** The write calls so far, as method names. */
  List<String> writes() {
    return calls.stream().filter(WRITES::contains).toList();
  }

  void clear() {
    calls.clear();
  }

  /** Holds the next call of {@code method} until {@link #letGo} (the call then fails if {@code fail}). */
  void holdNext(String method) {
    held = new CountDownLatch(1);
    release = new CountDownLatch(1);
    holdMethod = method;
  }

  /** Waits until the held call arrived. */
  boolean awaitHeld(long seconds) throws InterruptedException {
    return held.await(seconds, TimeUnit.SECONDS);
  }

  /** Lets the held call go on, or fail as if the operator died there. */
  void letGo(boolean fail) {
    failHeld = fail;
    release.countDown();
  }

  @Override
  public DataPlaneClient connect(ClusterAddress address) {
    DataPlaneClient client = delegate.connect(address);
    InvocationHandler handler = (proxy, method, args) -> {
      String name = method.getName();
      if (name.equals(holdMethod)) {
        holdMethod = null;
        held.countDown();
        release.await(60, TimeUnit.SECONDS);
        if (failHeld) {
          throw new DataPlaneException(DataPlaneException.Kind.UNAVAILABLE, "the test stopped the operator here");
        }
      }
      if (!name.equals("close") && !name.equals("toString") && !name.equals("hashCode") && !name.equals("equals")) {
        calls.add(name);
      }
      try {
        return method.invoke(client, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
    return (DataPlaneClient) Proxy.newProxyInstance(DataPlaneClient.class.getClassLoader(),
        new Class<?>[] {DataPlaneClient.class}, handler);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
