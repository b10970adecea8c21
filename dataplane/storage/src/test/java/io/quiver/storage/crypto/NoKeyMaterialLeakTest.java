package io.quiver.storage.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.storage.wal.FileWriteAheadLog;
import io.quiver.storage.wal.WalOptions;
import io.quiver.storage.wal.WriteAheadLog;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.ObjectOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs a full cycle (encrypt, decrypt, ranged reads, rotation, re-wrap, revocation, re-grant,
 * tampering, wrong contexts, malformed key files, WAL append and replay) with every logger at
 * TRACE, then scans every log event and every exception for the KEKs and data keys involved, in
 * hex, base64 and raw form.
 */
class NoKeyMaterialLeakTest {

  @TempDir Path dir;

  private final List<byte[]> secrets = new ArrayList<>();
  private final List<String> exceptionTexts = new ArrayList<>();

  private void expectFailure(Runnable op) {
    try {
      op.run();
      throw new AssertionError("expected a failure");
    } catch (RuntimeException e) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      exceptionTexts.add(e.toString() + "\n" + trace);
    }
  }

  @Test
  void fullCycleLogsAndThrowsNoKeyMaterial() throws Exception {
    List<String> logs;
    List<byte[]> outputs = new ArrayList<>();
    try (LogCapture capture = new LogCapture()) {
      // ---- map provider (Secret-like) and envelope cipher
      try (Fixture fx = new Fixture()) {
        secrets.add(fx.versions.get(Fixture.REF1).get(1));
        secrets.add(fx.versions.get(Fixture.REF2).get(1));
        ObjectContext seg = Fixture.ctx("db1", "coll", "coll/segments/1/data");
        byte[] plain = EnvelopeCipherTest.data(1, 20_000);
        EnvelopeCipher.Sealed sealed = fx.cipher.encrypt(seg, plain);
        outputs.add(sealed.ciphertext());
        outputs.add(sealed.header().toBytes());
        try (KeyMaterial dk = fx.cipher.dataKey(seg, sealed.header())) {
          secrets.add(dk.getEncoded());
          assertThat(dk.toString()).isEqualTo("KeyMaterial[32 bytes]");
        }
        fx.cipher.decrypt(seg, sealed.header(), sealed.ciphertext());
        fx.cipher.decryptRange(seg, sealed.header(), RandomAccessSource.of(sealed.ciphertext()), 5000, 9000);

        secrets.add(fx.addVersion(Fixture.REF1, 2));
        fx.refresh();
        EnvelopeHeader rewrapped = fx.cipher.rewrap(sealed.header());
        outputs.add(rewrapped.toBytes());

        byte[] bad = sealed.ciphertext().clone();
        bad[100] ^= 1;
        expectFailure(() -> fx.cipher.decrypt(seg, rewrapped, bad));
        byte[] badHeader = rewrapped.toBytes();
        badHeader[badHeader.length - 3] ^= 1;
        expectFailure(() -> fx.cipher.decrypt(seg, EnvelopeHeader.parse(badHeader), sealed.ciphertext()));
        expectFailure(() -> fx.cipher.decrypt(Fixture.ctx("db2", "coll", seg.objectName()), rewrapped, sealed.ciphertext()));

        fx.revoke(Fixture.REF1);
        fx.refresh();
        expectFailure(() -> fx.cipher.decrypt(seg, rewrapped, sealed.ciphertext()));
        expectFailure(() -> fx.cipher.encrypt(seg, plain));
        fx.grant(Fixture.REF1);
        fx.refresh();
        fx.retire(Fixture.REF1, 1);
        fx.refresh();
        try (EnvelopeCipher fresh = EnvelopeCipher.create(fx.provider, fx.selector)) {
          expectFailure(() -> fresh.decrypt(seg, sealed.header(), sealed.ciphertext()));
          fresh.decrypt(seg, rewrapped, sealed.ciphertext());
          try (InputStream in = fresh.decryptingStream(seg, rewrapped, new ByteArrayInputStream(sealed.ciphertext()))) {
            in.readAllBytes();
          }
        }

        // ---- WAL
        ObjectContext log = Fixture.ctx("db1", "coll", "wal/0");
        Path walDir = Files.createDirectory(dir.resolve("wal"));
        try (EncryptingRecordTransformer t = EncryptingRecordTransformer.create(fx.provider, fx.selector, log);
            WriteAheadLog wal = FileWriteAheadLog.open(walDir, WalOptions.defaults().withFsync(false), t)) {
          ByteBuffer encoded = t.encode(new byte[] {1, 2, 3});
          secrets.add(walDataKey(fx.provider, log, encoded));
          wal.appendAndSync(new byte[] {4, 5, 6});
          wal.replay(0, (lsn, r) -> {});
          byte[] tampered = new byte[encoded.remaining()];
          encoded.duplicate().get(tampered);
          tampered[tampered.length - 1] ^= 1;
          expectFailure(() -> t.decode(ByteBuffer.wrap(tampered)));
          fx.revoke(Fixture.REF1);
          fx.refresh();
          expectFailure(() -> {
            try {
              wal.appendAndSync(new byte[1]);
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          });
        }
        try (Stream<Path> files = Files.list(walDir)) {
          for (Path f : files.filter(Files::isRegularFile).toList()) {
            outputs.add(Files.readAllBytes(f));
          }
        }
      }

      // ---- file provider: key file, rotation, a malformed file holding key-like text, deletion
      byte[] fileKey = TestKeys.randomKey();
      byte[] nearlyKey = Arrays.copyOf(TestKeys.randomKey(), 31);
      secrets.add(fileKey);
      secrets.add(nearlyKey);
      Path keyFile = dir.resolve("db.key");
      Files.writeString(keyFile, Base64.getEncoder().encodeToString(fileKey));
      KeyRef ref = KeyRef.parse("file:" + keyFile);
      try (FileKeyProvider provider = new FileKeyProvider(dir, Duration.ofMillis(20));
          EnvelopeCipher cipher = EnvelopeCipher.create(provider, KeySelector.fixed(ref))) {
        ObjectContext seg = Fixture.ctx("db3", "c", "o");
        EnvelopeCipher.Sealed sealed = cipher.encrypt(seg, new byte[1000]);
        outputs.add(sealed.ciphertext());
        outputs.add(sealed.header().toBytes());
        try (KeyMaterial dk = cipher.dataKey(seg, sealed.header())) {
          secrets.add(dk.getEncoded());
        }
        Files.writeString(keyFile, "1=" + Base64.getEncoder().encodeToString(fileKey) + "\n2="
            + Base64.getEncoder().encodeToString(nearlyKey) + "\n");
        provider.refresh();
        expectFailure(() -> provider.currentVersion(ref));
        expectFailure(() -> cipher.decrypt(seg, sealed.header(), sealed.ciphertext()));
        Files.delete(keyFile);
        provider.refresh();
        expectFailure(() -> cipher.decrypt(seg, sealed.header(), sealed.ciphertext()));
        assertThat(provider.toString()).doesNotContain(TestKeys.encodings(fileKey));
      }
      expectFailure(() -> KeyRef.parse(Base64.getEncoder().encodeToString(fileKey)));
      logs = capture.texts();
    }

    assertThat(logs).isNotEmpty();
    assertThat(exceptionTexts).hasSizeGreaterThan(10);
    assertThat(secrets).hasSizeGreaterThan(6);
    for (byte[] secret : secrets) {
      for (String encoding : TestKeys.encodings(secret)) {
        for (String line : logs) {
          assertThat(line).doesNotContain(encoding);
        }
        for (String text : exceptionTexts) {
          assertThat(text).doesNotContain(encoding);
        }
      }
      for (byte[] output : outputs) {
        assertThat(EnvelopeCipherTest.indexOf(output, secret)).as("key bytes stored in an output").isEqualTo(-1);
      }
    }
  }

  /** Unwraps the data key of an encoded WAL record as its documented layout says. */
  private static byte[] walDataKey(KeyProvider provider, ObjectContext log, ByteBuffer encoded) throws Exception {
    byte[] bytes = new byte[encoded.remaining()];
    encoded.duplicate().get(bytes);
    Bin.Reader in = new Bin.Reader(bytes);
    in.u8();
    in.raw(16);
    int version = in.i32();
    KeyRef ref = KeyRef.parse(in.string());
    int wrappedAt = in.offset();
    byte[] wrapped = in.bytes();
    Bin.Writer aad = new Bin.Writer(256).i32(0x5157414C);
    log.writeTo(aad);
    aad.raw(Arrays.copyOf(bytes, wrappedAt));
    try (KeyMaterial key = provider.unwrap(ref, version, wrapped, aad.toByteArray())) {
      return key.getEncoded();
    }
  }

  @Test
  void keyMaterialHidesItsBytesAndIsWipedOnClose() throws Exception {
    byte[] bytes = TestKeys.randomKey();
    KeyMaterial key = KeyMaterial.copyOf(bytes);
    assertThat(key.toString()).isEqualTo("KeyMaterial[32 bytes]");
    assertThat(key.getEncoded()).isEqualTo(bytes).isNotSameAs(key.getEncoded());
    assertThat(key.getAlgorithm()).isEqualTo("AES");
    assertThat(key.getFormat()).isEqualTo("RAW");
    assertThat(key).isNotEqualTo(KeyMaterial.copyOf(bytes));
    try (ObjectOutputStream out = new ObjectOutputStream(java.io.OutputStream.nullOutputStream())) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> out.writeObject(key))
          .isInstanceOf(java.io.NotSerializableException.class);
    }
    KeyMaterial copy = key.copy();
    key.close();
    assertThat(key.isDestroyed()).isTrue();
    assertThat(key.toString()).isEqualTo("KeyMaterial[wiped]");
    org.assertj.core.api.Assertions.assertThatThrownBy(key::getEncoded).isInstanceOf(IllegalStateException.class);
    assertThat(copy.getEncoded()).isEqualTo(bytes);
    copy.close();
  }
}
