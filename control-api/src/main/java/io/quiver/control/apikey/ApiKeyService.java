package io.quiver.control.apikey;

import io.quiver.control.api.ApiException;
import io.quiver.server.auth.ApiKey;
import io.quiver.server.auth.ApiKeyToken;
import io.quiver.server.auth.Secrets;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Issues, lists and revokes API keys. A key is {@code qk_<id>_<secret>} ({@link ApiKeyToken}): a
 * 20-character random id and 32 random bytes as the secret, of which only the SHA-256 is stored.
 * Its databases must be the tenant's own ({@code <tenant>} or {@code <tenant>_<suffix>}): that is
 * the boundary the data plane enforces, so no key of one tenant can name another's database.
 */
public final class ApiKeyService {

  private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final int MAX_DATABASES = 100;

  private final ApiKeyStore store;
  private final Clock clock;

  public ApiKeyService(ApiKeyStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Creates a key; the answer is the only place its secret ever appears. */
  public ApiKeyView create(String tenant, CreateApiKey request, String actor) {
    String name = request.name();
    if (name == null || name.isBlank()) {
      throw ApiException.badRequest("name", "is required");
    }
    if (name.length() > 64) {
      throw ApiException.badRequest("name", "must be at most 64 characters");
    }
    if (request.role() == null) {
      throw ApiException.badRequest("role", "is required (read, write or admin)");
    }
    ApiKey.Role role;
    try {
      role = ApiKey.Role.parse(request.role());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("role", "must be read, write or admin, got " + request.role());
    }
    List<String> databases = databases(tenant, request.databases());
    Instant now = clock.instant();
    if (request.expiresAt() != null && !request.expiresAt().isAfter(now)) {
      throw ApiException.badRequest("expiresAt", "must be in the future, got " + request.expiresAt());
    }
    String id = randomId();
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(Secrets.random(32));
    String token = ApiKeyToken.PREFIX + id + "_" + secret;
    if (ApiKeyToken.parse(token).isEmpty()) {
      throw new IllegalStateException("generated an API key that does not parse");
    }
    StoredKey key = new StoredKey(id, name, tenant, databases, role.name().toLowerCase(Locale.ROOT),
        Secrets.hex(Secrets.sha256(secret)), request.expiresAt(), now, actor, null, null);
    store.update(r -> {
      List<StoredKey> keys = new ArrayList<>(r.keys());
      keys.add(key);
      return new KeyRegistry(r.revision(), keys);
    });
    return ApiKeyView.of(key, token);
  }

  /** Whether {@code db} is one of {@code tenant}'s databases: {@code <tenant>} or {@code <tenant>_<letters, digits, _>}. */
  public static boolean isTenantDatabase(String tenant, String db) {
    return db != null && (db.equals(tenant) || db.matches(java.util.regex.Pattern.quote(tenant + "_") + "[A-Za-z0-9_]{1,200}"));
  }

  private static List<String> databases(String tenant, List<String> requested) {
    if (requested == null || requested.isEmpty()) {
      throw ApiException.badRequest("databases", "must list at least one of the tenant's databases (" + tenant + " or "
          + tenant + "_<name>)");
    }
    if (requested.size() > MAX_DATABASES) {
      throw ApiException.badRequest("databases", "must list at most " + MAX_DATABASES + " databases");
    }
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (int i = 0; i < requested.size(); i++) {
      String db = requested.get(i);
      if (!isTenantDatabase(tenant, db)) {
        throw ApiException.badRequest("databases[" + i + "]", "must be one of the tenant's databases: " + tenant + " or "
            + tenant + "_<letters, digits, _>; got " + db);
      }
      out.add(db);
    }
    return List.copyOf(out);
  }

  private static String randomId() {
    byte[] random = Secrets.random(20);
    StringBuilder sb = new StringBuilder(20);
    for (byte b : random) {
      // 256 is not a multiple of 62: the small bias does not matter for a public identifier.
      sb.append(ALPHANUMERIC.charAt((b & 0xff) % ALPHANUMERIC.length()));
    }
    return sb.toString();
  }

  /**
   * The live key {@code token} ({@code qk_<id>_<secret>}) stands for, for calls to the REST API:
   * empty when it is malformed, unknown, revoked, expired or its secret does not match (compared in
   * constant time on the SHA-256).
   */
  public Optional<StoredKey> authenticate(String token) {
    Optional<ApiKeyToken> parsed = ApiKeyToken.parse(token);
    if (parsed.isEmpty()) {
      return Optional.empty();
    }
    Optional<StoredKey> key = store.read().keys().stream().filter(k -> k.id().equals(parsed.get().keyId())).findFirst();
    if (key.isEmpty()) {
      return Optional.empty();
    }
    StoredKey k = key.get();
    byte[] presented = Secrets.hex(Secrets.sha256(parsed.get().secret())).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(presented, k.sha256().getBytes(StandardCharsets.US_ASCII)) || k.revoked()
        || (k.expiresAt() != null && !k.expiresAt().isAfter(clock.instant()))) {
      return Optional.empty();
    }
    return key;
  }

  /** The tenant's keys, revoked ones included, oldest first. */
  public List<ApiKeyView> list(String tenant) {
    return store.read().keys().stream().filter(k -> k.tenant().equals(tenant)).map(k -> ApiKeyView.of(k, null)).toList();
  }

  /** The tenant's key {@code id}; another tenant's key is as missing as a key that never existed. */
  public Optional<ApiKeyView> get(String tenant, String id) {
    return find(store.read(), tenant, id).map(k -> ApiKeyView.of(k, null));
  }

  private static Optional<StoredKey> find(KeyRegistry r, String tenant, String id) {
    return r.keys().stream().filter(k -> k.id().equals(id) && k.tenant().equals(tenant)).findFirst();
  }

  /** Revokes the tenant's key {@code id} (again revoking a revoked key changes nothing); empty if none. */
  public Optional<ApiKeyView> revoke(String tenant, String id, String actor) {
    if (find(store.read(), tenant, id).isEmpty()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    KeyRegistry after = store.update(r -> new KeyRegistry(r.revision(), r.keys().stream()
        .map(k -> k.id().equals(id) && k.tenant().equals(tenant) && !k.revoked() ? k.revoke(now, actor) : k).toList()));
    return find(after, tenant, id).map(k -> ApiKeyView.of(k, null));
  }

  /** Revokes every live key of the tenant (when the tenant is deleted); returns how many. */
  public int revokeAll(String tenant, String actor) {
    long live = store.read().keys().stream().filter(k -> k.tenant().equals(tenant) && !k.revoked()).count();
    if (live == 0) {
      return 0;
    }
    Instant now = clock.instant();
    store.update(r -> new KeyRegistry(r.revision(), r.keys().stream()
        .map(k -> k.tenant().equals(tenant) && !k.revoked() ? k.revoke(now, actor) : k).toList()));
    return (int) live;
  }

  /**
   * The registry in the form the data plane polls (docs/security.md, "The key registry endpoint"):
   * {@code revision} and, per key, id, tenant, databases, role, sha256, expiresAt (epoch ms or null)
   * and revoked.
   */
  public Map<String, Object> publish() {
    KeyRegistry r = store.read();
    List<Map<String, Object>> keys = new ArrayList<>();
    for (StoredKey k : r.keys()) {
      Map<String, Object> entry = new java.util.LinkedHashMap<>();
      entry.put("id", k.id());
      entry.put("tenant", k.tenant());
      entry.put("databases", k.databases());
      entry.put("role", k.role());
      entry.put("sha256", k.sha256());
      entry.put("expiresAt", k.expiresAt() == null ? null : k.expiresAt().toEpochMilli());
      entry.put("revoked", k.revoked());
      keys.add(entry);
    }
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    out.put("revision", r.revision());
    out.put("keys", keys);
    return out;
  }
}
