package io.quiver.storage.catalog.etcd;

import io.quiver.storage.catalog.KvStore;
import io.quiver.storage.catalog.local.LocalKvStore;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The standalone store passes the portable contract too. */
class LocalKvStorePortableContractTest extends PortableKvStoreContract {

  @TempDir Path dir;

  @Override
  protected KvStore newStore() throws IOException {
    return LocalKvStore.open(dir);
  }
}
