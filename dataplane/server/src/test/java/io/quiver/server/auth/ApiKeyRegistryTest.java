package io.quiver.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ApiKeyRegistryTest {

  static final String SECRET = ApiKeyTokenTest.SECRET;

  /** A clock the test moves. */
  static final class MutableClock extends Clock {
    long millis = 1_700_000_000_000L;

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }

    @Override
    public long millis() {
      return millis;
    }
  }

  static String entry(String id, String secret, String dbs, String role, Long expiresAt, boolean revoked) {
    return "{\"id\":\"" + id + "\",\"tenant\":\"t-" + id + "\",\"databases\":" + dbs + ",\"role\":\"" + role
        + "\",\"sha256\":\"" + Secrets.hex(Secrets.sha256(secret)) + "\",\"expiresAt\":" + expiresAt + ",\"revoked\":"
        + revoked + "}";
  }

  static String snapshotJson(long revision, String... entries) {
    return "{\"revision\":" + revision + ",\"keys\":[" + String.join(",", entries) + "]}";
  }

  static ApiKeySnapshot snapshot(long revision, String... entries) {
    return ApiKeySnapshot.parse(snapshotJson(revision, entries).getBytes(StandardCharsets.UTF_8));
  }

  static ApiKeyToken token(String id, String secret) {
    return ApiKeyToken.parse("qk_" + id + "_" + secret).orElseThrow();
  }

  @Test
  void parsesTheContract() {
    ApiKeySnapshot s = snapshot(7, entry("k1", SECRET, "[\"a\",\"b\"]", "write", 123L, false),
        entry("k2", SECRET, "[\"*\"]", "ADMIN", null, true));
    assertThat(s.revision()).isEqualTo(7);
    assertThat(s.ids()).containsExactly("k1", "k2");
    ApiKey k1 = s.keys().get("k1");
    assertThat(k1.tenant()).isEqualTo("t-k1");
    assertThat(k1.databases()).containsExactlyInAnyOrder("a", "b");
    assertThat(k1.role()).isEqualTo(ApiKey.Role.WRITE);
    assertThat(k1.expiresAtMs()).isEqualTo(123L);
    assertThat(k1.allowsDatabase("a")).isTrue();
    assertThat(k1.allowsDatabase("c")).isFalse();
    assertThat(s.keys().get("k2").allowsDatabase("anything")).isTrue();
    assertThat(s.keys().get("k2").revoked()).isTrue();
    assertThat(s.rejected()).isEmpty();
  }

  @Test
  void unusableDocumentsAreRejectedAsAWhole() {
    for (String doc : new String[] {"", "[]", "{}", "{\"revision\":1}", "{\"keys\":[]}", "{\"revision\":-1,\"keys\":[]}",
        "{\"revision\":\"1\",\"keys\":[]}", "{\"revision\":1.5,\"keys\":[]}", "{\"revision\":1,\"keys\":{}}", "not json"}) {
      assertThatThrownBy(() -> ApiKeySnapshot.parse(doc.getBytes(StandardCharsets.UTF_8)))
          .as(doc).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void malformedOrDuplicatedEntriesAreLeftOutAndTheRestApply() {
    ApiKeySnapshot s = snapshot(1,
        entry("good", SECRET, "[\"a\"]", "read", null, false),
        entry("dup", SECRET, "[\"a\"]", "read", null, false),
        entry("dup", SECRET, "[\"b\"]", "admin", null, false),
        entry("bad_id", SECRET, "[\"a\"]", "read", null, false),
        entry("norole", SECRET, "[\"a\"]", "owner", null, false),
        entry("nodb", SECRET, "[]", "read", null, false),
        entry("baddb", SECRET, "[\"a/b\"]", "read", null, false),
        "{\"id\":\"nohash\",\"tenant\":\"t\",\"databases\":[\"a\"],\"role\":\"read\",\"sha256\":\"abc\",\"revoked\":false}",
        "{\"id\":\"norevoked\",\"tenant\":\"t\",\"databases\":[\"a\"],\"role\":\"read\",\"sha256\":\""
            + Secrets.hex(Secrets.sha256(SECRET)) + "\"}",
        "42");
    assertThat(s.ids()).containsExactly("good");
    assertThat(s.rejected()).hasSize(8);
  }

  @Test
  void checksSecretRevocationAndExpiry() {
    MutableClock clock = new MutableClock();
    ApiKeyRegistry r = new ApiKeyRegistry(Duration.ofSeconds(60), clock);
    assertThat(r.authenticate(token("k1", SECRET))).isInstanceOf(ApiKeyRegistry.Result.Refused.class);
    r.update(snapshot(1, entry("k1", SECRET, "[\"a\"]", "read", null, false),
        entry("old", SECRET, "[\"a\"]", "read", clock.millis, false),
        entry("later", SECRET, "[\"a\"]", "read", clock.millis + 1, false),
        entry("gone", SECRET, "[\"a\"]", "read", null, true)));
    assertThat(r.authenticate(token("k1", SECRET))).isInstanceOf(ApiKeyRegistry.Result.Valid.class);
    assertThat(((ApiKeyRegistry.Result.Valid) r.authenticate(token("k1", SECRET))).key().id()).isEqualTo("k1");
    assertThat(refusal(r, token("k1", SECRET.replace('A', 'B')))).contains("wrong secret");
    assertThat(refusal(r, token("k9", SECRET))).contains("unknown key id");
    assertThat(refusal(r, token("old", SECRET))).contains("expired");
    assertThat(r.authenticate(token("later", SECRET))).isInstanceOf(ApiKeyRegistry.Result.Valid.class);
    clock.millis++;
    assertThat(refusal(r, token("later", SECRET))).contains("expired");
    assertThat(refusal(r, token("gone", SECRET))).contains("revoked");
  }

  @Test
  void keepsTheLastGoodSnapshotUpToTheMaximumStalenessThenFailsClosed() {
    MutableClock clock = new MutableClock();
    ApiKeyRegistry r = new ApiKeyRegistry(Duration.ofSeconds(30), clock);
    r.update(snapshot(1, entry("k1", SECRET, "[\"a\"]", "read", null, false)));
    clock.millis += 30_000;
    assertThat(r.usable()).isTrue();
    assertThat(r.authenticate(token("k1", SECRET))).isInstanceOf(ApiKeyRegistry.Result.Valid.class);
    clock.millis += 1;
    assertThat(r.usable()).isFalse();
    assertThat(refusal(r, token("k1", SECRET))).contains("max-staleness");
    // the same revision fetched again is fresh again
    r.update(snapshot(1, entry("k1", SECRET, "[\"a\"]", "read", null, false)));
    assertThat(r.authenticate(token("k1", SECRET))).isInstanceOf(ApiKeyRegistry.Result.Valid.class);
  }

  @Test
  void anOlderRevisionIsIgnoredSoRevocationsStay() {
    MutableClock clock = new MutableClock();
    ApiKeyRegistry r = new ApiKeyRegistry(Duration.ofSeconds(30), clock);
    assertThat(r.update(snapshot(5, entry("k1", SECRET, "[\"a\"]", "read", null, true)))).isTrue();
    assertThat(r.update(snapshot(4, entry("k1", SECRET, "[\"a\"]", "read", null, false)))).isFalse();
    assertThat(refusal(r, token("k1", SECRET))).contains("revoked");
    assertThat(r.snapshot().orElseThrow().revision()).isEqualTo(5);
  }

  @Test
  void rolesIncludeTheOnesBelow() {
    assertThat(ApiKey.Role.READ.allows("Search")).isTrue();
    assertThat(ApiKey.Role.READ.allows("Insert")).isFalse();
    assertThat(ApiKey.Role.WRITE.allows("Search")).isTrue();
    assertThat(ApiKey.Role.WRITE.allows("Insert")).isTrue();
    assertThat(ApiKey.Role.WRITE.allows("CreateCollection")).isFalse();
    assertThat(ApiKey.Role.ADMIN.allows("CreateCollection")).isTrue();
    assertThat(ApiKey.Role.ADMIN.allows("Search")).isTrue();
    for (String rbac : new String[] {"CreateOwnership", "DropOwnership", "ManageOwnership", "SelectOwnership", "UpdateUser",
        "SelectUser", "CreatePrivilegeGroup"}) {
      assertThat(ApiKey.Role.ADMIN.allows(rbac)).as(rbac).isFalse();
    }
  }

  private static String refusal(ApiKeyRegistry r, ApiKeyToken t) {
    ApiKeyRegistry.Result result = r.authenticate(t);
    assertThat(result).isInstanceOf(ApiKeyRegistry.Result.Refused.class);
    return ((ApiKeyRegistry.Result.Refused) result).detail();
  }
}
