package io.quiver.storage.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.engine.error.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RevocationTest {

  private static final Duration POLL = Duration.ofMillis(100);

  @TempDir Path root;

  private final ObjectContext seg = Fixture.ctx("db1", "coll", "coll/segments/3/index.bin");

  /** Waits until {@code check} stops throwing, up to {@code limit}; returns how long it took. */
  static Duration awaitTrue(Duration limit, Supplier<Boolean> check) throws InterruptedException {
    long start = System.nanoTime();
    while (!check.get()) {
      if (System.nanoTime() - start > limit.toNanos()) {
        throw new AssertionError("not within " + limit);
      }
      Thread.sleep(10);
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  static boolean revoked(Runnable op) {
    try {
      op.run();
      return false;
    } catch (KeyRevokedException e) {
      return true;
    }
  }

  static boolean works(Runnable op) {
    try {
      op.run();
      return true;
    } catch (KeyRevokedException e) {
      return false;
    }
  }

  private static void writeAtomically(Path path, byte[] data) throws IOException {
    Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
    Files.write(tmp, data);
    Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void deletingTheKeyFileRevokesWithinThePollIntervalAndRestoringItReGrants() throws Exception {
    Path keyFile = root.resolve("db1.key");
    byte[] kek = TestKeys.randomKey();
    writeAtomically(keyFile, kek);
    KeyRef ref = KeyRef.parse("file:" + keyFile);
    try (FileKeyProvider provider = new FileKeyProvider(root, POLL);
        EnvelopeCipher cipher = EnvelopeCipher.create(provider, KeySelector.fixed(ref))) {
      EnvelopeCipher.Sealed sealed = cipher.encrypt(seg, new byte[] {1, 2, 3});
      Runnable read = () -> cipher.decrypt(seg, sealed.header(), sealed.ciphertext());
      read.run();
      assertThat(cipher.cachedDataKeys()).isPositive();

      Files.delete(keyFile);
      Duration took = awaitTrue(Duration.ofSeconds(5), () -> revoked(read));
      assertThat(took).isLessThan(Duration.ofSeconds(2));
      assertThat(cipher.cachedDataKeys()).isZero();
      assertThatThrownBy(read::run)
          .isInstanceOfSatisfying(KeyRevokedException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.KEY_REVOKED);
            assertThat(e.code().retriable()).isFalse();
            assertThat(e.database()).isEqualTo("db1");
            assertThat(e.keyRef()).isEqualTo(ref);
          })
          .hasMessage("database 'db1' cannot be read or written: its encryption key '" + ref + "' is revoked (key file "
              + keyFile + " does not exist); access returns when the key is granted again");
      assertThatThrownBy(() -> cipher.encrypt(seg, new byte[1])).isInstanceOf(KeyRevokedException.class);
      assertThatThrownBy(() -> cipher.rewrap(sealed.header(), 1)).isInstanceOf(KeyRevokedException.class);

      writeAtomically(keyFile, kek);
      awaitTrue(Duration.ofSeconds(5), () -> works(read));
      assertThat(cipher.decrypt(seg, sealed.header(), sealed.ciphertext())).containsExactly(1, 2, 3);
      cipher.encrypt(seg, new byte[1]);
    }
  }

  @Test
  void markingAKeySetRevokedRevokesAndUnmarkingReGrants() throws Exception {
    Path keyFile = root.resolve("db1.keys");
    Map<Integer, byte[]> versions = Map.of(1, TestKeys.randomKey(), 2, TestKeys.randomKey());
    writeAtomically(keyFile, TestKeys.keySet(versions, null, false));
    KeyRef ref = KeyRef.parse("file:" + keyFile);
    try (FileKeyProvider provider = new FileKeyProvider(root, POLL);
        EnvelopeCipher cipher = EnvelopeCipher.create(provider, KeySelector.fixed(ref))) {
      EnvelopeCipher.Sealed sealed = cipher.encrypt(seg, new byte[] {9});
      assertThat(sealed.header().kekVersion()).isEqualTo(2);
      Runnable read = () -> cipher.decrypt(seg, sealed.header(), sealed.ciphertext());
      writeAtomically(keyFile, TestKeys.keySet(versions, null, true));
      awaitTrue(Duration.ofSeconds(5), () -> revoked(read));
      assertThatThrownBy(read::run).hasMessageContaining("marked revoked in key file");
      writeAtomically(keyFile, TestKeys.keySet(versions, 2, false));
      awaitTrue(Duration.ofSeconds(5), () -> works(read));
    }
  }

  @Test
  void keyDirectoryWithVersionFilesAndARevokedMarker() throws Exception {
    Path keyDir = Files.createDirectory(root.resolve("db1"));
    Files.write(keyDir.resolve("1"), TestKeys.randomKey());
    Files.writeString(keyDir.resolve("v2.key"), java.util.Base64.getEncoder().encodeToString(TestKeys.randomKey()) + "\n");
    Files.writeString(keyDir.resolve("3"), java.util.HexFormat.of().formatHex(TestKeys.randomKey()));
    Files.writeString(keyDir.resolve("current"), "2\n");
    Files.createDirectory(keyDir.resolve("..data")); // what a Secret volume also holds
    KeyRef ref = KeyRef.parse("file:" + keyDir);
    try (FileKeyProvider provider = new FileKeyProvider(root, POLL);
        EnvelopeCipher cipher = EnvelopeCipher.create(provider, KeySelector.fixed(ref))) {
      assertThat(provider.currentVersion(ref)).isEqualTo(2);
      EnvelopeCipher.Sealed sealed = cipher.encrypt(seg, new byte[] {7});
      assertThat(sealed.header().kekVersion()).isEqualTo(2);
      Runnable read = () -> cipher.decrypt(seg, sealed.header(), sealed.ciphertext());
      Files.createFile(keyDir.resolve("revoked"));
      awaitTrue(Duration.ofSeconds(5), () -> revoked(read));
      Files.delete(keyDir.resolve("revoked"));
      awaitTrue(Duration.ofSeconds(5), () -> works(read));
      Files.delete(keyDir.resolve("current"));
      awaitTrue(Duration.ofSeconds(5), () -> provider.currentVersion(ref) == 3);
      read.run();
    }
  }

  @Test
  void mapProviderRevokesWhenTheEntryDisappearsAndReGrantsWhenItReturns() throws Exception {
    try (Fixture fx = new Fixture()) {
      EnvelopeCipher.Sealed one = fx.cipher.encrypt(seg, new byte[] {1});
      ObjectContext other = Fixture.ctx("db2", "coll", "x");
      EnvelopeCipher.Sealed two = fx.cipher.encrypt(other, new byte[] {2});
      fx.revoke(Fixture.REF1);
      fx.refresh(); // what a watcher does on a Secret event: immediate
      assertThatThrownBy(() -> fx.cipher.decrypt(seg, one.header(), one.ciphertext()))
          .isInstanceOf(KeyRevokedException.class)
          .hasMessageContaining("database 'db1'")
          .hasMessageContaining("secret:quiver/db1-key#key");
      assertThatThrownBy(() -> fx.cipher.encrypt(seg, new byte[1])).isInstanceOf(KeyRevokedException.class);
      // the other database is not affected
      assertThat(fx.cipher.decrypt(other, two.header(), two.ciphertext())).containsExactly(2);

      fx.grant(Fixture.REF1);
      fx.refresh();
      assertThat(fx.cipher.decrypt(seg, one.header(), one.ciphertext())).containsExactly(1);

      // without a refresh, the poll notices too
      fx.revoke(Fixture.REF1);
      awaitTrue(Duration.ofSeconds(5), () -> revoked(() -> fx.cipher.decrypt(seg, one.header(), one.ciphertext())));
      fx.grant(Fixture.REF1);
      awaitTrue(Duration.ofSeconds(5), () -> works(() -> fx.cipher.decrypt(seg, one.header(), one.ciphertext())));
    }
  }

  @Test
  void revocationStopsAStreamThatIsAlreadyReading() throws Exception {
    try (Fixture fx = new Fixture()) {
      byte[] plain = EnvelopeCipherTest.data(1, 10 * 4096);
      EnvelopeCipher.Sealed sealed = fx.cipher.encrypt(seg, plain);
      try (InputStream in = fx.cipher.decryptingStream(seg, sealed.header(), new ByteArrayInputStream(sealed.ciphertext()))) {
        assertThat(in.readNBytes(4096)).isEqualTo(java.util.Arrays.copyOf(plain, 4096));
        fx.revoke(Fixture.REF1);
        fx.refresh();
        assertThatThrownBy(in::readAllBytes).isInstanceOf(KeyRevokedException.class);
      }
    }
  }

  @Test
  void revocationStopsAStreamThatIsAlreadyWriting() throws Exception {
    try (Fixture fx = new Fixture()) {
      java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream();
      EncryptingOutputStream out = fx.cipher.encryptingStream(seg, sink);
      out.write(new byte[3 * 4096]);
      fx.revoke(Fixture.REF1);
      fx.refresh();
      assertThatThrownBy(() -> out.write(new byte[2 * 4096])).isInstanceOf(KeyRevokedException.class);
      assertThatThrownBy(out::finish).isInstanceOf(IOException.class).hasMessageContaining("failed earlier");
      out.abandon();
    }
  }

  @Test
  void noCachedDataKeySurvivesRevocation() {
    try (Fixture fx = new Fixture()) {
      EnvelopeCipher.Sealed sealed = fx.cipher.encrypt(seg, new byte[] {1});
      fx.cipher.decrypt(seg, sealed.header(), sealed.ciphertext());
      int before = fx.cipher.cachedDataKeys();
      assertThat(before).isPositive();
      fx.revoke(Fixture.REF1);
      fx.refresh();
      assertThat(fx.cipher.cachedDataKeys()).isZero();
      assertThatThrownBy(() -> fx.cipher.decrypt(seg, sealed.header(), sealed.ciphertext()))
          .isInstanceOf(KeyRevokedException.class);
    }
  }

  @Test
  void unreadableKeyMaterialFailsClosedAndRetryably() throws Exception {
    Path keyFile = root.resolve("bad.key");
    Files.writeString(keyFile, "1=not-a-key\n");
    KeyRef ref = KeyRef.parse("file:" + keyFile);
    try (FileKeyProvider provider = new FileKeyProvider(root, POLL)) {
      assertThatThrownBy(() -> provider.currentVersion(ref))
          .isInstanceOfSatisfying(KeyUnavailableException.class, e -> assertThat(e.code().retriable()).isTrue())
          .hasMessageContaining("malformed key material")
          .hasMessageNotContaining("not-a-key");
    }
  }

  @Test
  void keyFilesOutsideTheKeyDirectoryAreRefused() throws Exception {
    Path outside = Files.createTempFile("outside", ".key");
    try (FileKeyProvider provider = new FileKeyProvider(root.resolve("keys"), POLL)) {
      Files.write(outside, TestKeys.randomKey());
      assertThatThrownBy(() -> provider.currentVersion(KeyRef.parse("file:" + outside)))
          .isInstanceOf(KeyRevokedException.class)
          .hasMessageContaining("not inside the key directory");
    } finally {
      Files.delete(outside);
    }
  }

  @Test
  void pollIntervalMustBeAtMostSixtySeconds() {
    assertThatThrownBy(() -> new FileKeyProvider(root, Duration.ofSeconds(61)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key provider setting pollInterval must be more than 0 and at most PT1M, got PT1M1S");
    assertThatThrownBy(() -> new MapKeyProvider(KeyRef.SECRET, Map::of, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new MapKeyProvider(KeyRef.SECRET, Map::of, Duration.ofSeconds(60)).pollInterval())
        .isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void listenersHearRevocationAndReGrant() {
    try (Fixture fx = new Fixture()) {
      java.util.List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
      fx.provider.currentVersion(Fixture.REF1);
      try (KeyProvider.Subscription s = fx.provider.subscribe((ref, ok) -> events.add(ref + "=" + ok))) {
        fx.revoke(Fixture.REF1);
        fx.refresh();
        fx.refresh(); // no change, no event
        fx.grant(Fixture.REF1);
        fx.refresh();
      }
      fx.revoke(Fixture.REF1);
      fx.refresh(); // unsubscribed
      assertThat(events).containsExactly("secret:quiver/db1-key#key=false", "secret:quiver/db1-key#key=true");
    }
  }
}
