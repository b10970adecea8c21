package io.quiver.storage.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.engine.error.ErrorCode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KmsKeyProviderTest {

  private static final KeyRef REF = KeyRef.parse("kms:aws/arn:aws:kms:eu-west-1:123456789012:key/1234abcd");

  private final FakeKmsClient kms = new FakeKmsClient("aws");
  private final KmsKeyProvider provider = new KmsKeyProvider(List.of(kms), Duration.ofMillis(50));
  private final EnvelopeCipher cipher = EnvelopeCipher.create(provider, KeySelector.fixed(REF));
  private final ObjectContext seg = Fixture.ctx("db1", "coll", "coll/segments/1/data");

  KmsKeyProviderTest() {
    kms.createKey(REF.kmsKeyId());
  }

  @AfterEach
  void close() {
    cipher.close();
    provider.close();
  }

  @Test
  void encryptsThroughTheKmsAndCachesUnwrappedDataKeys() {
    byte[] plain = EnvelopeCipherTest.data(1, 10_000);
    EnvelopeCipher.Sealed sealed = cipher.encrypt(seg, plain);
    assertThat(sealed.header().keyRef()).isEqualTo(REF);
    assertThat(REF.kmsProvider()).isEqualTo("aws");
    assertThat(REF.kmsKeyId()).isEqualTo("arn:aws:kms:eu-west-1:123456789012:key/1234abcd");
    for (int i = 0; i < 5; i++) {
      assertThat(cipher.decrypt(seg, sealed.header(), sealed.ciphertext())).isEqualTo(plain);
    }
    assertThat(kms.decryptCalls.get()).isZero(); // the key encrypted here is cached
    try (EnvelopeCipher other = EnvelopeCipher.create(provider, KeySelector.fixed(REF))) {
      for (int i = 0; i < 5; i++) {
        assertThat(other.decrypt(seg, sealed.header(), sealed.ciphertext())).isEqualTo(plain);
      }
    }
    assertThat(kms.decryptCalls.get()).isEqualTo(1);
  }

  @Test
  void rotationInTheKmsIsSeenAtTheNextPollAndRewrapReencrypts() {
    EnvelopeCipher.Sealed sealed = cipher.encrypt(seg, new byte[] {1, 2});
    assertThat(sealed.header().kekVersion()).isEqualTo(1);
    kms.rotate(REF.kmsKeyId());
    provider.refresh();
    assertThat(cipher.isCurrent(sealed.header())).isFalse();
    EnvelopeHeader rewrapped = cipher.rewrap(sealed.header());
    assertThat(rewrapped.kekVersion()).isEqualTo(2);
    try (EnvelopeCipher fresh = EnvelopeCipher.create(provider, KeySelector.fixed(REF))) {
      assertThat(fresh.decrypt(seg, rewrapped, sealed.ciphertext())).containsExactly(1, 2);
    }
  }

  @Test
  void disabledKeyRevokesAndReEnablingRestores() throws Exception {
    EnvelopeCipher.Sealed sealed = cipher.encrypt(seg, new byte[] {3});
    Runnable read = () -> cipher.decrypt(seg, sealed.header(), sealed.ciphertext());
    kms.setEnabled(REF.kmsKeyId(), false);
    RevocationTest.awaitTrue(Duration.ofSeconds(5), () -> RevocationTest.revoked(read));
    assertThatThrownBy(read::run)
        .isInstanceOf(KeyRevokedException.class)
        .hasMessageContaining("database 'db1'")
        .hasMessageContaining("the KMS reports the key disabled");
    kms.setEnabled(REF.kmsKeyId(), true);
    RevocationTest.awaitTrue(Duration.ofSeconds(5), () -> RevocationTest.works(read));
  }

  @Test
  void accessDeniedDuringACallIsRevocationAtOnce() {
    kms.denied = true;
    // status was never asked: the first call loads it and sees the denial
    assertThatThrownBy(() -> cipher.encrypt(seg, new byte[1]))
        .isInstanceOf(KeyRevokedException.class)
        .hasMessageContaining("the KMS denied access");
  }

  @Test
  void kmsOutageFailsClosedWithARetryableError() {
    EnvelopeCipher.Sealed sealed = cipher.encrypt(seg, new byte[] {3});
    kms.down = true;
    provider.refresh();
    assertThatThrownBy(() -> cipher.decrypt(seg, sealed.header(), sealed.ciphertext()))
        .isInstanceOfSatisfying(KeyUnavailableException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);
          assertThat(e.code().retriable()).isTrue();
          assertThat(e.database()).isEqualTo("db1");
        })
        .hasMessageContaining("the KMS could not be reached");
    kms.down = false;
    provider.refresh();
    assertThat(cipher.decrypt(seg, sealed.header(), sealed.ciphertext())).containsExactly(3);
  }

  @Test
  void routingSendsEachSchemeToItsProvider() {
    TestKeys.Source source = new TestKeys.Source();
    KeyRef secretRef = KeyRef.parse("secret:ns/db2-key");
    source.put(secretRef, Map.of(1, TestKeys.randomKey()), 1);
    try (MapKeyProvider secrets = new MapKeyProvider(KeyRef.SECRET, source::snapshot, Duration.ofSeconds(10))) {
      KeyProvider routing = KeyProvider.routing(Map.of(KeyRef.KMS, provider, KeyRef.SECRET, secrets));
      KeySelector selector = db -> db.equals("db1") ? REF : secretRef;
      try (EnvelopeCipher both = EnvelopeCipher.create(routing, selector)) {
        ObjectContext other = Fixture.ctx("db2", "c", "o");
        EnvelopeCipher.Sealed s1 = both.encrypt(seg, new byte[] {1});
        assertThat(s1.header().keyRef()).isEqualTo(REF);
        assertThat(both.decrypt(seg, s1.header(), s1.ciphertext())).containsExactly(1);
        EnvelopeCipher.Sealed s2 = both.encrypt(other, new byte[] {2});
        assertThat(s2.header().keyRef()).isEqualTo(secretRef);
        assertThat(both.decrypt(other, s2.header(), s2.ciphertext())).containsExactly(2);
      }
      assertThatThrownBy(() -> routing.currentVersion(KeyRef.parse("file:/x")))
          .hasMessageContaining("no key provider handles 'file:' references");
    }
  }
}
