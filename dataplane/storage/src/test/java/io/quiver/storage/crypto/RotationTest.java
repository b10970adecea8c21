package io.quiver.storage.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.engine.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RotationTest {

  private final Fixture fx = new Fixture();
  private final EnvelopeCipher cipher = fx.cipher;
  private final ObjectContext seg = Fixture.ctx("db1", "coll", "coll/segments/1/data.arrow");

  @AfterEach
  void close() {
    fx.close();
  }

  @Test
  void rewrapMovesTheHeaderToTheNewVersionWithoutTouchingTheCiphertext() {
    byte[] plain = EnvelopeCipherTest.data(1, 3 * 4096 + 11);
    EnvelopeCipher.Sealed sealed = cipher.encrypt(seg, plain);
    byte[] ciphertext = sealed.ciphertext().clone();
    EnvelopeHeader old = sealed.header();
    assertThat(cipher.isCurrent(old)).isTrue();

    fx.addVersion(Fixture.REF1, 2);
    fx.refresh();
    assertThat(cipher.isCurrent(old)).isFalse();
    EnvelopeHeader rewrapped = cipher.rewrap(old);

    assertThat(rewrapped.kekVersion()).isEqualTo(2);
    assertThat(rewrapped.keyRef()).isEqualTo(Fixture.REF1);
    assertThat(rewrapped.dataKeyIdHex()).isEqualTo(old.dataKeyIdHex());
    assertThat(rewrapped.toBytes()).isNotEqualTo(old.toBytes());
    assertThat(cipher.isCurrent(rewrapped)).isTrue();
    assertThat(cipher.rewrap(rewrapped)).isSameAs(rewrapped);
    assertThat(sealed.ciphertext()).isEqualTo(ciphertext);
    assertThat(cipher.decrypt(seg, rewrapped, ciphertext)).isEqualTo(plain);
    assertThat(cipher.decrypt(seg, old, ciphertext)).isEqualTo(plain); // v1 not yet retired

    // retire v1: the new header still decrypts (fresh cipher, so nothing cached), the old does not
    fx.retire(Fixture.REF1, 1);
    fx.refresh();
    try (EnvelopeCipher fresh = EnvelopeCipher.create(fx.provider, fx.selector)) {
      assertThat(fresh.decrypt(seg, EnvelopeHeader.parse(rewrapped.toBytes()), ciphertext)).isEqualTo(plain);
      assertThatThrownBy(() -> fresh.decrypt(seg, old, ciphertext))
          .isInstanceOf(KeyRevokedException.class)
          .hasMessageContaining("version 1 is not available")
          .hasMessageContaining("database 'db1'");
    }
    assertThat(cipher.decrypt(seg, rewrapped, ciphertext)).isEqualTo(plain);
    // new objects use v2
    assertThat(cipher.encrypt(seg, plain).header().kekVersion()).isEqualTo(2);
  }

  @Test
  void rewrapToAnExplicitVersion() {
    fx.addVersion(Fixture.REF1, 2);
    fx.addVersion(Fixture.REF1, 3);
    fx.refresh();
    EnvelopeCipher.Sealed sealed = cipher.encrypt(seg, new byte[] {1, 2, 3});
    assertThat(sealed.header().kekVersion()).isEqualTo(3);
    EnvelopeHeader back = cipher.rewrap(sealed.header(), 2);
    assertThat(back.kekVersion()).isEqualTo(2);
    assertThat(cipher.decrypt(seg, back, sealed.ciphertext())).containsExactly(1, 2, 3);
    assertThatThrownBy(() -> cipher.rewrap(sealed.header(), 9))
        .isInstanceOf(KeyRevokedException.class)
        .hasMessageContaining("version 9 is not available");
  }

  @Test
  void rewrapMovesObjectsToTheDatabasesNewKey() {
    KeyRef ref3 = KeyRef.parse("secret:quiver/db1-new#key");
    fx.addVersion(ref3, 1);
    EnvelopeCipher.Sealed sealed = cipher.encrypt(seg, new byte[] {4, 5});
    fx.databaseKeys.put("db1", ref3);
    // the old key is no longer the database's: not accepted until the selector allows it
    assertThatThrownBy(() -> cipher.decrypt(seg, sealed.header(), sealed.ciphertext()))
        .isInstanceOf(EncryptedObjectException.class)
        .hasMessageContaining("not the database's key");
    // re-wrapping needs only that the old key still unwraps: the database moves, then re-wraps
    EnvelopeHeader moved = cipher.rewrap(sealed.header());
    assertThat(moved.keyRef()).isEqualTo(ref3);
    assertThat(cipher.isCurrent(moved)).isTrue();
    assertThat(cipher.decrypt(seg, moved, sealed.ciphertext())).containsExactly(4, 5);
    // a selector may accept the old key meanwhile, so reads go on during the move
    fx.acceptedOld.put("db1", Map.of(Fixture.REF1, true));
    assertThat(cipher.decrypt(seg, sealed.header(), sealed.ciphertext())).containsExactly(4, 5);
  }

  @Test
  void manyThreadsEncryptingAndDecryptingDuringRotationSeeNoErrors() throws Exception {
    int threads = 6;
    Map<String, byte[]> plaintexts = new ConcurrentHashMap<>();
    Map<String, byte[]> ciphertexts = new ConcurrentHashMap<>();
    Map<String, EnvelopeHeader> headers = new ConcurrentHashMap<>();
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong operations = new AtomicLong();
    AtomicInteger names = new AtomicInteger();

    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      long seed = t;
      workers.add(Thread.ofPlatform().start(() -> {
        SplittableRandom r = new SplittableRandom(seed);
        try {
          while (!stop.get()) {
            String name = "coll/segments/" + names.incrementAndGet();
            ObjectContext ctx = Fixture.ctx("db1", "coll", name);
            byte[] plain = EnvelopeCipherTest.data(r.nextLong(), r.nextInt(0, 3 * 4096));
            EnvelopeCipher.Sealed sealed = cipher.encrypt(ctx, plain);
            plaintexts.put(name, plain);
            ciphertexts.put(name, sealed.ciphertext());
            headers.put(name, sealed.header());
            // read a random earlier object through whatever header it has now
            List<String> known = new ArrayList<>(headers.keySet());
            String other = known.get(r.nextInt(known.size()));
            ObjectContext otherCtx = Fixture.ctx("db1", "coll", other);
            byte[] expected = plaintexts.get(other);
            assertThat(cipher.decrypt(otherCtx, headers.get(other), ciphertexts.get(other))).isEqualTo(expected);
            if (expected.length > 0) {
              int off = r.nextInt(expected.length);
              byte[] range = cipher.decryptRange(otherCtx, headers.get(other), RandomAccessSource.of(ciphertexts.get(other)),
                  off, expected.length - off);
              assertThat(range).hasSize(expected.length - off);
            }
            operations.incrementAndGet();
          }
        } catch (Throwable e) {
          errors.add(e);
        }
      }));
    }
    // the rotator: new versions, and a re-wrap of every header to the current one after each
    Thread rotator = Thread.ofPlatform().start(() -> {
      try {
        for (int v = 2; v <= 5 && !stop.get(); v++) {
          TimeUnit.MILLISECONDS.sleep(150);
          fx.addVersion(Fixture.REF1, v);
          fx.refresh();
          for (Map.Entry<String, EnvelopeHeader> e : headers.entrySet()) {
            headers.replace(e.getKey(), e.getValue(), cipher.rewrap(e.getValue()));
          }
        }
      } catch (Throwable e) {
        errors.add(e);
      }
    });
    rotator.join();
    TimeUnit.MILLISECONDS.sleep(100);
    stop.set(true);
    for (Thread w : workers) {
      w.join();
    }
    assertThat(errors).isEmpty();
    assertThat(operations.get()).isGreaterThan(threads);

    // finish the rotation, retire every old version, and read everything back
    for (Map.Entry<String, EnvelopeHeader> e : headers.entrySet()) {
      e.setValue(cipher.rewrap(e.getValue()));
    }
    for (int v = 1; v <= 4; v++) {
      fx.retire(Fixture.REF1, v);
    }
    fx.refresh();
    try (EnvelopeCipher fresh = EnvelopeCipher.create(fx.provider, fx.selector)) {
      for (Map.Entry<String, EnvelopeHeader> e : headers.entrySet()) {
        assertThat(e.getValue().kekVersion()).isEqualTo(5);
        assertThat(fresh.decrypt(Fixture.ctx("db1", "coll", e.getKey()), e.getValue(), ciphertexts.get(e.getKey())))
            .isEqualTo(plaintexts.get(e.getKey()));
      }
    }
  }

  @Test
  void revokedVersionErrorIsNotRetryable() {
    EnvelopeCipher.Sealed sealed = cipher.encrypt(seg, new byte[3]);
    fx.addVersion(Fixture.REF1, 2);
    fx.retire(Fixture.REF1, 1);
    fx.refresh();
    try (EnvelopeCipher fresh = EnvelopeCipher.create(fx.provider, fx.selector)) {
      assertThatThrownBy(() -> fresh.decrypt(seg, sealed.header(), sealed.ciphertext()))
          .isInstanceOfSatisfying(KeyRevokedException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.KEY_REVOKED);
            assertThat(e.code().retriable()).isFalse();
          });
    }
  }
}
