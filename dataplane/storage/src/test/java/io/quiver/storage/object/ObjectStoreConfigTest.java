package io.quiver.storage.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjectStoreConfigTest {

  @TempDir
  Path dir;

  @Test
  void kindIsLocalOrS3InAnyCase() {
    assertThat(ObjectStoreConfig.Kind.parse("local")).isEqualTo(ObjectStoreConfig.Kind.LOCAL);
    assertThat(ObjectStoreConfig.Kind.parse(" S3 ")).isEqualTo(ObjectStoreConfig.Kind.S3);
    assertThat(ObjectStoreConfig.Kind.S3.configName()).isEqualTo("s3");
    assertThatThrownBy(() -> ObjectStoreConfig.Kind.parse("gcs")).hasMessage("object store must be 'local' or 's3', got 'gcs'");
    assertThatThrownBy(() -> ObjectStoreConfig.Kind.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void localConfigOpensADirectoryStore() throws Exception {
    try (ObjectStore store = new ObjectStoreConfig.Local(dir.resolve("objects"), true).open()) {
      assertThat(store).isInstanceOf(LocalObjectStore.class);
      store.put("k", new byte[] {1});
      assertThat(dir.resolve("objects/k")).exists();
    }
  }
}
