package io.quiver.control.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.quiver.control.ControlApi;
import io.quiver.testkit.keycloak.KeycloakExtension;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * What the control API integration tests share: the realm, the Kubernetes CRUD mock server with
 * the generated CRDs, starting control API instances, password-grant tokens and a JSON HTTP client.
 */
final class ControlPlane {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String REALM = "quiver";
  static final String AUDIENCE = "quiver-api";
  static final String CLIENT = "quiver-console";
  static final String REGISTRY_TOKEN = "registry-token-0123456789abcdefghijklmnop";
  static final String CONTROL_NAMESPACE = "quiver-control";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ControlPlane() {
  }

  static Path resource(String name) {
    try {
      return Path.of(ControlPlane.class.getClassLoader().getResource(name).toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A CRUD mock API server with Quiver's CRDs and the control namespace. */
  static KubernetesMockServer kubernetes() {
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new KubernetesCrudDispatcher(List.of()), false);
    server.init();
    try (KubernetesClient client = server.createClient();
        Stream<Path> crds = Files.list(Path.of(System.getProperty("quiver.repo.root", "..")).resolve("crds/generated"))) {
      for (Path crd : crds.sorted().toList()) {
        client.apiextensions().v1().customResourceDefinitions().load(crd.toFile()).create();
      }
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(CONTROL_NAMESPACE).endMetadata()
          .build()).create();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return server;
  }

  /** The configuration of a control API on {@code port} using {@code keycloak}. */
  static Map<String, Object> config(KeycloakExtension keycloak, int port, Path dataDir) {
    Map<String, Object> p = new HashMap<>();
    p.put("micronaut.server.port", port);
    p.put("micronaut.server.host", "127.0.0.1");
    p.put("control.oidc.issuer", keycloak.issuer(REALM));
    p.put("control.oidc.audience", AUDIENCE);
    p.put("control.oidc.clock-skew", "0s");
    p.put("control.keycloak.admin-username", keycloak.adminUsername());
    p.put("control.keycloak.admin-password", keycloak.adminPassword());
    p.put("control.api-keys.registry-token", REGISTRY_TOKEN);
    p.put("control.data-dir", dataDir.toString());
    return p;
  }

  /** Starts a control API that writes to the mock cluster {@code k8s}. */
  static ControlApi startWithCluster(KeycloakExtension keycloak, int port, Path dataDir, KubernetesMockServer k8s,
      Map<String, Object> extra) {
    Map<String, Object> p = config(keycloak, port, dataDir);
    p.putAll(extra);
    p.put("control.kubernetes.enabled", "true");
    try (KubernetesClient c = k8s.createClient()) {
      p.put("control.kubernetes.master-url", c.getConfiguration().getMasterUrl());
    }
    p.put("control.kubernetes.namespace", CONTROL_NAMESPACE);
    return ControlApi.start(p);
  }

  /** An access token for {@code username} from the password grant of {@code client}. */
  static String token(KeycloakExtension keycloak, String client, String username, String password) {
    String form = Map.of("grant_type", "password", "client_id", client, "username", username, "password", password,
            "scope", "openid").entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    Reply r = send(HttpRequest.newBuilder(keycloak.tokenEndpoint(REALM))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)));
    if (r.status() != 200) {
      throw new IllegalStateException("password grant for " + username + " failed: " + r.body());
    }
    return r.json().path("access_token").asText();
  }

  static String token(KeycloakExtension keycloak, String username, String password) {
    return token(keycloak, CLIENT, username, password);
  }

  /** What an invited person does on their first sign-in: sets a password and a profile. */
  static void acceptInvitation(KeycloakExtension keycloak, String userId, String password) {
    try (Keycloak admin = keycloak.adminClient()) {
      var user = admin.realm(REALM).users().get(userId);
      UserRepresentation u = user.toRepresentation();
      u.setRequiredActions(List.of());
      u.setEmailVerified(true);
      if (u.getFirstName() == null) {
        u.setFirstName("Invited");
      }
      if (u.getLastName() == null) {
        u.setLastName("Person");
      }
      user.update(u);
      CredentialRepresentation c = new CredentialRepresentation();
      c.setType(CredentialRepresentation.PASSWORD);
      c.setValue(password);
      c.setTemporary(false);
      user.resetPassword(c);
    }
  }

  /** Creates a user directly in the realm (e.g. someone else's admin); returns the id. */
  static String createUser(KeycloakExtension keycloak, String username, String password) {
    try (Keycloak admin = keycloak.adminClient()) {
      UserRepresentation u = new UserRepresentation();
      u.setUsername(username);
      u.setEmail(username + "@example.com");
      u.setFirstName("F");
      u.setLastName("L");
      u.setEnabled(true);
      u.setEmailVerified(true);
      CredentialRepresentation c = new CredentialRepresentation();
      c.setType(CredentialRepresentation.PASSWORD);
      c.setValue(password);
      c.setTemporary(false);
      u.setCredentials(List.of(c));
      try (Response r = admin.realm(REALM).users().create(u)) {
        return org.keycloak.admin.client.CreatedResponseUtil.getCreatedId(r);
      }
    }
  }

  /** An HTTP answer. */
  record Reply(int status, String body) {
    JsonNode json() {
      try {
        return body.isEmpty() ? JSON.nullNode() : JSON.readTree(body);
      } catch (IOException e) {
        throw new IllegalStateException("not JSON: " + body, e);
      }
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  static Reply call(ControlApi api, String method, String path, String token, Object body) {
    return callWith(api, method, path, token == null ? Map.of() : Map.of("Authorization", "Bearer " + token), body);
  }

  /** A call with the given request headers (e.g. {@code X-API-Key}). */
  static Reply callWith(ControlApi api, String method, String path, Map<String, String> headers, Object body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.uri() + path)).timeout(Duration.ofSeconds(60));
    headers.forEach(b::header);
    String json;
    try {
      json = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    return send(b);
  }

  static Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
