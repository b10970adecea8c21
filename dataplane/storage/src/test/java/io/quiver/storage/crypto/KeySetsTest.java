package io.quiver.storage.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeySetsTest {

  private static KeyState parse(String text) {
    return KeySets.parse(text.getBytes(StandardCharsets.US_ASCII), "test");
  }

  private static byte[] material(KeyState state, int version) {
    return ((KeyState.Available) state).material().get(version).getEncoded();
  }

  @Test
  void oneKeyInAnyEncodingIsVersionOne() {
    byte[] key = TestKeys.randomKey();
    for (KeyState state : new KeyState[] {
        KeySets.parse(key, "raw"),
        parse(Base64.getEncoder().encodeToString(key) + "\n"),
        parse("  " + Base64.getEncoder().withoutPadding().encodeToString(key)),
        parse(Base64.getUrlEncoder().encodeToString(key)),
        parse(HexFormat.of().formatHex(key) + "\r\n"),
        parse("# a comment\n\n" + HexFormat.of().withUpperCase().formatHex(key))}) {
      assertThat(state).isInstanceOf(KeyState.Available.class);
      assertThat(((KeyState.Available) state).current()).isEqualTo(1);
      assertThat(material(state, 1)).isEqualTo(key);
    }
  }

  @Test
  void keySetWithVersionsCurrentAndRevoked() {
    byte[] k1 = TestKeys.randomKey();
    byte[] k2 = TestKeys.randomKey();
    byte[] k7 = TestKeys.randomKey();
    KeyState state = KeySets.parse(TestKeys.keySet(Map.of(1, k1, 2, k2, 7, k7), null, false), "t");
    assertThat(((KeyState.Available) state).current()).isEqualTo(7);
    assertThat(material(state, 2)).isEqualTo(k2);
    assertThat(((KeyState.Available) KeySets.parse(TestKeys.keySet(Map.of(1, k1, 2, k2), 1, false), "t")).current())
        .isEqualTo(1);
    assertThat(KeySets.parse(TestKeys.keySet(Map.of(1, k1), null, true), "t"))
        .isEqualTo(new KeyState.Revoked("marked revoked in t"));
    assertThat(parse("# nothing\n")).isEqualTo(new KeyState.Revoked("no key versions in test"));
  }

  @Test
  void malformedInputIsUnavailableAndNeverQuoted() {
    byte[] key = TestKeys.randomKey();
    String b64 = Base64.getEncoder().encodeToString(key);
    String shortKey = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
    String[] bad = {
        "1=" + shortKey,
        "1=" + b64 + "\n1=" + b64,
        "1=" + b64 + "\ncurrent=2",
        "0=" + b64,
        "x=" + b64,
        "1=" + b64 + "\nrevoked=maybe",
        shortKey,
        b64 + "\n" + b64,
        "1=" + b64 + "\n" + shortKey,
    };
    for (String text : bad) {
      KeyState state = parse(text);
      assertThat(state).as(text).isInstanceOf(KeyState.Unavailable.class);
      String reason = ((KeyState.Unavailable) state).reason();
      assertThat(reason).as(text).startsWith("malformed key material in test: ")
          .doesNotContain(b64.substring(0, 8))
          .doesNotContain(shortKey.substring(0, 8));
    }
  }
}
