package io.quiver.storage.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.engine.error.ErrorCode;
import io.quiver.engine.error.QuiverException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvelopeCipherTest {

  private static final int CHUNK = 4096;
  private static final int TAG = 16;

  private final Fixture fx = new Fixture();
  private final EnvelopeCipher cipher = fx.cipher;
  private final ObjectContext seg = Fixture.ctx("db1", "coll", "coll/segments/7/vectors.arrow");

  @TempDir Path dir;

  @AfterEach
  void close() {
    fx.close();
  }

  static byte[] data(long seed, int size) {
    byte[] b = new byte[size];
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < size; i++) {
      b[i] = (byte) r.nextInt(256);
    }
    return b;
  }

  @Test
  void roundTripsEveryChunkBoundarySizeThroughArraysStreamsAndFiles() throws IOException {
    for (int size : new int[] {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 3 * CHUNK + 7}) {
      byte[] plain = data(size, size);
      EnvelopeCipher.Sealed sealed = cipher.encrypt(seg, plain);
      int chunks = size == 0 ? 1 : (size + CHUNK - 1) / CHUNK;
      assertThat(sealed.ciphertext()).as("size %d", size).hasSize(size + chunks * TAG);
      assertThat(sealed.header().ciphertextSize(size)).isEqualTo(sealed.ciphertext().length);
      assertThat(sealed.header().plaintextSize(sealed.ciphertext().length)).isEqualTo(size);
      assertThat(cipher.decrypt(seg, sealed.header(), sealed.ciphertext())).as("size %d", size).isEqualTo(plain);

      ByteArrayOutputStream streamed = new ByteArrayOutputStream();
      try (InputStream in = cipher.decryptingStream(seg, sealed.header(), new ByteArrayInputStream(sealed.ciphertext()))) {
        in.transferTo(streamed);
      }
      assertThat(streamed.toByteArray()).as("stream, size %d", size).isEqualTo(plain);

      Path p = dir.resolve("plain-" + size);
      Path c = dir.resolve("cipher-" + size);
      Path back = dir.resolve("back-" + size);
      Files.write(p, plain);
      EnvelopeHeader header = cipher.encrypt(seg, p, c);
      cipher.decrypt(seg, EnvelopeHeader.parse(header.toBytes()), c, back);
      assertThat(Files.readAllBytes(back)).as("file, size %d", size).isEqualTo(plain);
    }
  }

  @Test
  void streamWrittenInOddPiecesDecryptsToTheSameBytes() throws IOException {
    byte[] plain = data(1, 5 * CHUNK + 3);
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    EncryptingOutputStream out = cipher.encryptingStream(seg, sink);
    SplittableRandom r = new SplittableRandom(2);
    for (int pos = 0; pos < plain.length; ) {
      int n = Math.min(plain.length - pos, r.nextInt(1, 3 * CHUNK));
      if (n == 1) {
        out.write(plain[pos]);
      } else {
        out.write(plain, pos, n);
      }
      pos += n;
    }
    out.close();
    assertThat(out.plaintextBytes()).isEqualTo(plain.length);
    assertThat(cipher.decrypt(seg, out.header(), sink.toByteArray())).isEqualTo(plain);
  }

  @Test
  void randomRangesMatchThePlaintextExactly() throws IOException {
    byte[] plain = data(3, 10 * CHUNK + 123);
    EnvelopeCipher.Sealed sealed = cipher.encrypt(seg, plain);
    Path file = dir.resolve("obj");
    Files.write(file, sealed.ciphertext());
    SplittableRandom r = new SplittableRandom(4);
    for (int i = 0; i < 400; i++) {
      int offset = r.nextInt(plain.length + 1);
      int length = r.nextInt(plain.length - offset + 1);
      if (i % 4 == 0) {
        length = Math.min(length, 10);
      }
      byte[] expected = Arrays.copyOfRange(plain, offset, offset + length);
      RandomAccessSource source = RandomAccessSource.of(sealed.ciphertext());
      assertThat(cipher.decryptRange(seg, sealed.header(), source, offset, length))
          .as("[%d, +%d)", offset, length).isEqualTo(expected);
      if (i % 20 == 0) {
        assertThat(cipher.decryptRange(seg, sealed.header(), file, offset, length)).isEqualTo(expected);
      }
    }
    // exact chunk edges and the very end
    for (int offset : new int[] {0, CHUNK - 1, CHUNK, CHUNK + 1, 10 * CHUNK, plain.length - 1, plain.length}) {
      int length = plain.length - offset;
      assertThat(cipher.decryptRange(seg, sealed.header(), RandomAccessSource.of(sealed.ciphertext()), offset, length))
          .isEqualTo(Arrays.copyOfRange(plain, offset, plain.length));
    }
    assertThatThrownBy(() -> cipher.decryptRange(seg, sealed.header(), RandomAccessSource.of(sealed.ciphertext()), plain.length - 5, 6))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void noPlaintextCanaryInCiphertextOrHeader() {
    byte[] canary = "CANARY-7f3a9c-do-not-leak".getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    for (int i = 0; i < 2000; i++) {
      plain.writeBytes(canary);
      plain.write(i);
    }
    EnvelopeCipher.Sealed sealed = cipher.encrypt(seg, plain.toByteArray());
    assertThat(indexOf(sealed.ciphertext(), canary)).isEqualTo(-1);
    assertThat(indexOf(sealed.header().toBytes(), canary)).isEqualTo(-1);
    // and no 8-byte window of it either
    for (int i = 0; i + 8 <= canary.length; i++) {
      assertThat(indexOf(sealed.ciphertext(), Arrays.copyOfRange(canary, i, i + 8))).isEqualTo(-1);
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

  @Test
  void flippingAnyCiphertextByteFailsAuthentication() {
    EnvelopeCipher small = EnvelopeCipher.create(fx.provider, fx.selector, EnvelopeOptions.defaults().withChunkSize(1024));
    byte[] plain = data(5, 3 * 1024 + 100);
    EnvelopeCipher.Sealed sealed = small.encrypt(seg, plain);
    byte[] ct = sealed.ciphertext();
    for (int i = 0; i < ct.length; i++) {
      byte[] bad = ct.clone();
      bad[i] ^= (byte) (1 << (i % 8));
      int at = i;
      assertThatThrownBy(() -> small.decrypt(seg, sealed.header(), bad))
          .as("flipped byte %d", at)
          .isInstanceOf(EncryptedObjectException.class)
          .hasMessageContaining("failed authentication");
    }
    small.close();
  }

  @Test
  void flippingAnyHeaderByteFails() {
    byte[] plain = data(6, 2 * CHUNK + 5);
    EnvelopeCipher.Sealed sealed = cipher.encrypt(seg, plain);
    assertThat(cipher.decrypt(seg, sealed.header(), sealed.ciphertext())).isEqualTo(plain); // caches the data key
    byte[] header = sealed.header().toBytes();
    for (int i = 0; i < header.length; i++) {
      for (int bit : new int[] {0, 7}) {
        byte[] bad = header.clone();
        bad[i] ^= (byte) (1 << bit);
        int at = i;
        assertThatThrownBy(() -> cipher.decrypt(seg, EnvelopeHeader.parse(bad), sealed.ciphertext()))
            .as("flipped bit %d of header byte %d", bit, at)
            .isInstanceOf(QuiverException.class);
      }
    }
  }

  @Test
  void truncationDroppingAndReorderingChunksFail() {
    byte[] plain = data(7, 4 * CHUNK + 10);
    EnvelopeCipher.Sealed sealed = cipher.encrypt(seg, plain);
    byte[] ct = sealed.ciphertext();
    int full = CHUNK + TAG;

    byte[] atBoundary = Arrays.copyOf(ct, 3 * full); // drops the last chunk: chunk 2 is not marked last
    byte[] midChunk = Arrays.copyOf(ct, 3 * full + 100);
    byte[] lastTagCut = Arrays.copyOf(ct, ct.length - 1);
    byte[] swapped = ct.clone();
    System.arraycopy(ct, full, swapped, 0, full);
    System.arraycopy(ct, 0, swapped, full, full);
    byte[] dropped = new byte[ct.length - full];
    System.arraycopy(ct, 0, dropped, 0, full);
    System.arraycopy(ct, 2 * full, dropped, full, ct.length - 2 * full);
    byte[] appended = Arrays.copyOf(ct, ct.length + full);
    System.arraycopy(ct, 0, appended, ct.length, full);

    for (byte[] bad : new byte[][] {atBoundary, midChunk, lastTagCut, swapped, dropped, appended, new byte[0], new byte[15]}) {
      assertThatThrownBy(() -> cipher.decrypt(seg, sealed.header(), bad))
          .as("%d bytes", bad.length)
          .isInstanceOf(EncryptedObjectException.class);
      assertThatThrownBy(() -> {
            try (InputStream in = cipher.decryptingStream(seg, sealed.header(), new ByteArrayInputStream(bad))) {
              in.readAllBytes();
            }
          })
          .as("stream of %d bytes", bad.length)
          .isInstanceOf(EncryptedObjectException.class);
    }
    // a ranged read that covers the chunk now last of a truncated object fails too
    assertThatThrownBy(() -> cipher.decryptRange(seg, sealed.header(), RandomAccessSource.of(atBoundary), 2L * CHUNK, 10))
        .isInstanceOf(EncryptedObjectException.class);
  }

  @Test
  void objectCopiedToAnotherDatabaseDoesNotDecrypt() {
    byte[] plain = data(8, 100);
    EnvelopeCipher.Sealed sealed = cipher.encrypt(seg, plain);
    ObjectContext copied = Fixture.ctx("db2", "coll", seg.objectName());
    assertThatThrownBy(() -> cipher.decrypt(copied, sealed.header(), sealed.ciphertext()))
        .isInstanceOf(EncryptedObjectException.class)
        .hasMessage("object 'coll/segments/7/vectors.arrow' does not belong to database 'db2'")
        .extracting(e -> ((QuiverException) e).code()).isEqualTo(ErrorCode.INTERNAL);
    assertThatThrownBy(() -> cipher.decryptRange(copied, sealed.header(), RandomAccessSource.of(sealed.ciphertext()), 0, 1))
        .hasMessageContaining("does not belong to database 'db2'");
  }

  @Test
  void wrongCollectionOrObjectNameFailsWithAClearMessage() {
    EnvelopeCipher.Sealed sealed = cipher.encrypt(seg, data(9, 100));
    assertThatThrownBy(() -> cipher.decrypt(Fixture.ctx("db1", "other", seg.objectName()), sealed.header(), sealed.ciphertext()))
        .isInstanceOf(EncryptedObjectException.class)
        .hasMessage("object 'coll/segments/7/vectors.arrow' does not belong to collection 'other' of database 'db1'");
    assertThatThrownBy(() -> cipher.decrypt(Fixture.ctx("db1", "coll", "coll/segments/8/vectors.arrow"), sealed.header(), sealed.ciphertext()))
        .isInstanceOf(EncryptedObjectException.class)
        .hasMessageContaining("object 'coll/segments/8/vectors.arrow' of database 'db1' holds another object's data");
  }

  @Test
  void headerRewrittenForAnotherDatabaseFailsAuthentication() {
    // An attacker who copies the object and edits the names in its header to match the target.
    EnvelopeCipher.Sealed sealed = cipher.encrypt(seg, data(10, 100));
    EnvelopeHeader h = sealed.header();
    ObjectContext target = Fixture.ctx("db2", "coll", seg.objectName());
    EnvelopeHeader forged = EnvelopeHeader.create(target, h.chunkSize(), h.dataKeyId(), h.nonceBase(), Fixture.REF2, 1,
        aad -> h.wrappedKey());
    assertThatThrownBy(() -> cipher.decrypt(target, forged, sealed.ciphertext()))
        .isInstanceOf(EncryptedObjectException.class)
        .hasMessageContaining("failed authentication");
    // even keeping db1's key reference, which db2 does not accept
    EnvelopeHeader forgedSameKey = EnvelopeHeader.create(target, h.chunkSize(), h.dataKeyId(), h.nonceBase(), Fixture.REF1, 1,
        aad -> h.wrappedKey());
    assertThatThrownBy(() -> cipher.decrypt(target, forgedSameKey, sealed.ciphertext()))
        .isInstanceOf(EncryptedObjectException.class)
        .hasMessageContaining("not the database's key");
  }

  @Test
  void headerParsesBackAndRejectsForeignBytes() {
    EnvelopeHeader h = cipher.encrypt(seg, data(11, 10)).header();
    EnvelopeHeader back = EnvelopeHeader.parse(h.toBytes());
    assertThat(back).isEqualTo(h);
    assertThat(back.context()).isEqualTo(seg);
    assertThat(back.keyRef()).isEqualTo(Fixture.REF1);
    assertThat(back.kekVersion()).isEqualTo(1);
    assertThat(back.chunkSize()).isEqualTo(CHUNK);
    assertThat(back.toString()).contains("db1", "secret:quiver/db1-key#key", back.dataKeyIdHex());
    byte[] bytes = h.toBytes();
    assertThat(Arrays.copyOf(bytes, 4)).isEqualTo("QENV".getBytes(StandardCharsets.US_ASCII));

    assertThatThrownBy(() -> EnvelopeHeader.parse(new byte[] {1, 2, 3}))
        .isInstanceOf(EncryptedObjectException.class).hasMessageContaining("magic");
    byte[] v2 = bytes.clone();
    v2[5] = 2;
    assertThatThrownBy(() -> EnvelopeHeader.parse(v2)).hasMessageContaining("format version 2 is not supported");
    byte[] trailing = Arrays.copyOf(bytes, bytes.length + 1);
    assertThatThrownBy(() -> EnvelopeHeader.parse(trailing)).hasMessageContaining("trailing");
    assertThatThrownBy(() -> EnvelopeHeader.parse(Arrays.copyOf(bytes, bytes.length - 1)))
        .isInstanceOf(EncryptedObjectException.class);
  }

  @Test
  void nonceBasesAreUniqueAcrossOneHundredThousandObjectsEvenUnderOneFixedDataKey() {
    byte[] fixed = TestKeys.randomKey();
    try (EnvelopeCipher sameKey = EnvelopeCipher.create(
        fx.provider, fx.selector, EnvelopeOptions.defaults().withChunkSize(1024).withCachedDataKeys(0),
        new SecureRandom(), fixed::clone)) {
      Set<String> nonces = new HashSet<>();
      HexFormat hex = HexFormat.of();
      byte[] plain = new byte[8];
      for (int i = 0; i < 100_000; i++) {
        EnvelopeHeader h = sameKey.encrypt(seg, plain).header();
        for (long chunk = 0; chunk < 1; chunk++) {
          assertThat(nonces.add(hex.formatHex(ChunkCodec.nonce(h.nonceBase(), chunk)))).as("object %d", i).isTrue();
        }
      }
      assertThat(nonces).hasSize(100_000);
    }
  }

  @Test
  void chunkNoncesWithinAnObjectAreDistinct() {
    byte[] base = new byte[12];
    new SecureRandom().nextBytes(base);
    Set<String> nonces = new HashSet<>();
    for (long i = 0; i < 100_000; i++) {
      assertThat(nonces.add(HexFormat.of().formatHex(ChunkCodec.nonce(base, i)))).isTrue();
    }
    assertThat(ChunkCodec.nonce(base, 0)).isEqualTo(base);
    assertThat(nonces.add(HexFormat.of().formatHex(ChunkCodec.nonce(base, Long.MAX_VALUE)))).isTrue();
  }

  @Test
  void everyObjectGetsItsOwnDataKey() {
    Set<String> keys = new HashSet<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      ObjectContext ctx = Fixture.ctx("db1", "coll", "obj-" + (i % 10)); // names repeat: keys must not
      EnvelopeHeader h = cipher.encrypt(ctx, new byte[] {1}).header();
      try (KeyMaterial key = cipher.dataKey(ctx, h)) {
        assertThat(keys.add(HexFormat.of().formatHex(key.getEncoded()))).as("object %d", i).isTrue();
      }
      assertThat(ids.add(h.dataKeyIdHex())).isTrue();
    }
    // the same plaintext encrypts differently every time
    byte[] plain = data(12, 300);
    assertThat(cipher.encrypt(seg, plain).ciphertext()).isNotEqualTo(cipher.encrypt(seg, plain).ciphertext());
  }

  @Test
  void databaseWithoutAKeyCannotEncrypt() {
    assertThatThrownBy(() -> cipher.encrypt(Fixture.ctx("db9", "c", "o"), new byte[1]))
        .isInstanceOf(QuiverException.class)
        .hasMessageContaining("database 'db9' has no encryption key");
  }

  @Test
  void optionsAreValidatedNamingTheSetting() {
    assertThatThrownBy(() -> EnvelopeOptions.defaults().withChunkSize(100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("envelope setting chunkSize must be between 1024 and 67108864 bytes, got 100");
    assertThatThrownBy(() -> EnvelopeOptions.defaults().withCachedDataKeys(-1))
        .hasMessageContaining("cachedDataKeys");
    assertThat(EnvelopeOptions.defaults().chunkSize()).isEqualTo(1 << 20);
  }
}
