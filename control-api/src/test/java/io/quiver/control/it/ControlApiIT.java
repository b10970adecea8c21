package io.quiver.control.it;

import static io.quiver.control.it.ControlPlane.REGISTRY_TOKEN;
import static io.quiver.control.it.ControlPlane.acceptInvitation;
import static io.quiver.control.it.ControlPlane.call;
import static io.quiver.control.it.ControlPlane.callWith;
import static io.quiver.control.it.ControlPlane.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micronaut.web.router.Router;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.database.request.CreateDatabaseReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.SearchResp;
import io.quiver.control.ControlApi;
import io.quiver.control.it.ControlPlane.Reply;
import io.quiver.crd.v1alpha1.tenant.Tenant;
import io.quiver.testkit.dataplane.QuiverStandaloneExtension;
import io.quiver.testkit.keycloak.KeycloakExtension;
import io.quiver.testkit.process.FreePorts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The control API end to end: a real Keycloak 26 (realm {@code quiver}), the Kubernetes CRUD mock
 * API server, a real standalone data plane that polls this control API's key registry, and the
 * Milvus Java SDK using a key issued through the REST API.
 */
class ControlApiIT {

  static final int CONTROL_PORT = FreePorts.next();

  @RegisterExtension
  @Order(1)
  static final KeycloakExtension KEYCLOAK = KeycloakExtension.create()
      .withRealmFile(ControlPlane.resource("realms/quiver-realm.json"));

  @RegisterExtension
  @Order(2)
  static final QuiverStandaloneExtension QUIVER = QuiverStandaloneExtension.create()
      .with("security.authorization-enabled", "true")
      .with("security.api-keys.url", "http://127.0.0.1:" + CONTROL_PORT + "/api/v1/key-registry")
      .with("security.api-keys.token", REGISTRY_TOKEN)
      .with("security.audit.url", "http://127.0.0.1:" + CONTROL_PORT + "/api/v1/audit/events");

  static KubernetesMockServer k8s;
  static KubernetesClient harness;
  static Path dataDir;
  static ControlApi api;
  static String root;

  @BeforeAll
  static void start() throws Exception {
    k8s = ControlPlane.kubernetes();
    harness = k8s.createClient();
    dataDir = Files.createTempDirectory("control-api-it");
    // usage is read from the standalone data plane as its root user
    api = ControlPlane.startWithCluster(KEYCLOAK, CONTROL_PORT, dataDir, k8s,
        Map.of("control.dataplane.uri", QUIVER.uri(), "control.dataplane.token", "root:Milvus"));
    root = token(KEYCLOAK, "root", "root-password");
  }

  @AfterAll
  static void stop() throws Exception {
    if (api != null) {
      api.close();
    }
    if (harness != null) {
      harness.close();
    }
    if (k8s != null) {
      k8s.destroy();
    }
    if (dataDir != null) {
      try (var files = Files.walk(dataDir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Creates a tenant as the platform admin and gives it an admin who has signed in; returns the admin's token. */
  static String tenantWithAdmin(String tenant, String adminEmail) {
    Reply created = call(api, "POST", "/api/v1/tenants", root,
        Map.of("name", tenant, "displayName", "Tenant " + tenant, "quotas", Map.of("maxCollections", 10)));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    Reply invited = call(api, "POST", "/api/v1/tenants/" + tenant + "/members", root,
        Map.of("email", adminEmail, "role", "tenant-admin", "firstName", "Ada", "lastName", "Admin"));
    assertThat(invited.status()).as(invited.toString()).isEqualTo(201);
    assertThat(invited.json().path("created").asBoolean()).isTrue();
    acceptInvitation(KEYCLOAK, invited.json().path("id").asText(), "pw-" + tenant);
    return token(KEYCLOAK, adminEmail, "pw-" + tenant);
  }

  static MilvusClientV2 milvus(String key, String database) {
    ConnectConfig.ConnectConfigBuilder b = ConnectConfig.builder().uri(QUIVER.uri()).token(key).rpcDeadlineMs(60_000);
    if (database != null) {
      b.dbName(database);
    }
    return new MilvusClientV2(b.build());
  }

  static List<JsonObject> rows(int n) {
    List<JsonObject> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      JsonObject r = new JsonObject();
      r.addProperty("id", (long) i);
      JsonArray v = new JsonArray();
      v.add((float) i);
      v.add(0f);
      r.add("vec", v);
      out.add(r);
    }
    return out;
  }

  static SearchResp search(MilvusClientV2 c) {
    return c.search(SearchReq.builder().collectionName("docs").annsField("vec")
        .data(List.of(new FloatVec(new float[] {2, 0}))).limit(3).build());
  }

  @Test
  void aTenantAdminInvitesAMemberAndIssuesAKeyThatTheDataPlaneHonoursUntilItIsRevoked() throws Exception {
    String ada = tenantWithAdmin("acme", "ada@acme.example");
    Tenant cr = harness.resources(Tenant.class).withName("acme").get();
    assertThat(cr.getSpec().getDisplayName()).isEqualTo("Tenant acme");
    assertThat(cr.getSpec().getQuotas().getMaxCollections()).isEqualTo(10);
    assertThat(cr.getSpec().getMembersGroup()).isEqualTo("/tenants/acme");

    Reply me = call(api, "GET", "/api/v1/me", ada, null);
    assertThat(me.json().path("tenants").path("acme").asText()).isEqualTo("tenant-admin");
    assertThat(me.json().path("platformAdmin").asBoolean()).isFalse();

    Reply bob = call(api, "POST", "/api/v1/tenants/acme/members", ada,
        Map.of("email", "bob@acme.example", "role", "tenant-viewer"));
    assertThat(bob.status()).as(bob.toString()).isEqualTo(201);
    Reply promoted = call(api, "PUT", "/api/v1/tenants/acme/members/" + bob.json().path("id").asText(), ada,
        Map.of("role", "tenant-member"));
    assertThat(promoted.status()).as(promoted.toString()).isEqualTo(200);
    Reply members = call(api, "GET", "/api/v1/tenants/acme/members", ada, null);
    assertThat(members.json().findValuesAsText("email")).containsExactly("ada@acme.example", "bob@acme.example");
    assertThat(members.json().findValuesAsText("role")).containsExactly("tenant-admin", "tenant-member");

    Reply created = call(api, "POST", "/api/v1/tenants/acme/api-keys", ada,
        Map.of("name", "app", "role", "admin", "databases", List.of("acme_prod")));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String key = created.json().path("key").asText();
    String keyId = created.json().path("id").asText();
    assertThat(key).startsWith("qk_" + keyId + "_");
    Reply listed = call(api, "GET", "/api/v1/tenants/acme/api-keys", ada, null);
    assertThat(listed.body()).contains(keyId).doesNotContain(key.substring(key.lastIndexOf('_') + 1));
    assertThat(listed.json().get(0).has("key")).isFalse();
    String stored = new String(Base64.getDecoder().decode(harness.secrets().inNamespace(ControlPlane.CONTROL_NAMESPACE)
        .withName("quiver-api-keys").get().getData().get("registry.json")), StandardCharsets.UTF_8);
    assertThat(stored).contains(keyId).doesNotContain(key.substring(key.lastIndexOf('_') + 1));

    // The platform provisions the tenant's database on the data plane (as its Milvus root user); the data
    // plane learns the key within one poll.
    try (var rootClient = closing(new MilvusClientV2(ConnectConfig.builder().uri(QUIVER.uri()).token("root:Milvus")
        .rpcDeadlineMs(60_000).build()))) {
      rootClient.client().createDatabase(CreateDatabaseReq.builder().databaseName("acme_prod").build());
    }
    Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
        .untilAsserted(() -> milvus(key, "acme_prod").close());
    MilvusClientV2 app = milvus(key, "acme_prod");
    try {
      CreateCollectionReq.CollectionSchema schema = CreateCollectionReq.CollectionSchema.builder().build();
      schema.addField(AddFieldReq.builder().fieldName("id").dataType(DataType.Int64).isPrimaryKey(true).build());
      schema.addField(AddFieldReq.builder().fieldName("vec").dataType(DataType.FloatVector).dimension(2).build());
      app.createCollection(CreateCollectionReq.builder().collectionName("docs").collectionSchema(schema)
          .indexParams(List.of(IndexParam.builder().fieldName("vec").indexType(IndexParam.IndexType.FLAT)
              .metricType(IndexParam.MetricType.L2).build())).build());
      app.insert(InsertReq.builder().collectionName("docs").data(rows(10)).build());
      SearchResp hits = search(app);
      assertThat(hits.getSearchResults().getFirst()).hasSize(3);
      assertThat(hits.getSearchResults().getFirst().getFirst().getId()).isEqualTo(2L);
      assertThat(app.listDatabases().getDatabaseNames()).containsExactly("acme_prod");

      // usage per tenant, from the data plane: acme's databases only
      try (var rootClient = closing(new MilvusClientV2(ConnectConfig.builder().uri(QUIVER.uri()).token("root:Milvus")
          .rpcDeadlineMs(60_000).build()))) {
        rootClient.client().createDatabase(CreateDatabaseReq.builder().databaseName("notacme").build());
      }
      Reply usage = call(api, "GET", "/api/v1/tenants/acme/usage", ada, null);
      assertThat(usage.status()).as(usage.toString()).isEqualTo(200);
      assertThat(usage.json().path("tenant").asText()).isEqualTo("acme");
      assertThat(usage.json().path("databases")).hasSize(1);
      JsonNode prod = usage.json().path("databases").get(0);
      assertThat(prod.path("name").asText()).isEqualTo("acme_prod");
      assertThat(prod.path("collections").get(0).path("name").asText()).isEqualTo("docs");
      assertThat(prod.path("rows").asLong()).isEqualTo(10);
      assertThat(prod.path("collections").get(0).path("rows").asLong()).isEqualTo(10);
      assertThat(prod.path("vectorBytes").asLong()).as("10 rows of 2 floats").isEqualTo(80);
      assertThat(usage.json().path("rows").asLong()).isEqualTo(10);
      assertThat(usage.json().path("collections").asLong()).isEqualTo(1);
      // request counters from the data plane (GetMetrics): the app's search and insert in acme_prod
      assertThat(prod.path("requests").path("Search").asLong()).isGreaterThanOrEqualTo(1);
      assertThat(prod.path("requests").path("Insert").asLong()).isEqualTo(1);
      assertThat(prod.path("requestsPerSecond").asDouble()).isPositive();
      assertThat(usage.json().path("requests").asLong()).isGreaterThanOrEqualTo(3);
      app.createCollection(CreateCollectionReq.builder().collectionName("scratch").dimension(2).build());
      app.dropCollection(io.milvus.v2.service.collection.request.DropCollectionReq.builder().collectionName("scratch")
          .build());

      // The data plane's administrative RPCs reach the tenant's audit log (shipped in batches).
      Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
        JsonNode entries = call(api, "GET", "/api/v1/tenants/acme/audit?limit=1000", ada, null).json().path("entries");
        List<String> rpcs = new ArrayList<>();
        entries.forEach(e -> {
          if (e.path("origin").asText().equals("data-plane")) {
            rpcs.add(e.path("actor").asText() + " " + e.path("tenant").asText() + " " + e.path("action").asText() + " "
                + e.path("target").asText() + " " + e.path("result").asText());
          }
        });
        assertThat(rpcs).contains("apikey:" + keyId + " acme CreateCollection acme_prod/docs success",
            "apikey:" + keyId + " acme CreateCollection acme_prod/scratch success",
            "apikey:" + keyId + " acme DropCollection acme_prod/scratch success");
      });
      JsonNode shipped = call(api, "GET", "/api/v1/audit?limit=1000", root, null).json().path("entries");
      List<JsonNode> rootCreate = new ArrayList<>();
      shipped.forEach(e -> {
        if (e.path("action").asText().equals("CreateDatabase") && e.path("target").asText().equals("acme_prod")) {
          rootCreate.add(e);
        }
      });
      assertThat(rootCreate).singleElement().satisfies(e -> {
        assertThat(e.path("actor").asText()).isEqualTo("root");
        assertThat(e.path("tenant").asText()).isEmpty();
        assertThat(e.path("origin").asText()).isEqualTo("data-plane");
        assertThat(e.path("result").asText()).isEqualTo("success");
        assertThat(e.path("source").asText()).contains("127.0.0.1");
      });

      // Revoked: the data plane refuses the key within 10 s, on the open connection too.
      Reply revoked = call(api, "DELETE", "/api/v1/tenants/acme/api-keys/" + keyId, ada, null);
      long revokedAt = System.nanoTime();
      assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
      assertThat(revoked.json().path("revoked").asBoolean()).isTrue();
      Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
          .until(() -> refused(() -> search(app)));
      assertThat(Duration.ofNanos(System.nanoTime() - revokedAt)).isLessThan(Duration.ofSeconds(10));
      assertThat(refused(() -> milvus(key, "acme_prod").close())).isTrue();
    } finally {
      app.close();
    }

    // Every mutating call is in the audit log with actor, tenant, action, target and result.
    JsonNode audit = call(api, "GET", "/api/v1/tenants/acme/audit", ada, null).json().path("entries");
    List<String> lines = new ArrayList<>();
    audit.forEach(e -> lines.add(e.path("actor").asText() + " " + e.path("action").asText() + " "
        + e.path("tenant").asText() + " " + e.path("result").asText()));
    assertThat(lines).contains("root createTenant acme success", "root inviteMember acme success",
        "ada@acme.example inviteMember acme success", "ada@acme.example changeRole acme success",
        "ada@acme.example createApiKey acme success", "ada@acme.example revokeApiKey acme success");
    assertThat(audit.findValuesAsText("target")).contains("/api/v1/tenants/acme/api-keys/" + keyId);
    assertThat(audit.get(0).path("source").asText()).startsWith("127.0.0.1:");
    assertThat(audit.get(0).path("time").asText()).endsWith("Z");
  }

  record Closing(MilvusClientV2 client) implements AutoCloseable {
    @Override
    public void close() {
      client.close();
    }
  }

  static Closing closing(MilvusClientV2 c) {
    return new Closing(c);
  }

  static boolean refused(Runnable call) {
    try {
      call.run();
      return false;
    } catch (RuntimeException e) {
      return true;
    }
  }

  @Test
  void aTenantAdminGets404OnEveryResourceOfAnotherTenant() {
    String adminA = tenantWithAdmin("ta", "admin@ta.example");
    String adminB = tenantWithAdmin("tb", "admin@tb.example");
    String memberB = call(api, "POST", "/api/v1/tenants/tb/members", adminB,
        Map.of("email", "m@tb.example", "role", "tenant-member")).json().path("id").asText();
    String keyB = call(api, "POST", "/api/v1/tenants/tb/api-keys", adminB,
        Map.of("name", "b", "role", "read", "databases", List.of("tb"))).json().path("id").asText();
    Reply colB = call(api, "POST", "/api/v1/tenants/tb/collections", adminB, Map.of("name", "bcol", "spec",
        collectionSpec("tb")));
    assertThat(colB.status()).as(colB.toString()).isEqualTo(201);
    Reply ekB = call(api, "POST", "/api/v1/tenants/tb/encryption-keys", adminB, Map.of("name", "bkey", "spec",
        encryptionKeySpec("tb")));
    assertThat(ekB.status()).as(ekB.toString()).isEqualTo(201);
    Map<String, String> ids = new java.util.LinkedHashMap<>(Map.of("{tenant}", "tb", "{userId}", memberB, "{keyId}", keyB));
    ids.put("/collections/{name}", "/collections/bcol");
    ids.put("/encryption-keys/{name}", "/encryption-keys/bkey");

    int checked = 0;
    for (var route : api.context().getBean(Router.class).uriRoutes().toList()) {
      String template = route.getUriMatchTemplate().toPathString().replaceAll("\\{\\?[^}]*}", "");
      String method = route.getHttpMethodName();
      if (!template.contains("{tenant}") || method.equals("HEAD")) {
        continue;
      }
      String path = template;
      for (var e : ids.entrySet()) {
        path = path.replace(e.getKey(), e.getValue());
      }
      Object body = method.equals("POST") || method.equals("PUT") ? Map.of() : null;
      Reply other = call(api, method, path, adminA, body);
      Reply missing = call(api, method, path.replace("/tb", "/tnone"), adminA, body);
      assertThat(other.status()).as(method + " " + path + ": " + other).isEqualTo(404);
      assertThat(other.json().path("error").asText()).isEqualTo("tenant tb not found");
      assertThat(missing.json().path("error").asText()).isEqualTo("tenant tnone not found");
      checked++;
    }
    assertThat(checked).isGreaterThanOrEqualTo(21);
    // tenant B's resources, asked for under tenant A, are not in A's namespace
    assertThat(call(api, "GET", "/api/v1/tenants/ta/collections/bcol", adminA, null).status()).isEqualTo(404);
    assertThat(call(api, "DELETE", "/api/v1/tenants/ta/encryption-keys/bkey", adminA, null).status()).isEqualTo(404);
    assertThat(call(api, "GET", "/api/v1/tenants/ta/collections", adminA, null).json()).isEmpty();
    assertThat(call(api, "GET", "/api/v1/tenants/tb/collections/bcol", adminB, null).status()).isEqualTo(200);
    // tenant B's key and member, asked for under tenant A, are as missing as anything else
    assertThat(call(api, "GET", "/api/v1/tenants/ta/api-keys/" + keyB, adminA, null).status()).isEqualTo(404);
    assertThat(call(api, "DELETE", "/api/v1/tenants/ta/api-keys/" + keyB, adminA, null).status()).isEqualTo(404);
    assertThat(call(api, "DELETE", "/api/v1/tenants/ta/members/" + memberB, adminA, null).status()).isEqualTo(404);
    assertThat(call(api, "GET", "/api/v1/tenants", adminA, null).json().findValuesAsText("name")).containsExactly("ta");
    assertThat(call(api, "GET", "/api/v1/tenants/tb/api-keys/" + keyB, adminB, null).status()).isEqualTo(200);
    // a tenant admin is not a platform admin
    assertThat(call(api, "PUT", "/api/v1/tenants/ta/quotas", adminA, Map.of("qps", 5)).status()).isEqualTo(403);
    assertThat(call(api, "GET", "/api/v1/audit", adminA, null).status()).isEqualTo(403);
  }

  /** The {@code name} of each element of a JSON array. */
  static List<String> names(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(e -> out.add(e.path("name").asText()));
    return out;
  }

  static Map<String, Object> collectionSpec(String tenant) {
    return Map.of("clusterRef", Map.of("name", "prod"), "database", tenant + "_prod", "fields", List.of(
        Map.of("name", "id", "dataType", "Int64", "primaryKey", true),
        Map.of("name", "embedding", "dataType", "FloatVector", "dim", 8)),
        "indexes", List.of(Map.of("fieldName", "embedding", "indexType", "HNSW", "metricType", "COSINE")));
  }

  static Map<String, Object> encryptionKeySpec(String tenant) {
    return Map.of("clusterRef", Map.of("name", "prod"), "scope", Map.of("type", "Tenant", "tenant", tenant),
        "keySource", Map.of("secretRef", Map.of("name", tenant + "-kek", "key", "key")));
  }

  @Test
  void aTenantAdminManagesCollectionAndEncryptionKeyResourcesInTheTenantsNamespace() {
    String admin = tenantWithAdmin("tres", "admin@tres.example");
    Reply created = call(api, "POST", "/api/v1/tenants/tres/collections", admin,
        Map.of("name", "products", "spec", collectionSpec("tres")));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.json().path("namespace").asText()).isEqualTo("tenant-tres");
    assertThat(created.json().path("spec").path("deletionPolicy").asText()).as("CRD defaults applied").isEqualTo("Retain");
    io.quiver.crd.v1alpha1.collection.Collection cr = harness.resources(io.quiver.crd.v1alpha1.collection.Collection.class)
        .inNamespace("tenant-tres").withName("products").get();
    assertThat(cr.getSpec().getDatabase()).isEqualTo("tres_prod");
    assertThat(cr.getSpec().getFields()).hasSize(2);
    assertThat(cr.getMetadata().getLabels()).containsEntry("quiver.io/tenant", "tres");
    // the database defaults to the tenant's own (the CRD's default, "default", is no tenant's)
    Map<String, Object> noDb = new java.util.HashMap<>(collectionSpec("tres"));
    noDb.remove("database");
    Reply defaulted = call(api, "POST", "/api/v1/tenants/tres/collections", admin, Map.of("name", "plain", "spec", noDb));
    assertThat(defaulted.status()).as(defaulted.toString()).isEqualTo(201);
    assertThat(defaulted.json().path("spec").path("database").asText()).isEqualTo("tres");
    assertThat(call(api, "POST", "/api/v1/tenants/tres/collections", admin,
        Map.of("name", "products", "spec", collectionSpec("tres"))).status()).isEqualTo(409);
    assertThat(names(call(api, "GET", "/api/v1/tenants/tres/collections", admin, null).json()))
        .containsExactly("plain", "products");
    assertThat(call(api, "GET", "/api/v1/tenants/tres/collections/products", admin, null).json().path("spec")
        .path("fields").get(1).path("dim").asInt()).isEqualTo(8);

    Reply key = call(api, "POST", "/api/v1/tenants/tres/encryption-keys", admin,
        Map.of("name", "tres-key", "spec", encryptionKeySpec("tres")));
    assertThat(key.status()).as(key.toString()).isEqualTo(201);
    assertThat(harness.resources(io.quiver.crd.v1alpha1.encryptionkey.EncryptionKey.class).inNamespace("tenant-tres")
        .withName("tres-key").get().getSpec().getScope().getTenant()).isEqualTo("tres");
    assertThat(names(call(api, "GET", "/api/v1/tenants/tres/encryption-keys", admin, null).json()))
        .containsExactly("tres-key");

    // invalid input: 400 naming the field, checked against the CRD's schema and rules and the tenant boundary
    record Bad(String path, Object body, String field) {
    }
    Map<String, Object> wrongDb = new java.util.HashMap<>(collectionSpec("tres"));
    wrongDb.put("database", "other_prod");
    Map<String, Object> noFields = new java.util.HashMap<>(collectionSpec("tres"));
    noFields.remove("fields");
    Map<String, Object> noDim = new java.util.HashMap<>(collectionSpec("tres"));
    noDim.put("fields", List.of(Map.of("name", "id", "dataType", "Int64", "primaryKey", true),
        Map.of("name", "embedding", "dataType", "FloatVector")));
    Map<String, Object> badType = new java.util.HashMap<>(collectionSpec("tres"));
    badType.put("fields", List.of(Map.of("name", "id", "dataType", "Int64", "primaryKey", true),
        Map.of("name", "embedding", "dataType", "Vector", "dim", 8)));
    Map<String, Object> unknown = new java.util.HashMap<>(collectionSpec("tres"));
    unknown.put("colour", "red");
    Map<String, Object> otherScope = new java.util.HashMap<>(encryptionKeySpec("tres"));
    otherScope.put("scope", Map.of("type", "Tenant", "tenant", "tb"));
    Map<String, Object> noSource = new java.util.HashMap<>(encryptionKeySpec("tres"));
    noSource.remove("keySource");
    String cols = "/api/v1/tenants/tres/collections";
    String keys = "/api/v1/tenants/tres/encryption-keys";
    for (Bad bad : List.of(
        new Bad(cols, Map.of("name", "Bad_Name", "spec", collectionSpec("tres")), "name"),
        new Bad(cols, Map.of("name", "nospec"), "spec"),
        new Bad(cols, Map.of("name", "c1", "spec", wrongDb), "spec.database"),
        new Bad(cols, Map.of("name", "c1", "spec", noFields), "spec.fields"),
        new Bad(cols, Map.of("name", "c1", "spec", noDim), "spec.fields[1]"),
        new Bad(cols, Map.of("name", "c1", "spec", badType), "spec.fields[1].dataType"),
        new Bad(cols, Map.of("name", "c1", "spec", unknown), "spec.colour"),
        new Bad(cols, Map.of("name", "c1", "spec", collectionSpec("tres"), "kind", "Collection"), "kind"),
        new Bad(keys, Map.of("name", "k1", "spec", otherScope), "spec.scope.tenant"),
        new Bad(keys, Map.of("name", "k1", "spec", noSource), "spec.keySource"))) {
      Reply r = call(api, "POST", bad.path(), admin, bad.body());
      assertThat(r.status()).as(bad + " -> " + r).isEqualTo(400);
      assertThat(r.json().path("field").asText()).as(bad + " -> " + r).isEqualTo(bad.field());
      assertThat(r.json().path("error").asText()).startsWith(bad.field() + ": ");
    }
    assertThat(harness.resources(io.quiver.crd.v1alpha1.collection.Collection.class).inNamespace("tenant-tres").list()
        .getItems()).hasSize(2);

    assertThat(call(api, "DELETE", "/api/v1/tenants/tres/collections/products", admin, null).status()).isEqualTo(204);
    assertThat(call(api, "GET", "/api/v1/tenants/tres/collections/products", admin, null).status()).isEqualTo(404);
    assertThat(call(api, "DELETE", "/api/v1/tenants/tres/collections/products", admin, null).status()).isEqualTo(404);
    assertThat(call(api, "DELETE", "/api/v1/tenants/tres/encryption-keys/tres-key", admin, null).status())
        .isEqualTo(204);
    assertThat(harness.resources(io.quiver.crd.v1alpha1.encryptionkey.EncryptionKey.class).inNamespace("tenant-tres")
        .list().getItems()).isEmpty();
    JsonNode audit = call(api, "GET", "/api/v1/tenants/tres/audit?limit=1000", admin, null).json().path("entries");
    assertThat(audit.findValuesAsText("action")).contains("createCollection", "deleteCollection",
        "createEncryptionKey", "deleteEncryptionKey");
  }

  @Test
  void anApiKeyCallsTheRestApiOnlyWithinItsTenantAndRole() {
    String admin = tenantWithAdmin("tkey", "admin@tkey.example");
    assertThat(call(api, "POST", "/api/v1/tenants", root, Map.of("name", "tother", "displayName", "Other")).status())
        .isEqualTo(201);
    Reply adminKey = call(api, "POST", "/api/v1/tenants/tkey/api-keys", admin,
        Map.of("name", "ci", "role", "admin", "databases", List.of("tkey")));
    Reply readKey = call(api, "POST", "/api/v1/tenants/tkey/api-keys", admin,
        Map.of("name", "dash", "role", "read", "databases", List.of("tkey")));
    String adminSecret = adminKey.json().path("key").asText();
    String adminId = adminKey.json().path("id").asText();
    Map<String, String> asAdmin = Map.of("Authorization", "Bearer " + adminSecret);
    Map<String, String> asReader = Map.of("X-API-Key", readKey.json().path("key").asText());

    // a read key reads its tenant and nothing else
    Reply me = callWith(api, "GET", "/api/v1/me", asReader, null);
    assertThat(me.json().path("username").asText()).isEqualTo("apikey:" + readKey.json().path("id").asText());
    assertThat(me.json().path("tenants").path("tkey").asText()).isEqualTo("tenant-viewer");
    assertThat(callWith(api, "GET", "/api/v1/tenants/tkey", asReader, null).status()).isEqualTo(200);
    assertThat(names(callWith(api, "GET", "/api/v1/tenants", asReader, null).json())).containsExactly("tkey");
    assertThat(callWith(api, "GET", "/api/v1/tenants/tkey/api-keys", asReader, null).status()).isEqualTo(200);
    Reply readerWrites = callWith(api, "POST", "/api/v1/tenants/tkey/collections", asReader,
        Map.of("name", "c1", "spec", collectionSpec("tkey")));
    assertThat(readerWrites.status()).as(readerWrites.toString()).isEqualTo(403);
    assertThat(readerWrites.json().path("error").asText()).contains("read API key may only read");
    assertThat(callWith(api, "DELETE", "/api/v1/tenants/tkey/api-keys/" + adminId, asReader, null).status())
        .isEqualTo(403);
    assertThat(callWith(api, "GET", "/api/v1/tenants/tkey/audit", asReader, null).status()).isEqualTo(403);

    // an admin key acts like a tenant admin, but never on members and never as a platform admin
    Reply created = callWith(api, "POST", "/api/v1/tenants/tkey/collections", asAdmin,
        Map.of("name", "c1", "spec", collectionSpec("tkey")));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    Reply minted = callWith(api, "POST", "/api/v1/tenants/tkey/api-keys", asAdmin,
        Map.of("name", "minted", "role", "read", "databases", List.of("tkey")));
    assertThat(minted.status()).as(minted.toString()).isEqualTo(201);
    assertThat(minted.json().path("createdBy").asText()).isEqualTo("apikey:" + adminId);
    assertThat(callWith(api, "POST", "/api/v1/tenants/tkey/members", asAdmin,
        Map.of("email", "x@tkey.example", "role", "tenant-admin")).status()).isEqualTo(403);
    assertThat(callWith(api, "GET", "/api/v1/tenants/tkey/members", asAdmin, null).status()).isEqualTo(403);
    assertThat(callWith(api, "PUT", "/api/v1/tenants/tkey/quotas", asAdmin, Map.of("qps", 5)).status()).isEqualTo(403);
    assertThat(callWith(api, "POST", "/api/v1/tenants", asAdmin, Map.of("name", "tnew2", "displayName", "x")).status())
        .isEqualTo(403);
    assertThat(callWith(api, "GET", "/api/v1/audit", asAdmin, null).status()).isEqualTo(403);
    assertThat(callWith(api, "GET", "/api/v1/key-registry", asAdmin, null).status()).isEqualTo(401);
    assertThat(callWith(api, "POST", "/api/v1/audit/events", asAdmin, Map.of("events", List.of())).status()).isEqualTo(401);
    JsonNode audit = callWith(api, "GET", "/api/v1/tenants/tkey/audit?limit=1000", asAdmin, null).json().path("entries");
    List<String> lines = new ArrayList<>();
    audit.forEach(e -> lines.add(e.path("actor").asText() + " " + e.path("action").asText() + " "
        + e.path("result").asText()));
    assertThat(lines).contains("apikey:" + adminId + " createCollection success",
        "apikey:" + adminId + " createApiKey success");
    assertThat(lines).anyMatch(l -> l.startsWith("apikey:" + readKey.json().path("id").asText() + " ")
        && l.endsWith("denied: 403 a read API key may only read (GET); this needs an admin key"));

    // every route of another tenant answers exactly as for a missing tenant (members: keys never get there)
    int checked = 0;
    for (var route : api.context().getBean(Router.class).uriRoutes().toList()) {
      String template = route.getUriMatchTemplate().toPathString().replaceAll("\\{\\?[^}]*}", "");
      String method = route.getHttpMethodName();
      if (!template.contains("{tenant}") || method.equals("HEAD")) {
        continue;
      }
      String path = template.replace("{tenant}", "tother").replaceAll("\\{[^}]+}", "x1");
      Object body = method.equals("POST") || method.equals("PUT") ? Map.of() : null;
      Reply r = callWith(api, method, path, asAdmin, body);
      if (path.contains("/members")) {
        assertThat(r.status()).as(method + " " + path + ": " + r).isEqualTo(403);
      } else {
        assertThat(r.status()).as(method + " " + path + ": " + r).isEqualTo(404);
        assertThat(r.json().path("error").asText()).isEqualTo("tenant tother not found");
      }
      checked++;
    }
    assertThat(checked).isGreaterThanOrEqualTo(22);

    // bad, revoked and malformed keys: 401
    String bad = adminSecret.substring(0, adminSecret.length() - 3) + "xyz";
    assertThat(callWith(api, "GET", "/api/v1/tenants/tkey", Map.of("X-API-Key", bad), null).status()).isEqualTo(401);
    assertThat(callWith(api, "GET", "/api/v1/tenants/tkey", Map.of("X-API-Key", "qk_nope"), null).status()).isEqualTo(401);
    assertThat(call(api, "DELETE", "/api/v1/tenants/tkey/api-keys/" + adminId, admin, null).status()).isEqualTo(200);
    Reply revoked = callWith(api, "GET", "/api/v1/tenants/tkey", asAdmin, null);
    assertThat(revoked.status()).as(revoked.toString()).isEqualTo(401);
    assertThat(revoked.json().path("error").asText()).contains("API key is not valid");
  }

  @Test
  void tokensForAnotherAudienceExpiredUnsignedOrMissingGet401() throws Exception {
    String otherAudience = token(KEYCLOAK, "other-app", "root", "root-password");
    String shortLived = token(KEYCLOAK, "quiver-short-lived", "root", "root-password");
    String[] parts = root.split("\\.");
    String none = Base64.getUrlEncoder().withoutPadding().encodeToString(
        "{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + ".";
    String noneWithKid = Base64.getUrlEncoder().withoutPadding().encodeToString(
        ("{\"alg\":\"none\",\"kid\":\"" + header(root).path("kid").asText() + "\"}").getBytes(StandardCharsets.UTF_8))
        + "." + parts[1] + "." + parts[2];

    assertThat(call(api, "GET", "/api/v1/tenants", root, null).status()).isEqualTo(200);
    assertThat(call(api, "GET", "/api/v1/tenants", shortLived, null).status()).isEqualTo(200);
    Thread.sleep(2_100);
    for (String bad : List.of(otherAudience, shortLived, none, noneWithKid, "not-a-jwt", parts[0] + "." + parts[1])) {
      Reply r = call(api, "GET", "/api/v1/tenants", bad, null);
      assertThat(r.status()).as(r.toString()).isEqualTo(401);
    }
    assertThat(call(api, "GET", "/api/v1/tenants", null, null).status()).isEqualTo(401);
    assertThat(call(api, "GET", "/api/v1/tenants", otherAudience, null).body()).contains("aud");
    // a refused mutating call is audited as unauthenticated
    assertThat(call(api, "POST", "/api/v1/tenants", none, Map.of("name", "evil", "displayName", "x")).status())
        .isEqualTo(401);
    JsonNode audit = call(api, "GET", "/api/v1/audit", root, null).json().path("entries");
    assertThat(audit.findValuesAsText("actor")).contains("unauthenticated");
  }

  static JsonNode header(String jwt) throws Exception {
    return ControlPlane.JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]));
  }

  @Test
  void badInputGets400NamingTheField() {
    Map<String, Object> good = Map.of("name", "okname", "displayName", "OK");
    record Case(String method, String path, Object body, String field) {
    }
    List<Case> cases = List.of(
        new Case("POST", "/api/v1/tenants", Map.of("name", "Bad_Name", "displayName", "x"), "name"),
        new Case("POST", "/api/v1/tenants", Map.of("name", "okname"), "displayName"),
        new Case("POST", "/api/v1/tenants", Map.of("name", "okname", "displayName", "x", "tier", "Gold"), "tier"),
        new Case("POST", "/api/v1/tenants", Map.of("name", "okname", "displayName", "x",
            "quotas", Map.of("maxRows", -1)), "quotas.maxRows"),
        new Case("POST", "/api/v1/tenants", Map.of("name", "okname", "displayName", "x",
            "quotas", Map.of("memory", "lots")), "quotas.memory"),
        new Case("POST", "/api/v1/tenants", "{\"name\":\"okname\",\"displayName\":\"x\",\"quotas\":{\"maxRows\":\"many\"}}",
            "quotas.maxRows"),
        new Case("POST", "/api/v1/tenants", Map.of("name", "okname", "displayName", "x", "colour", "red"), "colour"),
        new Case("POST", "/api/v1/tenants/acme2/api-keys", Map.of("name", "k", "role", "root",
            "databases", List.of("acme2")), "role"),
        new Case("POST", "/api/v1/tenants/acme2/api-keys", Map.of("name", "k", "role", "read",
            "databases", List.of("acme2_x", "other_db")), "databases[1]"),
        new Case("POST", "/api/v1/tenants/acme2/api-keys", Map.of("name", "k", "role", "read",
            "databases", List.of("acme2"), "expiresAt", "tomorrow"), "expiresAt"),
        new Case("POST", "/api/v1/tenants/acme2/members", Map.of("email", "not-an-address", "role", "tenant-member"),
            "email"),
        new Case("POST", "/api/v1/tenants/acme2/members", Map.of("email", "x@y.example", "role", "owner"), "role"),
        new Case("GET", "/api/v1/audit?limit=0", null, "limit"));
    assertThat(call(api, "POST", "/api/v1/tenants", root, Map.of("name", "acme2", "displayName", "Acme 2")).status())
        .isEqualTo(201);
    for (Case c : cases) {
      Reply r = call(api, c.method(), c.path(), root, c.body());
      assertThat(r.status()).as(c + " -> " + r).isEqualTo(400);
      assertThat(r.json().path("field").asText()).as(c + " -> " + r).isEqualTo(c.field());
      assertThat(r.json().path("error").asText()).as(c + " -> " + r).startsWith(c.field() + ": ");
    }
    assertThat(call(api, "GET", "/api/v1/tenants/okname", root, null).status()).isEqualTo(404);
    assertThat(call(api, "POST", "/api/v1/tenants", root, good).status()).isEqualTo(201);
    assertThat(call(api, "POST", "/api/v1/tenants", root, good).status()).isEqualTo(409);
  }

  @Test
  void theServedOpenApiDocumentListsExactlyTheRoutes() throws Exception {
    Reply doc = call(api, "GET", "/api/v1/openapi.yml", null, null);
    assertThat(doc.status()).isEqualTo(200);
    JsonNode openapi = new ObjectMapper(new YAMLFactory()).readTree(doc.body());
    Set<String> documented = new TreeSet<>();
    openapi.path("paths").fields().forEachRemaining(p -> p.getValue().fieldNames()
        .forEachRemaining(m -> documented.add(m.toUpperCase(java.util.Locale.ROOT) + " " + p.getKey())));
    Set<String> routed = new TreeSet<>();
    api.context().getBean(Router.class).uriRoutes().forEach(r -> routed.add(r.getHttpMethodName() + " "
        + r.getUriMatchTemplate().toPathString().replaceAll("\\{\\?[^}]*}", "")));
    routed.remove("GET /api/v1/openapi.yml");
    // Micronaut answers HEAD for every GET route by itself; OpenAPI documents the GET.
    routed.removeIf(r -> r.startsWith("HEAD "));

    assertThat(documented).isEqualTo(routed);
    assertThat(documented).contains("POST /api/v1/tenants", "DELETE /api/v1/tenants/{tenant}/api-keys/{keyId}",
        "GET /api/v1/key-registry");
  }

  @Test
  void theAuditIntakeTakesOnlyTheServiceTokenAndNamesTheBadField() {
    Map<String, Object> event = new java.util.HashMap<>(Map.of("time", "2026-01-01T10:00:00Z", "actor", "apikey:kx",
        "tenant", "intake", "action", "DropCollection", "target", "intake/c1", "result", "success", "source",
        "/10.0.0.7:5000"));
    Map<String, Object> batch = Map.of("batch", "test-batch-1", "events", List.of(event));
    // a person's token (even the platform admin's), no token or a wrong one: 401, nothing stored
    for (String t : new String[] {root, null, REGISTRY_TOKEN + "x"}) {
      Reply refused = call(api, "POST", "/api/v1/audit/events", t, batch);
      assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
    }
    Reply ok = call(api, "POST", "/api/v1/audit/events", REGISTRY_TOKEN, batch);
    assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
    assertThat(ok.json().path("accepted").asInt()).isEqualTo(1);
    // the same batch again (a retry after a lost answer) is not stored twice
    Reply again = call(api, "POST", "/api/v1/audit/events", REGISTRY_TOKEN, batch);
    assertThat(again.json().path("duplicate").asBoolean()).as(again.toString()).isTrue();
    JsonNode stored = call(api, "GET", "/api/v1/audit?tenant=intake", root, null).json().path("entries");
    assertThat(stored).hasSize(1);
    assertThat(stored.get(0).path("origin").asText()).isEqualTo("data-plane");
    assertThat(stored.get(0).path("actor").asText()).isEqualTo("apikey:kx");
    assertThat(stored.get(0).path("target").asText()).isEqualTo("intake/c1");
    assertThat(stored.get(0).path("source").asText()).isEqualTo("/10.0.0.7:5000");
    assertThat(stored.get(0).path("time").asText()).isEqualTo("2026-01-01T10:00:00Z");
    // refused deliveries are audited; accepted ones are represented by their events only
    JsonNode all = call(api, "GET", "/api/v1/audit?limit=1000", root, null).json().path("entries");
    List<String> intake = new ArrayList<>();
    all.forEach(e -> {
      if (e.path("target").asText().equals("/api/v1/audit/events")) {
        intake.add(e.path("actor").asText() + " " + e.path("result").asText());
      }
    });
    assertThat(intake).hasSize(3).allMatch(l -> l.startsWith("unauthenticated denied: 401"));

    record Bad(Object body, String field) {
    }
    Map<String, Object> noAction = new java.util.HashMap<>(event);
    noAction.remove("action");
    Map<String, Object> otherTenant = new java.util.HashMap<>(event);
    otherTenant.put("tenant", "Not A Tenant");
    Map<String, Object> badResult = new java.util.HashMap<>(event);
    badResult.put("result", "maybe");
    Map<String, Object> badTime = new java.util.HashMap<>(event);
    badTime.put("time", "yesterday");
    for (Bad bad : List.of(new Bad(Map.of("events", List.of()), "events"),
        new Bad(Map.of("events", List.of(event, noAction)), "events[1].action"),
        new Bad(Map.of("events", List.of(otherTenant)), "events[0].tenant"),
        new Bad(Map.of("events", List.of(badResult)), "events[0].result"),
        new Bad(Map.of("events", List.of(badTime)), "events[0].time"),
        new Bad(Map.of("events", List.of(event), "colour", "red"), "colour"))) {
      Reply r = call(api, "POST", "/api/v1/audit/events", REGISTRY_TOKEN, bad.body());
      assertThat(r.status()).as(bad + " -> " + r).isEqualTo(400);
      assertThat(r.json().path("field").asText()).as(bad + " -> " + r).isEqualTo(bad.field());
      assertThat(r.json().path("error").asText()).startsWith(bad.field() + ": ");
    }
    assertThat(call(api, "GET", "/api/v1/audit?tenant=intake", root, null).json().path("entries")).hasSize(1);
  }

  @Test
  void theKeyRegistryAnswersOnlyTheServiceToken() {
    Reply ok = ControlPlane.send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create(api.uri() + "/api/v1/key-registry")).header("Authorization", "Bearer " + REGISTRY_TOKEN));
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.json().path("revision").isIntegralNumber()).isTrue();
    assertThat(ok.json().path("keys").isArray()).isTrue();
    assertThat(call(api, "GET", "/api/v1/key-registry", null, null).status()).isEqualTo(401);
    assertThat(call(api, "GET", "/api/v1/key-registry", root, null).status()).isEqualTo(401);
    assertThat(call(api, "GET", "/api/v1/key-registry", REGISTRY_TOKEN + "x", null).status()).isEqualTo(401);
  }

  @Test
  void withoutAClusterProvisioningAnswers409AndKeysGoToTheLocalStore() throws Exception {
    Path localDir = Files.createTempDirectory("control-api-local");
    Map<String, Object> config = ControlPlane.config(KEYCLOAK, FreePorts.next(), localDir);
    try (ControlApi local = ControlApi.start(config)) {
      String admin = tenantWithAdmin("tlocal", "admin@tlocal.example");
      for (String[] call : List.of(new String[] {"POST", "/api/v1/tenants"},
          new String[] {"PUT", "/api/v1/tenants/tlocal/quotas"}, new String[] {"DELETE", "/api/v1/tenants/tlocal"})) {
        Object body = switch (call[0]) {
          case "POST" -> Map.of("name", "tnew", "displayName", "x");
          case "PUT" -> Map.of("qps", 10);
          default -> null;
        };
        Reply r = call(local, call[0], call[1], root, body);
        assertThat(r.status()).as(call[0] + " " + call[1] + " " + r).isEqualTo(409);
        assertThat(r.json().path("error").asText()).contains("needs a Kubernetes cluster");
      }
      // tenants are the realm's tenant groups; members and keys work as with a cluster
      assertThat(call(local, "GET", "/api/v1/tenants/tlocal", admin, null).json().path("displayName").asText())
          .isEqualTo("Tenant tlocal");
      for (String[] call : List.of(new String[] {"GET", "/collections"}, new String[] {"POST", "/collections"},
          new String[] {"GET", "/collections/c1"}, new String[] {"DELETE", "/collections/c1"},
          new String[] {"GET", "/encryption-keys"}, new String[] {"POST", "/encryption-keys"},
          new String[] {"GET", "/encryption-keys/k1"}, new String[] {"DELETE", "/encryption-keys/k1"})) {
        Object body = call[0].equals("POST") ? Map.of("name", "c1", "spec", collectionSpec("tlocal")) : null;
        Reply r = call(local, call[0], "/api/v1/tenants/tlocal" + call[1], admin, body);
        assertThat(r.status()).as(call[0] + " " + call[1] + " " + r).isEqualTo(409);
        assertThat(r.json().path("error").asText()).contains("needs a Kubernetes cluster");
      }
      Reply noDataPlane = call(local, "GET", "/api/v1/tenants/tlocal/usage", admin, null);
      assertThat(noDataPlane.status()).as(noDataPlane.toString()).isEqualTo(409);
      assertThat(noDataPlane.json().path("error").asText()).contains("control.dataplane.uri");
      Reply key = call(local, "POST", "/api/v1/tenants/tlocal/api-keys", admin,
          Map.of("name", "local", "role", "write", "databases", List.of("tlocal_db")));
      assertThat(key.status()).as(key.toString()).isEqualTo(201);
      assertThat(Files.readString(localDir.resolve("api-keys.json"))).contains(key.json().path("id").asText());
      assertThat(call(local, "GET", "/api/v1/tenants/tlocal/members", admin, null).json().findValuesAsText("email"))
          .containsExactly("admin@tlocal.example");
    }
    assertThatThrownBy(() -> ControlApi.start(Map.of("micronaut.server.port", FreePorts.next())))
        .hasStackTraceContaining("control.oidc.issuer is required");
  }
}
