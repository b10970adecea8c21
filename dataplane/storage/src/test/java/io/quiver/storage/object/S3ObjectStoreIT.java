package io.quiver.storage.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.MinioAsyncClient;
import io.minio.messages.Upload;
import io.quiver.testkit.s3.S3Extension;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract against a real s3proxy, plus multipart uploads and listings of incomplete ones. */
class S3ObjectStoreIT extends ObjectStoreContract {

  private static final int MIB = 1 << 20;
  private static final String BUCKET = "quiver-it";
  private static final AtomicInteger TESTS = new AtomicInteger();

  @RegisterExtension
  static final S3Extension s3 = S3Extension.create();

  private static S3ObjectStore root;
  private static MinioAsyncClient minio;

  static S3Config config() {
    return S3Config.of(s3.endpoint(), BUCKET, s3.accessKey(), s3.secretKey()).withRegion(s3.region());
  }

  @BeforeAll
  static void openRoot() throws Exception {
    root = S3ObjectStore.open(config().withCreateBucketIfMissing(true).withPartSizeBytes(5L * MIB).withPathPrefix("/it/"));
    minio = MinioAsyncClient.builder().endpoint(s3.endpoint()).credentials(s3.accessKey(), s3.secretKey())
        .region(s3.region()).build();
  }

  @AfterAll
  static void closeRoot() throws Exception {
    if (root != null) {
      root.close();
    }
    if (minio != null) {
      minio.close();
    }
  }

  /** A fresh view per test: s3://quiver-it/it/test-N. */
  @Override
  protected ObjectStore newStore() {
    return root.scoped("test-" + TESTS.incrementAndGet());
  }

  private static List<Upload> incompleteUploads(String prefix) throws Exception {
    List<Upload> uploads = minio.listMultipartUploadsAsync(BUCKET, s3.region(), null, null, null, 1000, prefix, null,
        null, null).get().result().uploads();
    return uploads == null ? List.of() : uploads;
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static Path randomFile(Path file, long size, long seed) throws IOException {
    Random random = new Random(seed);
    byte[] chunk = new byte[MIB];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long written = 0; written < size; written += chunk.length) {
        random.nextBytes(chunk);
        out.write(chunk, 0, (int) Math.min(chunk.length, size - written));
      }
    }
    return file;
  }

  @Test
  void objectsLiveUnderThePathPrefixAndTheViewsPrefix() throws Exception {
    store.put("k", utf8("v"));
    String view = store.location().substring(store.location().lastIndexOf('/') + 1);
    assertThat(store.location()).isEqualTo("s3://" + BUCKET + "/it/" + view);
    try (InputStream in = minio.getObject(io.minio.GetObjectArgs.builder().bucket(BUCKET).object("it/" + view + "/k")
        .build()).get()) {
      assertThat(in.readAllBytes()).isEqualTo(utf8("v"));
    }
    assertThat(root.location()).isEqualTo("s3://" + BUCKET + "/it");
    assertThat(root.config().pathPrefix()).isEqualTo("it");
  }

  @Test
  void fortyMebibyteFileWithFiveMebibytePartsRoundTripsByteForByte() throws Exception {
    Path source = randomFile(tmp.resolve("big.bin"), 40L * MIB, 40);
    store.put("big/segment.arrow", source);

    ObjectInfo info = store.stat("big/segment.arrow").orElseThrow();
    assertThat(info.size()).isEqualTo(40L * MIB);
    assertThat(info.etag()).endsWith("-8"); // 8 parts of 5 MiB

    Path copy = tmp.resolve("copy.bin");
    store.download("big/segment.arrow", copy);
    assertThat(sha256(copy)).isEqualTo(sha256(source));

    byte[] whole = Files.readAllBytes(source);
    assertThat(store.getRange("big/segment.arrow", 5L * MIB - 10, 20))
        .isEqualTo(Arrays.copyOfRange(whole, 5 * MIB - 10, 5 * MIB + 10));
    assertThat(store.getRange("big/segment.arrow", 40L * MIB - 1, 1)).containsExactly(whole[40 * MIB - 1]);
    assertThat(store.get("big/segment.arrow")).isEqualTo(whole);
    assertThat(incompleteUploads("it/")).isEmpty();
  }

  @Test
  void largeArraysAndStreamsAreUploadedInParts() throws Exception {
    byte[] data = random(12 * MIB + 3, 12);
    store.put("array", data);
    store.put("stream", new java.io.ByteArrayInputStream(data), data.length);
    assertThat(store.stat("array").orElseThrow().etag()).endsWith("-3");
    assertThat(store.stat("stream").orElseThrow().etag()).endsWith("-3");
    assertThat(store.get("array")).isEqualTo(data);
    assertThat(store.get("stream")).isEqualTo(data);
  }

  @Test
  void aMultipartUploadWhoseSourceFailsMidwayLeavesNoObjectAndNoIncompleteUpload() throws Exception {
    store.put("big/kept", utf8("previous"));
    long length = 40L * MIB;
    long failAt = 12L * MIB; // in the third part
    InputStream failing = new InputStream() {
      final Random random = new Random(1);
      long position;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (position >= failAt) {
          throw new IOException("simulated source failure at byte " + position);
        }
        int n = (int) Math.min(len, failAt - position);
        byte[] chunk = new byte[n];
        random.nextBytes(chunk);
        System.arraycopy(chunk, 0, b, off, n);
        position += n;
        return n;
      }
    };

    assertThatThrownBy(() -> store.put("big/kept", failing, length))
        .isInstanceOf(ObjectStoreException.class)
        .hasMessageContaining("PUT s3://" + BUCKET + "/it/")
        .hasMessageContaining("big/kept")
        .hasStackTraceContaining("simulated source failure")
        .satisfies(e -> assertThat(((ObjectStoreException) e).retryable()).isFalse());

    assertThat(store.get("big/kept")).isEqualTo(utf8("previous"));
    assertThat(keys(store.list(""))).containsExactly("big/kept");
    assertThat(incompleteUploads("it/")).isEmpty();
  }

  @Test
  void purgeAbortsIncompleteUploadsUnderTheStoreOnly() throws Exception {
    String mine = store.location().substring(("s3://" + BUCKET + "/").length()) + "/orphan";
    String uploadId = minio.createMultipartUploadAsync(BUCKET, s3.region(), mine, null, null).get().result().uploadId();
    String elsewhere = minio.createMultipartUploadAsync(BUCKET, s3.region(), "elsewhere/orphan", null, null).get()
        .result().uploadId();
    try {
      assertThat(incompleteUploads(mine)).extracting(Upload::uploadId).containsExactly(uploadId);
      assertThat(store.purgeIncompleteWrites(Duration.ofHours(1))).isZero();
      Thread.sleep(1100); // S3 keeps the initiation time in seconds
      assertThat(store.purgeIncompleteWrites(Duration.ZERO)).isEqualTo(1);
      assertThat(incompleteUploads(mine)).isEmpty();
      assertThat(incompleteUploads("elsewhere/")).extracting(Upload::uploadId).containsExactly(elsewhere);
    } finally {
      minio.abortMultipartUploadAsync(BUCKET, s3.region(), "elsewhere/orphan", elsewhere, null, null).get();
    }
  }

  @Test
  void deleteAllRemovesMoreThanOneBatch() throws Exception {
    List<String> keys = java.util.stream.IntStream.range(0, 2050).mapToObj(i -> "b/" + i).toList();
    putAll(store, keys);
    store.put("stay", utf8("s"));
    store.deleteAll(keys);
    assertThat(keys(store.list(""))).containsExactly("stay");
  }

  @Test
  void aDeadlineViewSharesTheStore() throws Exception {
    ObjectStore fast = store.withDeadline(Duration.ofSeconds(2));
    fast.put("k", utf8("v"));
    assertThat(store.get("k")).isEqualTo(utf8("v"));
    assertThat(((S3ObjectStore) fast).deadline()).isEqualTo(Duration.ofSeconds(2));
    assertThat(((S3ObjectStore) store).deadline()).isEqualTo(S3Config.DEFAULT_DEADLINE);
    fast.close();
    assertThat(store.get("k")).isEqualTo(utf8("v"));
  }
}
