package io.quiver.storage.wal;

import io.quiver.storage.object.ObjectStore;
import io.quiver.storage.object.S3Config;
import io.quiver.storage.object.S3ObjectStore;
import io.quiver.testkit.s3.S3Extension;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The object WAL contract against a real S3 server (s3proxy), one shard prefix per test. */
class ObjectWriteAheadLogIT extends ObjectWalContract {

  private static final AtomicInteger TESTS = new AtomicInteger();

  @RegisterExtension
  static final S3Extension s3 = S3Extension.create();

  private static S3ObjectStore root;

  @BeforeAll
  static void openRoot() throws Exception {
    root = S3ObjectStore.open(S3Config.of(s3.endpoint(), "quiver-wal-it", s3.accessKey(), s3.secretKey())
        .withRegion(s3.region()).withCreateBucketIfMissing(true).withPathPrefix("cluster-a"));
  }

  @AfterAll
  static void closeRoot() {
    if (root != null) {
      root.close();
    }
  }

  @Override
  protected ObjectStore newStore() {
    return root.scoped("wal/c" + TESTS.incrementAndGet() + "/s0");
  }

  @Override
  protected void closeUnderlyingStore() {
    // a view of the shared root
  }
}
