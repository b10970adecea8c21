package io.quiver.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.exception.MilvusClientException;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.database.request.AlterDatabasePropertiesReq;
import io.milvus.v2.service.database.request.CreateDatabaseReq;
import io.milvus.v2.service.utility.request.FlushReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.SearchResp;
import io.quiver.storage.crypto.EnvelopeHeader;
import io.quiver.storage.object.ObjectInfo;
import io.quiver.storage.object.ObjectStore;
import io.quiver.storage.object.S3Config;
import io.quiver.storage.object.S3ObjectStore;
import io.quiver.testkit.dataplane.QuiverStandaloneExtension;
import io.quiver.testkit.s3.S3Extension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Customer keys (BYOK) against a real S3 server, with segments and write-ahead logs in the bucket:
 * no plaintext in any object, rotation under load without errors (and data keys re-wrapped),
 * revocation failing reads and writes with KEY_REVOKED and a re-grant restoring them, and an
 * object copied from one database's collection into another's refused.
 */
class EncryptionIT {

  static final Path KEYS = createKeyDirectory();
  static final String BUCKET = "byok";
  static final SecureRandom RANDOM = new SecureRandom();

  @RegisterExtension
  @Order(1)
  static final S3Extension S3 = S3Extension.create();

  @RegisterExtension
  @Order(2)
  static final QuiverStandaloneExtension QUIVER = QuiverStandaloneExtension.create()
      .with("storage.s3.bucket", BUCKET)
      .with("storage.s3.create-bucket", "true")
      .with("storage.gc-interval", "1s")
      .with("storage.gc-grace", "0s")
      .with("security.encryption.key-dir", KEYS.toString())
      .with("security.encryption.key-poll", "200ms")
      .withS3(S3);

  static Path createKeyDirectory() {
    try {
      return Files.createTempDirectory("quiver-keys");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterAll
  static void removeKeys() throws IOException {
    try (Stream<Path> walk = Files.walk(KEYS)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  static String newKey() {
    byte[] k = new byte[32];
    RANDOM.nextBytes(k);
    return Base64.getEncoder().encodeToString(k);
  }

  /** Writes a key set atomically (as a Secret update or a KMS would change it). */
  static void writeKeys(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  static MilvusClientV2 client(String db) {
    return new MilvusClientV2(ConnectConfig.builder().uri(QUIVER.uri()).dbName(db).build());
  }

  static ObjectStore bucket() throws Exception {
    return S3ObjectStore.open(S3Config.of(S3.endpoint(), BUCKET, S3.accessKey(), S3.secretKey()).withRegion(S3.region()));
  }

  static void createEncryptedDatabase(String db, Path keyFile) {
    MilvusClientV2 root = client("default");
    try {
      root.createDatabase(CreateDatabaseReq.builder().databaseName(db)
          .properties(Map.of("database.encryption.key", "file:" + keyFile)).build());
    } finally {
      root.close();
    }
  }

  static List<JsonObject> rows(long first, int count, String secret) {
    List<JsonObject> out = new ArrayList<>();
    for (JsonObject r : DurabilityIT.rows(first, count)) {
      r.add("vector", r.remove("vec"));
      r.addProperty("secret", secret + "-" + r.get("id").getAsLong());
      out.add(r);
    }
    return out;
  }

  static long count(MilvusClientV2 c, String collection) {
    return (Long) c.query(QueryReq.builder().collectionName(collection).filter("").outputFields(List.of("count(*)")).build())
        .getQueryResults().get(0).getEntity().get("count(*)");
  }

  static List<io.milvus.v2.service.vector.request.data.BaseVector> query(long id) {
    return List.of(new FloatVec(vectorOf(rows(id, 1, "q").get(0))));
  }

  static float[] vectorOf(JsonObject row) {
    float[] v = new float[row.getAsJsonArray("vector").size()];
    for (int d = 0; d < v.length; d++) {
      v[d] = row.getAsJsonArray("vector").get(d).getAsFloat();
    }
    return v;
  }

  // ------------------------------------------------------------------ tests

  @Test
  void theBucketHoldsNoPlaintextAndRotationUnderLoadGivesNoErrors() throws Exception {
    Path keyFile = KEYS.resolve("rotating.key");
    String v1 = newKey();
    writeKeys(keyFile, "1=" + v1 + "\n");
    createEncryptedDatabase("enc_rotate", keyFile);
    String canary = "CANARY-" + Long.toHexString(RANDOM.nextLong()) + Long.toHexString(RANDOM.nextLong());
    MilvusClientV2 c = client("enc_rotate");
    c.createCollection(CreateCollectionReq.builder().collectionName("docs").dimension(8).build());
    c.insert(InsertReq.builder().collectionName("docs").data(rows(0, 3_000, canary)).build());
    c.flush(FlushReq.builder().collectionNames(List.of("docs")).build());

    // Insert and search load while the key is rotated to a second version.
    AtomicBoolean stop = new AtomicBoolean();
    List<String> errors = new CopyOnWriteArrayList<>();
    AtomicLong nextId = new AtomicLong(3_000);
    AtomicLong searches = new AtomicLong();
    Thread writer = Thread.ofPlatform().start(() -> {
      MilvusClientV2 w = client("enc_rotate");
      try {
        while (!stop.get()) {
          long first = nextId.getAndAdd(20);
          w.insert(InsertReq.builder().collectionName("docs").data(rows(first, 20, canary)).build());
        }
      } catch (RuntimeException e) {
        errors.add("insert: " + e.getMessage());
      } finally {
        w.close();
      }
    });
    Thread reader = Thread.ofPlatform().start(() -> {
      MilvusClientV2 r = client("enc_rotate");
      try {
        while (!stop.get()) {
          SearchResp resp = r.search(SearchReq.builder().collectionName("docs").data(query(17)).limit(3).build());
          // row 17 itself (or an identical vector: sin() repeats) is the best match
          if (resp.getSearchResults().get(0).get(0).getScore() < 0.9999f) {
            errors.add("search for row 17 found " + resp.getSearchResults().get(0).get(0));
          }
          searches.incrementAndGet();
        }
      } catch (RuntimeException e) {
        errors.add("search: " + e.getMessage());
      } finally {
        r.close();
      }
    });
    Thread.sleep(1_500);
    writeKeys(keyFile, "1=" + v1 + "\n2=" + newKey() + "\ncurrent=2\n");
    Thread.sleep(1_500);
    c.flush(FlushReq.builder().collectionNames(List.of("docs")).build()); // segments written under version 2
    Thread.sleep(1_000);
    stop.set(true);
    writer.join(30_000);
    reader.join(30_000);
    assertThat(errors).as("errors during rotation").isEmpty();
    assertThat(searches.get()).isPositive();
    c.flush(FlushReq.builder().collectionNames(List.of("docs")).build());
    assertThat(count(c, "docs")).isEqualTo(nextId.get());
    c.close();

    try (ObjectStore store = bucket()) {
      // Every segment object has an envelope header; after the rotation all are re-wrapped under version 2.
      Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
        List<String> headers = store.list("segments/").stream().map(ObjectInfo::key)
            .filter(k -> k.endsWith(EnvelopeHeader.SIDECAR_SUFFIX)).toList();
        assertThat(headers).isNotEmpty();
        for (String h : headers) {
          EnvelopeHeader header = EnvelopeHeader.parse(store.get(h));
          if (header.context().database().equals("enc_rotate")) {
            assertThat(header.kekVersion()).as(h).isEqualTo(2);
          }
        }
      });
      List<String> walObjects = store.list("wal/").stream().map(ObjectInfo::key).toList();
      assertThat(walObjects).as("the write-ahead log lives in the bucket too").isNotEmpty();
    }
    // No object in the bucket, segment or log, holds the canary in plaintext.
    byte[] needle = canary.getBytes(StandardCharsets.UTF_8);
    List<Path> scanned = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(S3.dataDirectory())) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        scanned.add(p);
        assertThat(indexOf(Files.readAllBytes(p), needle)).as("plaintext canary in %s", p).isEqualTo(-1);
      }
    }
    assertThat(scanned).anyMatch(p -> p.toString().contains("data.arrow")).anyMatch(p -> p.toString().contains("wal"));
  }

  @Test
  void revocationFailsReadsAndWritesAndARegrantRestoresThem() throws Exception {
    Path keyFile = KEYS.resolve("revocable.key");
    String key = "1=" + newKey() + "\n";
    writeKeys(keyFile, key);
    createEncryptedDatabase("enc_revoke", keyFile);
    MilvusClientV2 c = client("enc_revoke");
    MilvusClientV2 plain = client("default");
    try {
      c.createCollection(CreateCollectionReq.builder().collectionName("docs").dimension(8).build());
      c.insert(InsertReq.builder().collectionName("docs").data(rows(0, 500, "r")).build());
      c.flush(FlushReq.builder().collectionNames(List.of("docs")).build());
      plain.createCollection(CreateCollectionReq.builder().collectionName("plain_docs").dimension(8).build());
      plain.insert(InsertReq.builder().collectionName("plain_docs").data(rows(0, 10, "p")).build());

      writeKeys(keyFile, key + "revoked=true\n");
      Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
          assertThatThrownBy(() -> count(c, "docs")).isInstanceOf(MilvusClientException.class)
              .satisfies(e -> assertThat(((MilvusClientException) e).getServerErrCode()).isEqualTo(2400))
              .hasMessageContaining("revoked").hasMessageContaining("enc_revoke"));
      assertThatThrownBy(() -> c.search(SearchReq.builder().collectionName("docs").data(query(3)).limit(3).build()))
          .isInstanceOf(MilvusClientException.class).hasMessageContaining("revoked");
      assertThatThrownBy(() -> c.insert(InsertReq.builder().collectionName("docs").data(rows(900, 5, "r")).build()))
          .isInstanceOf(MilvusClientException.class).hasMessageContaining("revoked");
      // Another database is not affected.
      assertThat(count(plain, "plain_docs")).isEqualTo(10);

      writeKeys(keyFile, key); // re-granted
      Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
          .untilAsserted(() -> assertThat(count(c, "docs")).isEqualTo(500));
      assertThat(c.search(SearchReq.builder().collectionName("docs").data(query(3)).limit(3).build())
          .getSearchResults().get(0).get(0).getId()).isEqualTo(3L);
      c.insert(InsertReq.builder().collectionName("docs").data(rows(900, 5, "r")).build());
      assertThat(count(c, "docs")).isEqualTo(505);
    } finally {
      c.close();
      plain.close();
    }
  }

  @Test
  void keysAreCheckedWhenADatabaseIsCreatedOrAltered() throws Exception {
    MilvusClientV2 root = client("default");
    try {
      assertThatThrownBy(() -> root.createDatabase(CreateDatabaseReq.builder().databaseName("enc_missing")
          .properties(Map.of("database.encryption.key", "file:" + KEYS.resolve("no-such.key"))).build()))
          .isInstanceOf(MilvusClientException.class).hasMessageContaining("database.encryption.key")
          .hasMessageContaining("does not exist");
      assertThatThrownBy(() -> root.createDatabase(CreateDatabaseReq.builder().databaseName("enc_outside")
          .properties(Map.of("database.encryption.key", "file:/etc/passwd")).build()))
          .isInstanceOf(MilvusClientException.class).hasMessageContaining("not inside the key directory");
      Path keyFile = KEYS.resolve("fixed.key");
      writeKeys(keyFile, "1=" + newKey() + "\n");
      createEncryptedDatabase("enc_fixed", keyFile);
      MilvusClientV2 c = client("enc_fixed");
      try {
        c.createCollection(CreateCollectionReq.builder().collectionName("docs").dimension(8).build());
      } finally {
        c.close();
      }
      assertThatThrownBy(() -> root.alterDatabaseProperties(AlterDatabasePropertiesReq.builder().databaseName("enc_fixed")
          .property("database.encryption.key", "file:" + KEYS.resolve("rotating.key")).build()))
          .isInstanceOf(MilvusClientException.class).hasMessageContaining("holds no collections");
    } finally {
      root.close();
    }
  }

  @Test
  void anObjectCopiedIntoAnotherDatabasesCollectionCannotBeRead() throws Exception {
    // Both databases use the same key: the envelope binds each object to its database, collection and name.
    Path keyFile = KEYS.resolve("shared.key");
    writeKeys(keyFile, "1=" + newKey() + "\n");
    createEncryptedDatabase("enc_src", keyFile);
    createEncryptedDatabase("enc_dst", keyFile);
    long srcId;
    long dstId;
    MilvusClientV2 src = client("enc_src");
    MilvusClientV2 dst = client("enc_dst");
    try {
      src.createCollection(CreateCollectionReq.builder().collectionName("docs").dimension(8).build());
      dst.createCollection(CreateCollectionReq.builder().collectionName("docs").dimension(8).build());
      src.insert(InsertReq.builder().collectionName("docs").data(rows(0, 300, "src")).build());
      dst.insert(InsertReq.builder().collectionName("docs").data(rows(0, 200, "dst")).build());
      src.flush(FlushReq.builder().collectionNames(List.of("docs")).build());
      dst.flush(FlushReq.builder().collectionNames(List.of("docs")).build());
      srcId = src.describeCollection(DescribeCollectionReq.builder().collectionName("docs").build()).getCollectionID();
      dstId = dst.describeCollection(DescribeCollectionReq.builder().collectionName("docs").build()).getCollectionID();
    } finally {
      src.close();
      dst.close();
    }
    QUIVER.kill();
    List<String> dstObjects;
    try (ObjectStore store = bucket()) {
      String srcData = store.list("segments/" + srcId + "/").stream().map(ObjectInfo::key)
          .filter(k -> k.endsWith("/data.arrow")).findFirst().orElseThrow();
      String dstData = store.list("segments/" + dstId + "/").stream().map(ObjectInfo::key)
          .filter(k -> k.endsWith("/data.arrow")).findFirst().orElseThrow();
      store.put(dstData, store.get(srcData));
      store.put(dstData + EnvelopeHeader.SIDECAR_SUFFIX, store.get(srcData + EnvelopeHeader.SIDECAR_SUFFIX));
      dstObjects = store.list("segments/" + dstId + "/").stream().map(ObjectInfo::key).toList();
    }
    // A server with only the catalog and the bucket: its segment files come from the bucket.
    try (Stream<Path> walk = Files.walk(QUIVER.dataDirectory().resolve("segments"))) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    QUIVER.restart();
    MilvusClientV2 src2 = client("enc_src");
    MilvusClientV2 dst2 = client("enc_dst");
    try {
      assertThat(count(src2, "docs")).isEqualTo(300);
      assertThatThrownBy(() -> count(dst2, "docs")).isInstanceOf(MilvusClientException.class)
          .hasMessageContaining("does not belong to database 'enc_dst'");
      // The unreadable collection's objects are kept (garbage collection runs every second).
      Thread.sleep(3_000);
      try (ObjectStore store = bucket()) {
        assertThat(store.list("segments/" + dstId + "/").stream().map(ObjectInfo::key).toList())
            .containsExactlyInAnyOrderElementsOf(dstObjects);
      }
    } finally {
      src2.close();
      dst2.close();
    }
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
