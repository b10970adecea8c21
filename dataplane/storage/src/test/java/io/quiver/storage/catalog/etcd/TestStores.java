package io.quiver.storage.catalog.etcd;

import io.quiver.testkit.etcd.EtcdExtension;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stores for integration tests. Tests that are not about deadlines use a 10 s call timeout: the
 * test machines are shared (load averages far above their core count), and a linearizable etcd
 * read behind a burst of fsyncs can then take longer than the 2 s default.
 */
final class TestStores {

  static final Duration PATIENT = Duration.ofSeconds(10);
  private static final AtomicInteger ROOTS = new AtomicInteger();

  private TestStores() {}

  /** A root prefix no other test uses, e.g. {@code /quiver/watch-3/}. */
  static String newRoot(String name) {
    return "/quiver/" + name + "-" + ROOTS.incrementAndGet() + "/";
  }

  /** A patient store on {@code etcd} under {@code root}. */
  static EtcdKvStore open(EtcdExtension etcd, String root) {
    return EtcdKvStore.open(EtcdConfig.of(etcd.endpoints(), root).withCallTimeout(PATIENT));
  }
}
