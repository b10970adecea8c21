package io.quiver.storage.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.storage.wal.FileWriteAheadLog;
import io.quiver.storage.wal.WalOptions;
import io.quiver.storage.wal.WriteAheadLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptingRecordTransformerTest {

  private static final WalOptions OPTIONS = WalOptions.defaults().withFsync(false).withFileSizeBytes(64 << 10);
  private static final ObjectContext LOG = Fixture.ctx("db1", "coll", "wal/shard-0");

  @TempDir Path dir;

  private final Fixture fx = new Fixture();

  @AfterEach
  void close() {
    fx.close();
  }

  private EncryptingRecordTransformer transformer() {
    return EncryptingRecordTransformer.create(fx.provider, fx.selector, LOG);
  }

  private static List<byte[]> replay(WriteAheadLog wal) throws IOException {
    List<byte[]> out = new ArrayList<>();
    wal.replay(0, (lsn, record) -> {
      byte[] b = new byte[record.remaining()];
      record.get(b);
      out.add(b);
    });
    return out;
  }

  private static byte[] bytes(ByteBuffer buf) {
    byte[] b = new byte[buf.remaining()];
    buf.duplicate().get(b);
    return b;
  }

  /** The data key id and nonce of an encoded record, as hex. */
  private static String idAndNonce(byte[] encoded) {
    Bin.Reader in = new Bin.Reader(encoded);
    in.u8();
    byte[] id = in.raw(16);
    in.i32();
    in.string();
    in.bytes();
    return HexFormat.of().formatHex(id) + "/" + HexFormat.of().formatHex(in.raw(12));
  }

  @Test
  void recordsRoundTripThroughTheLogAndSurviveARestart() throws IOException {
    List<byte[]> written = new ArrayList<>();
    try (EncryptingRecordTransformer t = transformer();
        WriteAheadLog wal = FileWriteAheadLog.open(dir, OPTIONS, t)) {
      for (int i = 0; i < 500; i++) {
        byte[] record = EnvelopeCipherTest.data(i, i % 7 == 0 ? 0 : i * 3);
        written.add(record);
        wal.appendAndSync(record);
      }
      assertThat(replay(wal)).containsExactlyElementsOf(written);
    }
    // a new process: new transformer, nothing cached, keys unwrapped from the records
    try (EncryptingRecordTransformer t = transformer();
        WriteAheadLog wal = FileWriteAheadLog.open(dir, OPTIONS, t)) {
      assertThat(replay(wal)).containsExactlyElementsOf(written);
      byte[] more = "after restart".getBytes(StandardCharsets.UTF_8);
      wal.appendAndSync(more);
      written.add(more);
      assertThat(replay(wal)).containsExactlyElementsOf(written);
    }
  }

  @Test
  void storedLogHoldsNoPlaintextCanary() throws IOException {
    byte[] canary = "CANARY-wal-5be1-do-not-leak".getBytes(StandardCharsets.US_ASCII);
    try (EncryptingRecordTransformer t = transformer();
        WriteAheadLog wal = FileWriteAheadLog.open(dir, OPTIONS, t)) {
      for (int i = 0; i < 200; i++) {
        wal.appendAndSync(canary);
      }
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertThat(EnvelopeCipherTest.indexOf(Files.readAllBytes(file), canary)).as(file.toString()).isEqualTo(-1);
      }
    }
  }

  @Test
  void noncesAreUniqueAcrossOneHundredThousandRecords() {
    try (EncryptingRecordTransformer t = transformer()) {
      Set<String> seen = new HashSet<>();
      Set<String> nonces = new HashSet<>();
      byte[] record = {1, 2, 3};
      for (int i = 0; i < 100_000; i++) {
        String idNonce = idAndNonce(bytes(t.encode(record)));
        assertThat(seen.add(idNonce)).isTrue();
        nonces.add(idNonce.substring(idNonce.indexOf('/')));
      }
      assertThat(nonces).hasSize(100_000); // one data key, a counter: no repeats even without the id
    }
  }

  @Test
  void newDataKeyAfterRecordsPerKeyAndAfterTheKekVersionChanges() {
    try (EncryptingRecordTransformer t = EncryptingRecordTransformer.create(fx.provider, fx.selector, LOG, 100)) {
      Set<String> ids = new HashSet<>();
      Set<String> pairs = new HashSet<>();
      List<ByteBuffer> encoded = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        ByteBuffer e = t.encode(new byte[] {(byte) i});
        encoded.add(e);
        String pair = idAndNonce(bytes(e));
        assertThat(pairs.add(pair)).isTrue();
        ids.add(pair.substring(0, pair.indexOf('/')));
      }
      assertThat(ids).hasSize(10);
      fx.addVersion(Fixture.REF1, 2);
      fx.refresh();
      ByteBuffer afterRotation = t.encode(new byte[] {42});
      assertThat(ids).doesNotContain(idAndNonce(bytes(afterRotation)).split("/")[0]);
      for (int i = 0; i < encoded.size(); i++) {
        assertThat(bytes(t.decode(encoded.get(i).asReadOnlyBuffer()))).containsExactly((byte) i);
      }
      assertThat(bytes(t.decode(afterRotation))).containsExactly(42);
    }
  }

  @Test
  void flippingAnyByteOfAnEncodedRecordFails() {
    try (EncryptingRecordTransformer t = transformer()) {
      byte[] encoded = bytes(t.encode("hello, wal".getBytes(StandardCharsets.UTF_8)));
      assertThat(bytes(t.decode(ByteBuffer.wrap(encoded)))).isEqualTo("hello, wal".getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < encoded.length; i++) {
        byte[] bad = encoded.clone();
        bad[i] ^= 0x10;
        int at = i;
        assertThatThrownBy(() -> t.decode(ByteBuffer.wrap(bad).asReadOnlyBuffer()))
            .as("byte %d", at)
            .isInstanceOf(io.quiver.engine.error.QuiverException.class);
      }
      assertThatThrownBy(() -> t.decode(ByteBuffer.wrap(new byte[5])))
          .isInstanceOf(EncryptedObjectException.class)
          .hasMessageContaining("not a valid encrypted record");
    }
  }

  @Test
  void recordOfAnotherLogDoesNotDecode() {
    KeySelector sameKey = KeySelector.fixed(Fixture.REF1);
    try (EncryptingRecordTransformer db1 = EncryptingRecordTransformer.create(fx.provider, sameKey, LOG);
        EncryptingRecordTransformer db2 =
            EncryptingRecordTransformer.create(fx.provider, sameKey, Fixture.ctx("db2", "coll", "wal/shard-0"));
        EncryptingRecordTransformer otherShard =
            EncryptingRecordTransformer.create(fx.provider, sameKey, Fixture.ctx("db1", "coll", "wal/shard-1"));
        EncryptingRecordTransformer db2OwnKey =
            EncryptingRecordTransformer.create(fx.provider, fx.selector, Fixture.ctx("db2", "coll", "wal/shard-0"))) {
      ByteBuffer record = db1.encode(new byte[] {1, 2, 3});
      assertThatThrownBy(() -> db2.decode(record.duplicate()))
          .isInstanceOf(EncryptedObjectException.class)
          .hasMessageContaining("failed authentication");
      assertThatThrownBy(() -> otherShard.decode(record.duplicate())).hasMessageContaining("failed authentication");
      assertThatThrownBy(() -> db2OwnKey.decode(record.duplicate())).hasMessageContaining("not the database's key");
    }
  }

  @Test
  void revocationFailsAppendsAndReplayAndReGrantRestoresThem() throws IOException {
    try (EncryptingRecordTransformer t = transformer();
        WriteAheadLog wal = FileWriteAheadLog.open(dir, OPTIONS, t)) {
      wal.appendAndSync(new byte[] {1});
      fx.revoke(Fixture.REF1);
      fx.refresh();
      assertThatThrownBy(() -> wal.appendAndSync(new byte[] {2}))
          .isInstanceOf(KeyRevokedException.class)
          .hasMessageContaining("database 'db1' cannot be read or written");
      assertThatThrownBy(() -> replay(wal)).isInstanceOf(KeyRevokedException.class);

      fx.grant(Fixture.REF1);
      fx.refresh();
      wal.appendAndSync(new byte[] {3}); // the log is still usable: only that append failed
      assertThat(replay(wal)).containsExactly(new byte[] {1}, new byte[] {3});
    }
  }

  @Test
  void recordsUnderARetiredKekVersionNoLongerReplay() throws IOException {
    try (EncryptingRecordTransformer t = transformer();
        WriteAheadLog wal = FileWriteAheadLog.open(dir, OPTIONS, t)) {
      wal.appendAndSync(new byte[] {1});
      fx.addVersion(Fixture.REF1, 2);
      fx.refresh();
      wal.appendAndSync(new byte[] {2});
      assertThat(replay(wal)).containsExactly(new byte[] {1}, new byte[] {2});
    }
    fx.retire(Fixture.REF1, 1);
    fx.refresh();
    try (EncryptingRecordTransformer t = transformer();
        WriteAheadLog wal = FileWriteAheadLog.open(dir, OPTIONS, t)) {
      assertThatThrownBy(() -> replay(wal))
          .isInstanceOf(KeyRevokedException.class)
          .hasMessageContaining("version 1 is not available");
      List<byte[]> fromSecond = new ArrayList<>();
      wal.replay(2, (lsn, r) -> fromSecond.add(bytes(r))); // LSNs start at 1
      assertThat(fromSecond).containsExactly(new byte[] {2});
    }
  }

  @Test
  void concurrentAppendsDuringRotationHaveNoErrors() throws Exception {
    Map<String, Boolean> expected = new ConcurrentHashMap<>();
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    try (EncryptingRecordTransformer t = EncryptingRecordTransformer.create(fx.provider, fx.selector, LOG, 500);
        WriteAheadLog wal = FileWriteAheadLog.open(dir, OPTIONS, t)) {
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        int worker = w;
        threads.add(Thread.ofPlatform().start(() -> {
          try {
            List<CompletableFuture<Long>> pending = new ArrayList<>();
            for (int i = 0; i < 1500; i++) {
              String s = worker + ":" + i;
              expected.put(s, true);
              pending.add(wal.append(s.getBytes(StandardCharsets.UTF_8)));
            }
            for (CompletableFuture<Long> f : pending) {
              f.join();
            }
          } catch (Throwable e) {
            errors.add(e);
          }
        }));
      }
      for (int v = 2; v <= 4; v++) {
        Thread.sleep(30);
        fx.addVersion(Fixture.REF1, v);
        fx.refresh();
      }
      for (Thread thread : threads) {
        thread.join();
      }
      assertThat(errors).isEmpty();
      Set<String> replayed = new HashSet<>();
      for (byte[] r : replay(wal)) {
        replayed.add(new String(r, StandardCharsets.UTF_8));
      }
      assertThat(replayed).isEqualTo(expected.keySet());
    }
  }

  @Test
  void recordsPerKeyIsValidated() {
    assertThatThrownBy(() -> EncryptingRecordTransformer.create(fx.provider, fx.selector, LOG, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("recordsPerKey");
    try (EncryptingRecordTransformer t = transformer()) {
      assertThat(t.id()).isEqualTo(EncryptingRecordTransformer.ID).isNotZero();
      assertThat(t).hasToString("aes-256-gcm(db1/coll/wal/shard-0)");
    }
  }
}
