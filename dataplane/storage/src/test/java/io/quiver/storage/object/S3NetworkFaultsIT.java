package io.quiver.storage.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.storage.object.FaultProxy.Direction;
import io.quiver.testkit.s3.S3Extension;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Connections that break in the middle of a transfer, between the store and a real s3proxy. */
class S3NetworkFaultsIT {

  private static final int MIB = 1 << 20;

  @RegisterExtension
  static final S3Extension s3 = S3Extension.create();

  @TempDir
  Path tmp;

  private FaultProxy proxy;
  private S3ObjectStore store;

  @BeforeEach
  void open() throws Exception {
    proxy = new FaultProxy(s3.port());
    store = S3ObjectStore.open(S3Config.of(proxy.endpoint(), "faults", s3.accessKey(), s3.secretKey())
        .withRegion(s3.region()).withCreateBucketIfMissing(true).withPartSizeBytes(5L * MIB));
  }

  @AfterEach
  void close() throws Exception {
    store.close();
    proxy.close();
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  @Test
  void aDownloadCutMidwayResumesWhereItStopped() throws Exception {
    byte[] data = random(4 * MIB + 123, 1);
    store.put("seg.bin", data);
    proxy.resetCounters();
    proxy.cutAfter(Direction.TO_CLIENT, 3L * MIB);

    Path target = tmp.resolve("seg.bin");
    store.download("seg.bin", target);

    assertThat(Files.readAllBytes(target)).isEqualTo(data);
    assertThat(proxy.cuts()).isEqualTo(1);
    // the second request asked for the rest only, and only if the object is still the same
    assertThat(proxy.ranges()).singleElement().asString().matches("bytes=[1-9][0-9]*- if-match");
  }

  @Test
  void aGetCutMidwayIsRetried() throws Exception {
    byte[] data = random(3 * MIB, 2);
    store.put("k", data);
    proxy.cutAfter(Direction.TO_CLIENT, MIB);
    assertThat(store.get("k")).isEqualTo(data);
    assertThat(proxy.cuts()).isEqualTo(1);
  }

  @Test
  void aPutWhoseConnectionBreaksIsRetried() throws Exception {
    byte[] data = random(4 * MIB, 3);
    proxy.cutAfter(Direction.TO_SERVER, 2L * MIB);
    store.put("k", data);
    assertThat(proxy.cuts()).isEqualTo(1);
    assertThat(store.get("k")).isEqualTo(data);
  }

  @Test
  void aPartWhoseConnectionBreaksIsSentAgainAlone() throws Exception {
    byte[] data = random(12 * MIB, 4);
    proxy.resetCounters();
    proxy.cutAfter(Direction.TO_SERVER, 7L * MIB); // inside the second of three parts
    store.put("big", new ByteArrayInputStream(data), data.length);

    assertThat(proxy.cuts()).isEqualTo(1);
    assertThat(store.stat("big").orElseThrow().etag()).endsWith("-3");
    assertThat(store.get("big")).isEqualTo(data);
    // the parts once, plus what reached the server of the broken part (2 MiB); a restart would add 7 MiB
    assertThat(proxy.bytes(Direction.TO_SERVER)).isLessThan(data.length + 3L * MIB);
  }

  @Test
  void aStreamCutWhileItIsReadFailsRetryablyNamingTheObject() throws Exception {
    store.put("k", random(3 * MIB, 5));
    proxy.cutAfter(Direction.TO_CLIENT, MIB); // after the response started: open succeeds, reading fails
    try (InputStream in = store.open("k")) {
      assertThatThrownBy(in::readAllBytes)
          .isInstanceOf(ObjectStoreException.class)
          .hasMessageContaining("READ s3://faults/k")
          .satisfies(e -> assertThat(((ObjectStoreException) e).retryable()).isTrue());
    }
  }
}
