package io.quiver.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One version of the key registry as the control plane publishes it:
 *
 * <pre>{@code
 * {"revision": 42,
 *  "keys": [{"id": "k1", "tenant": "acme", "databases": ["acme_prod"] or ["*"], "role": "read|write|admin",
 *            "sha256": "<64 hex>", "expiresAt": 1767225600000 or null, "revoked": false}]}
 * }</pre>
 *
 * Parsing is strict per entry and tolerant overall: a snapshot without a valid {@code revision}
 * or {@code keys} array is rejected as a whole; an entry that is malformed (or whose id appears
 * twice) is left out, so that key cannot authenticate, while the others (and their revocations)
 * still apply. Unknown fields are ignored.
 *
 * @param revision the registry revision (never decreases at the source)
 * @param keys the usable entries, by id
 * @param rejected messages describing the entries left out
 */
public record ApiKeySnapshot(long revision, Map<String, ApiKey> keys, List<String> rejected) {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");
  private static final Pattern DB_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");

  public ApiKeySnapshot {
    keys = Map.copyOf(keys);
    rejected = List.copyOf(rejected);
  }

  public static ApiKeySnapshot empty() {
    return new ApiKeySnapshot(0, Map.of(), List.of());
  }

  /** Parses the JSON document; throws {@link IllegalArgumentException} if it is unusable as a whole. */
  public static ApiKeySnapshot parse(byte[] json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("the key registry response is not valid JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("the key registry response is not a JSON object");
    }
    JsonNode rev = root.get("revision");
    if (rev == null || !rev.canConvertToLong() || !rev.isIntegralNumber() || rev.asLong() < 0) {
      throw new IllegalArgumentException("the key registry response has no non-negative integer \"revision\"");
    }
    JsonNode list = root.get("keys");
    if (list == null || !list.isArray()) {
      throw new IllegalArgumentException("the key registry response has no \"keys\" array");
    }
    Map<String, ApiKey> keys = new HashMap<>();
    Set<String> duplicated = new HashSet<>();
    List<String> rejected = new ArrayList<>();
    int index = 0;
    for (JsonNode n : list) {
      try {
        ApiKey k = entry(n);
        if (keys.containsKey(k.id()) || duplicated.contains(k.id())) {
          duplicated.add(k.id());
          keys.remove(k.id());
          rejected.add("key " + k.id() + " is listed more than once; none of its entries is used");
        } else {
          keys.put(k.id(), k);
        }
      } catch (IllegalArgumentException e) {
        rejected.add("entry " + index + ": " + e.getMessage());
      }
      index++;
    }
    return new ApiKeySnapshot(rev.asLong(), keys, rejected);
  }

  private static ApiKey entry(JsonNode n) {
    if (!n.isObject()) {
      throw new IllegalArgumentException("not an object");
    }
    String id = text(n, "id");
    if (!ApiKeyToken.validKeyId(id)) {
      throw new IllegalArgumentException("\"id\" must be 1 to 64 letters and digits");
    }
    String tenant = text(n, "tenant");
    if (tenant.isEmpty()) {
      throw new IllegalArgumentException("key " + id + ": \"tenant\" is empty");
    }
    JsonNode dbs = n.get("databases");
    if (dbs == null || !dbs.isArray() || dbs.isEmpty()) {
      throw new IllegalArgumentException("key " + id + ": \"databases\" must be a non-empty array");
    }
    Set<String> databases = new LinkedHashSet<>();
    for (JsonNode d : dbs) {
      String db = d.isTextual() ? d.asText() : "";
      if (!ApiKey.ANY_DATABASE.equals(db) && !DB_NAME.matcher(db).matches()) {
        throw new IllegalArgumentException("key " + id + ": \"databases\" holds an invalid name " + d);
      }
      databases.add(db);
    }
    ApiKey.Role role;
    try {
      role = ApiKey.Role.parse(text(n, "role"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("key " + id + ": " + e.getMessage());
    }
    String sha = text(n, "sha256");
    if (!HEX64.matcher(sha).matches()) {
      throw new IllegalArgumentException("key " + id + ": \"sha256\" must be 64 hex digits");
    }
    JsonNode exp = n.get("expiresAt");
    Long expiresAt = null;
    if (exp != null && !exp.isNull()) {
      if (!exp.isIntegralNumber() || !exp.canConvertToLong()) {
        throw new IllegalArgumentException("key " + id + ": \"expiresAt\" must be epoch milliseconds or null");
      }
      expiresAt = exp.asLong();
    }
    JsonNode rev = n.get("revoked");
    if (rev == null || !rev.isBoolean()) {
      throw new IllegalArgumentException("key " + id + ": \"revoked\" must be true or false");
    }
    return new ApiKey(id, tenant, databases, role, java.util.HexFormat.of().parseHex(sha.toLowerCase(java.util.Locale.ROOT)),
        expiresAt, rev.asBoolean());
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("\"" + field + "\" must be a string");
    }
    return v.asText();
  }

  /** The keys, sorted by id (for logs and tests). */
  public List<String> ids() {
    List<String> out = new ArrayList<>(keys.keySet());
    Collections.sort(out);
    return out;
  }
}
