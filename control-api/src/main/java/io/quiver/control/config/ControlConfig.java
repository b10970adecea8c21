package io.quiver.control.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The control API's configuration, read once at start from configuration keys (the {@code --set}
 * options of {@code quiver control-api}, a properties file, or the Micronaut environment) and
 * validated then: a missing required key or a bad value stops the process with a message naming
 * the key. docs/control-api.md lists every key; {@link #KEYS} is that list with defaults.
 *
 * @param oidc how people's bearer tokens are checked
 * @param keycloak where members are managed
 * @param registryToken the bearer token the data plane presents to the key registry endpoint
 * @param dataDir where the local stores (API keys without a cluster, the audit log) live
 * @param kubernetes the cluster, or empty when the control API runs without Kubernetes
 * @param dataPlane the data plane usage is read from, or empty
 */
public record ControlConfig(Oidc oidc, Keycloak keycloak, String registryToken, Path dataDir,
    Optional<Kubernetes> kubernetes, Optional<DataPlane> dataPlane) {

  /**
   * The data plane the control API reads usage from (over the Milvus protocol).
   *
   * @param uri its gRPC endpoint, e.g. {@code http://quiver:19530}
   * @param token the credential, {@code user:password} of a Milvus user allowed to list every
   *     database and read collection statistics (root, or a user granted that)
   */
  public record DataPlane(String uri, String token) {
    @Override
    public String toString() {
      return "DataPlane[uri=" + uri + "]";
    }
  }

  /**
   * How bearer tokens are validated.
   *
   * @param issuer the required {@code iss}, e.g. {@code https://sso.example.com/realms/quiver}
   * @param audience the value {@code aud} must contain
   * @param jwksUri the realm's signing keys
   * @param algorithms accepted JWS algorithms (asymmetric only: never {@code none} or HS*)
   * @param clockSkew tolerance on {@code exp} and {@code nbf}
   * @param jwksCacheTtl how long fetched keys are used before they are fetched again
   * @param jwksMinRefetchInterval the least time between two fetches of the key set (a token with an
   *     unknown key id triggers a fetch, at most this often)
   */
  public record Oidc(String issuer, String audience, URI jwksUri, Set<String> algorithms, Duration clockSkew,
      Duration jwksCacheTtl, Duration jwksMinRefetchInterval) {
  }

  /**
   * The Keycloak realm of the platform and the admin credentials used to manage its members.
   *
   * @param url the server, e.g. {@code https://sso.example.com}
   * @param realm the platform's realm (tenants are groups in it)
   * @param tenantsGroup the top-level group holding one group per tenant
   * @param adminRealm the realm the admin client signs in to
   * @param adminClientId the admin client's id
   * @param adminClientSecret a client secret (client-credentials grant), or null
   * @param adminUsername an admin user (password grant), or null
   * @param adminPassword that user's password, or null
   */
  public record Keycloak(String url, String realm, String tenantsGroup, String adminRealm, String adminClientId,
      String adminClientSecret, String adminUsername, String adminPassword) {

    @Override
    public String toString() {
      return "Keycloak[url=" + url + ", realm=" + realm + ", tenantsGroup=" + tenantsGroup + ", adminRealm="
          + adminRealm + ", adminClientId=" + adminClientId + ", adminUsername=" + adminUsername + "]";
    }
  }

  /**
   * The Kubernetes cluster the control API writes custom resources to.
   *
   * @param masterUrl the API server, or null for in-cluster configuration or {@code KUBECONFIG}
   * @param namespace the control namespace (API keys live in a Secret there)
   * @param clusterRef the VectorCluster serving new tenants, {@code namespace/name}
   */
  public record Kubernetes(String masterUrl, String namespace, String clusterRef) {
  }

  /** Every configuration key with its default ({@code null}: required or optional without default). */
  public static final Map<String, String> KEYS;

  static {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("control.oidc.issuer", null);
    keys.put("control.oidc.audience", null);
    keys.put("control.oidc.jwks-uri", null);
    keys.put("control.oidc.algorithms", "RS256,RS384,RS512,PS256,PS384,PS512,ES256,ES384,ES512");
    keys.put("control.oidc.clock-skew", "30s");
    keys.put("control.oidc.jwks-cache-ttl", "5m");
    keys.put("control.oidc.jwks-min-refetch-interval", "30s");
    keys.put("control.keycloak.url", null);
    keys.put("control.keycloak.realm", null);
    keys.put("control.keycloak.tenants-group", "tenants");
    keys.put("control.keycloak.admin-realm", "master");
    keys.put("control.keycloak.admin-client-id", "admin-cli");
    keys.put("control.keycloak.admin-client-secret", null);
    keys.put("control.keycloak.admin-username", null);
    keys.put("control.keycloak.admin-password", null);
    keys.put("control.api-keys.registry-token", null);
    keys.put("control.data-dir", "quiver-control");
    keys.put("control.kubernetes.enabled", "false");
    keys.put("control.kubernetes.master-url", null);
    keys.put("control.kubernetes.namespace", "quiver-control");
    keys.put("control.kubernetes.cluster-ref", "quiver/quiver");
    keys.put("control.dataplane.uri", null);
    keys.put("control.dataplane.token", null);
    KEYS = java.util.Collections.unmodifiableMap(keys);
  }

  private static final Set<String> ASYMMETRIC = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256",
      "ES384", "ES512", "EdDSA");

  /**
   * Reads and validates the configuration from {@code lookup} (key to value, null when unset).
   *
   * @throws ConfigException naming every bad or missing key
   */
  public static ControlConfig from(Function<String, String> lookup) {
    List<String> problems = new ArrayList<>();
    Function<String, String> get = key -> {
      String v = lookup.apply(key);
      if (v == null || v.isBlank()) {
        v = KEYS.get(key);
      }
      return v == null ? null : v.trim();
    };

    String issuer = required(get, "control.oidc.issuer", problems);
    if (issuer != null) {
      issuer = stripSlash(issuer);
      if (!issuer.startsWith("https://") && !issuer.startsWith("http://")) {
        problems.add("control.oidc.issuer must be an http(s) URL, got " + issuer);
      }
    }
    String audience = required(get, "control.oidc.audience", problems);
    URI jwks = null;
    String jwksValue = get.apply("control.oidc.jwks-uri");
    if (jwksValue == null && issuer != null) {
      jwksValue = issuer + "/protocol/openid-connect/certs";
    }
    if (jwksValue != null) {
      jwks = uri("control.oidc.jwks-uri", jwksValue, problems);
    }
    Set<String> algorithms = new java.util.LinkedHashSet<>();
    for (String a : get.apply("control.oidc.algorithms").split(",")) {
      String alg = a.trim();
      if (alg.isEmpty()) {
        continue;
      }
      if (!ASYMMETRIC.contains(alg)) {
        problems.add("control.oidc.algorithms: " + alg + " is not allowed (asymmetric algorithms only: " + ASYMMETRIC
            + "; never none or HS*)");
      }
      algorithms.add(alg);
    }
    if (algorithms.isEmpty()) {
      problems.add("control.oidc.algorithms must name at least one algorithm");
    }
    Duration skew = duration(get, "control.oidc.clock-skew", problems);
    Duration ttl = duration(get, "control.oidc.jwks-cache-ttl", problems);
    Duration refetch = duration(get, "control.oidc.jwks-min-refetch-interval", problems);

    String kcUrl = get.apply("control.keycloak.url");
    String realm = get.apply("control.keycloak.realm");
    if (issuer != null && issuer.contains("/realms/")) {
      int at = issuer.lastIndexOf("/realms/");
      if (kcUrl == null) {
        kcUrl = issuer.substring(0, at);
      }
      if (realm == null) {
        realm = issuer.substring(at + "/realms/".length());
      }
    }
    if (kcUrl == null) {
      problems.add("control.keycloak.url is required when control.oidc.issuer is not of the form <url>/realms/<realm>");
    } else {
      uri("control.keycloak.url", kcUrl, problems);
      kcUrl = stripSlash(kcUrl);
    }
    if (realm == null) {
      problems.add("control.keycloak.realm is required when control.oidc.issuer is not of the form <url>/realms/<realm>");
    }
    String secret = get.apply("control.keycloak.admin-client-secret");
    String user = get.apply("control.keycloak.admin-username");
    String password = get.apply("control.keycloak.admin-password");
    if (secret == null && (user == null || password == null)) {
      problems.add("set control.keycloak.admin-client-secret, or control.keycloak.admin-username and "
          + "control.keycloak.admin-password: the control API manages members through the Keycloak admin API");
    }
    String tenantsGroup = get.apply("control.keycloak.tenants-group");
    if (tenantsGroup.contains("/")) {
      problems.add("control.keycloak.tenants-group must be a top-level group name without '/', got " + tenantsGroup);
    }

    String token = required(get, "control.api-keys.registry-token", problems);
    if (token != null && token.length() < 32) {
      problems.add("control.api-keys.registry-token must be at least 32 characters (it guards every key's hash)");
    }

    Path dataDir = Path.of(get.apply("control.data-dir"));

    Optional<Kubernetes> kubernetes = Optional.empty();
    String enabled = get.apply("control.kubernetes.enabled").toLowerCase(Locale.ROOT);
    if (!enabled.equals("true") && !enabled.equals("false")) {
      problems.add("control.kubernetes.enabled must be true or false, got " + enabled);
    } else if (enabled.equals("true")) {
      String ns = get.apply("control.kubernetes.namespace");
      if (!ns.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
        problems.add("control.kubernetes.namespace must be a Kubernetes namespace name, got " + ns);
      }
      String ref = get.apply("control.kubernetes.cluster-ref");
      if (!ref.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?/[a-z0-9]([-.a-z0-9]*[a-z0-9])?")) {
        problems.add("control.kubernetes.cluster-ref must be <namespace>/<name> of a VectorCluster, got " + ref);
      }
      String master = get.apply("control.kubernetes.master-url");
      if (master != null) {
        uri("control.kubernetes.master-url", master, problems);
      }
      kubernetes = Optional.of(new Kubernetes(master, ns, ref));
    }

    Optional<DataPlane> dataPlane = Optional.empty();
    String dpUri = get.apply("control.dataplane.uri");
    String dpToken = get.apply("control.dataplane.token");
    if (dpUri != null) {
      uri("control.dataplane.uri", dpUri, problems);
      if (dpToken == null || !dpToken.contains(":")) {
        problems.add("control.dataplane.token must be <user>:<password> of a Milvus user when control.dataplane.uri is set");
      }
      dataPlane = Optional.of(new DataPlane(stripSlash(dpUri), dpToken));
    } else if (dpToken != null) {
      problems.add("control.dataplane.token is set but control.dataplane.uri is not");
    }

    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new ControlConfig(
        new Oidc(issuer, audience, jwks, Set.copyOf(algorithms), skew, ttl, refetch),
        new Keycloak(kcUrl, realm, tenantsGroup, get.apply("control.keycloak.admin-realm"),
            get.apply("control.keycloak.admin-client-id"), secret, user, password),
        token, dataDir, kubernetes, dataPlane);
  }

  @Override
  public String toString() {
    return "ControlConfig[oidc=" + oidc + ", keycloak=" + keycloak + ", dataDir=" + dataDir + ", kubernetes="
        + kubernetes + ", dataPlane=" + dataPlane + "]";
  }

  private static String required(Function<String, String> get, String key, List<String> problems) {
    String v = get.apply(key);
    if (v == null) {
      problems.add(key + " is required");
    }
    return v;
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  private static URI uri(String key, String value, List<String> problems) {
    try {
      URI u = new URI(value);
      if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
          || u.getHost() == null) {
        problems.add(key + " must be an http(s) URL, got " + value);
        return null;
      }
      return u;
    } catch (java.net.URISyntaxException e) {
      problems.add(key + " is not a valid URL: " + e.getMessage());
      return null;
    }
  }

  /** Parses {@code 30s}, {@code 5m}, {@code 1h}, {@code 250ms} or ISO-8601 {@code PT30S}. */
  static Duration duration(Function<String, String> get, String key, List<String> problems) {
    String v = get.apply(key);
    try {
      Duration d;
      if (v.startsWith("P") || v.startsWith("p")) {
        d = Duration.parse(v);
      } else if (v.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      } else {
        long n = Long.parseLong(v.substring(0, v.length() - 1));
        d = switch (v.charAt(v.length() - 1)) {
          case 's' -> Duration.ofSeconds(n);
          case 'm' -> Duration.ofMinutes(n);
          case 'h' -> Duration.ofHours(n);
          default -> throw new NumberFormatException();
        };
      }
      if (d.isNegative()) {
        problems.add(key + " must not be negative, got " + v);
      }
      return d;
    } catch (RuntimeException e) {
      problems.add(key + " must be a duration such as 30s, 5m, 1h or PT30S, got " + v);
      return Duration.ZERO;
    }
  }
}
