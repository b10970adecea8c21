package io.quiver.server.it;

import static io.quiver.server.it.SdkSupport.assertServerError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.milvus.grpc.DescribeResourceGroupRequest;
import io.milvus.grpc.DescribeResourceGroupResponse;
import io.milvus.grpc.GetReplicasRequest;
import io.milvus.grpc.ListDatabasesResponse;
import io.milvus.grpc.Status;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import io.milvus.v2.service.database.request.CreateDatabaseReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.quiver.server.grpc.RpcProbe;
import io.quiver.testkit.dataplane.QuiverStandaloneExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Control-plane API keys against a real server: the key registry is served by
 * {@link KeyRegistryServer} (the endpoint contract of docs/security.md), polled at the default
 * refresh interval. Keys are scoped to databases (the tenant boundary) with a role.
 */
class ApiKeyIT {

  static final KeyRegistryServer REGISTRY = new KeyRegistryServer();
  static final String READ = REGISTRY.issue("kr", "acme", "read", null, "tenant_a");
  static final String WRITE = REGISTRY.issue("kw", "acme", "write", null, "tenant_a");
  static final String ADMIN = REGISTRY.issue("ka", "acme", "admin", null, "tenant_a");
  static final String OTHER_TENANT = REGISTRY.issue("kb", "globex", "admin", null, "tenant_b");
  static final String EXPIRED = REGISTRY.issue("kexp", "acme", "admin", System.currentTimeMillis() - 1, "tenant_a");
  static final String REVOKED = REGISTRY.issue("krev", "acme", "admin", null, "tenant_a");
  static final String TO_REVOKE = REGISTRY.issue("klater", "acme", "write", null, "tenant_a");
  static final String MAX_STALENESS_SECONDS = "15";

  static {
    REGISTRY.revoke("krev");
  }

  @RegisterExtension
  static final QuiverStandaloneExtension QUIVER = QuiverStandaloneExtension.create()
      .with("security.authorization-enabled", "true")
      .with("security.api-keys.url", REGISTRY.url())
      .with("security.api-keys.token", KeyRegistryServer.TOKEN)
      .with("security.api-keys.max-staleness", MAX_STALENESS_SECONDS + "s");

  static MilvusClientV2 root;
  static ManagedChannel channel;

  @BeforeAll
  static void setUp() {
    root = SdkSupport.client(ConnectConfig.builder().uri(QUIVER.uri()).token("root:Milvus").rpcDeadlineMs(120_000).build());
    channel = SdkSupport.channel(QUIVER);
    root.createDatabase(CreateDatabaseReq.builder().databaseName("tenant_a").build());
    root.createDatabase(CreateDatabaseReq.builder().databaseName("tenant_b").build());
    NamespacesIT.createWithRows(root, "tenant_b", "b_secret", 10);
    // the server polls the registry at once; wait until the keys work
    Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
      keyClient(READ, "tenant_a").close();
      return true;
    });
  }

  @AfterAll
  static void tearDown() throws InterruptedException {
    root.close();
    SdkSupport.close(channel);
    REGISTRY.close();
  }

  static MilvusClientV2 keyClient(String key, String db) {
    return SdkSupport.client(ConnectConfig.builder().uri(QUIVER.uri()).token(key).dbName(db).rpcDeadlineMs(120_000).build());
  }

  static void search(MilvusClientV2 c, String collection, int expected) {
    assertThat(c.search(SearchReq.builder().collectionName(collection).annsField("vec")
        .data(SdkSupport.queries(new float[] {1, 0})).limit(3).build()).getSearchResults().get(0)).hasSize(expected);
  }

  @Test
  void anAdminKeyCreatesCollectionsInItsDatabaseAndAWriteKeyInsertsAndSearches() {
    MilvusClientV2 admin = keyClient(ADMIN, "tenant_a");
    MilvusClientV2 write = keyClient(WRITE, "tenant_a");
    MilvusClientV2 read = keyClient(READ, "tenant_a");
    try {
      NamespacesIT.createWithRows(admin, "", "a_docs", 5);
      search(admin, "a_docs", 3);
      write.insert(InsertReq.builder().collectionName("a_docs").data(NamespacesIT.rows(5, 8, "w")).build());
      search(write, "a_docs", 3);
      assertThat(NamespacesIT.count(write, "", "a_docs")).isEqualTo(8);
      // write is not admin: no creating or dropping collections
      assertServerError(() -> write.createCollection(CreateCollectionReq.builder().collectionName("w_coll").dimension(2).build()),
          "PrivilegeCreateCollection: permission deny to api key kw in the `tenant_a` database");
      assertServerError(() -> write.dropCollection(DropCollectionReq.builder().collectionName("a_docs").build()),
          "PrivilegeDropCollection: permission deny to api key kw");
      // read is not write
      search(read, "a_docs", 3);
      assertServerError(() -> read.insert(InsertReq.builder().collectionName("a_docs").data(NamespacesIT.rows(9, 10, "r"))
          .build()), "PrivilegeInsert: permission deny to api key kr");
      // listings show the key's database only
      assertThat(admin.listDatabases().getDatabaseNames()).containsExactly("tenant_a");
      assertThat(admin.listCollections().getCollectionNames()).containsExactly("a_docs");
    } finally {
      admin.close();
      write.close();
      read.close();
    }
  }

  /** RPCs that work in no particular database: they may succeed, but must show nothing of tenant_b. */
  static final Set<String> NO_DATABASE = Set.of("GetVersion", "CheckHealth", "AllocTimestamp", "GetComponentStates",
      "ListResourceGroups", "DescribeResourceGroup", "ListDatabases",
      // jobs looked up by id: another tenant's job answers like a missing one (checked below)
      "GetCompactionState", "GetCompactionStateWithPlans", "GetImportState",
      // usage counters: the answer holds only the key's databases (checked below)
      "GetMetrics");

  @Test
  void everyRpcOnAnotherTenantsDatabaseFailsExactlyAsOnAMissingOne() {
    int comparedWithMissing = 0;
    List<String> report = new ArrayList<>();
    for (MethodDescriptor<Message, Message> md : RpcProbe.implementedMethods()) {
      String rpc = md.getBareMethodName();
      String missing = "nosuchdb_" + rpc.toLowerCase(java.util.Locale.ROOT);
      Message otherFull = RpcProbe.call(channel, md, RpcProbe.request(md, "tenant_b", "b_secret"),
          RpcProbe.headers(ADMIN, "tenant_b"));
      Status other = RpcProbe.status(otherFull);
      Status absent = RpcProbe.status(RpcProbe.call(channel, md, RpcProbe.request(md, missing, "b_secret"),
          RpcProbe.headers("root:Milvus", missing)));
      report.add(rpc + ": other tenant " + other.getCode() + " " + other.getReason() + " | missing " + absent.getCode());
      String text = TextFormat.printer().printToString(otherFull);
      assertThat(text).as(rpc).doesNotContain("b_secret");
      if (NO_DATABASE.contains(rpc)) {
        continue;
      }
      assertThat(RpcProbe.ok(other)).as("%s on another tenant's database must fail", rpc).isFalse();
      if (absent.getCode() == 800) {
        comparedWithMissing++;
        Status renamed = other.toBuilder().setReason(other.getReason().replace("[database=tenant_b]", "[database=" + missing + "]"))
            .build();
        assertThat(renamed).as(rpc).isEqualTo(absent);
      } else {
        // a missing database is no error for this RPC (e.g. DropDatabase, GetFlushState), or the RPC is not
        // database-scoped (users, roles): the key is refused without a hint of what exists
        assertThat(other.getCode()).as(rpc + ": " + other.getReason()).isIn(800, 1401);
        if (other.getCode() == 800) {
          assertThat(other.getReason()).isEqualTo("database not found[database=tenant_b]");
        }
      }
    }
    assertThat(comparedWithMissing).as(String.join("\n", report)).isGreaterThan(40);
    // nothing of tenant_b changed
    assertThat(root.listDatabases().getDatabaseNames()).contains("tenant_b");
    assertThat(NamespacesIT.count(root, "tenant_b", "b_secret")).isEqualTo(10);
    assertThat(root.describeCollection(DescribeCollectionReq.builder().databaseName("tenant_b").collectionName("b_secret")
        .build()).getCollectionName()).isEqualTo("b_secret");
  }

  @Test
  void anotherTenantsObjectsLookMissingThroughTheSdkAndByIdToo() {
    // connecting to the other tenant's database fails like connecting to a missing one
    String hidden = assertThatThrownByMessage(() -> keyClient(ADMIN, "tenant_b"));
    String absent = assertThatThrownByMessage(() -> SdkSupport.client(ConnectConfig.builder().uri(QUIVER.uri())
        .token("root:Milvus").dbName("tenant_zz").build()));
    assertThat(hidden).isEqualTo(absent.replace("tenant_zz", "tenant_b")).contains("database not found[database=tenant_b]");
    MilvusClientV2 admin = keyClient(ADMIN, "tenant_a");
    try {
      assertThatThrownBy(() -> admin.useDatabase("tenant_b")).hasMessage("Database tenant_b not exist");
      // a collection of another database named from the key's own database is simply not there
      assertServerError(() -> admin.describeCollection(DescribeCollectionReq.builder().collectionName("b_secret").build()),
          "collection not found[database=tenant_a][collection=b_secret]");
      // by collection id
      long id = root.describeCollection(DescribeCollectionReq.builder().databaseName("tenant_b").collectionName("b_secret")
          .build()).getCollectionID();
      Status byId = RpcProbe.status(RpcProbe.call(channel, AuthIT.method("GetReplicas"),
          GetReplicasRequest.newBuilder().setCollectionID(id).build(), RpcProbe.headers(ADMIN, "tenant_a")));
      assertThat(byId.getReason()).isEqualTo("collection not found[collectionID=" + id + "]");
      Status byMissingId = RpcProbe.status(RpcProbe.call(channel, AuthIT.method("GetReplicas"),
          GetReplicasRequest.newBuilder().setCollectionID(Long.MAX_VALUE - 7).build(), RpcProbe.headers("root:Milvus", null)));
      assertThat(byId.getCode()).isEqualTo(byMissingId.getCode());
      // usage metrics show the key's databases only
      io.milvus.grpc.GetMetricsResponse usage = (io.milvus.grpc.GetMetricsResponse) RpcProbe.call(channel,
          AuthIT.method("GetMetrics"), io.milvus.grpc.GetMetricsRequest.newBuilder()
              .setRequest("{\"metric_type\": \"quiver_usage\"}").build(), RpcProbe.headers(ADMIN, "tenant_a"));
      assertThat(usage.getStatus().getCode()).isZero();
      assertThat(usage.getResponse()).contains("\"tenant_a\"").doesNotContain("tenant_b").doesNotContain("b_secret");
      // another tenant's compaction job looks like a missing one
      io.milvus.grpc.ManualCompactionResponse compaction = (io.milvus.grpc.ManualCompactionResponse) RpcProbe.call(channel,
          AuthIT.method("ManualCompaction"), io.milvus.grpc.ManualCompactionRequest.newBuilder().setDbName("tenant_b")
              .setCollectionName("b_secret").build(), RpcProbe.headers("root:Milvus", "tenant_b"));
      assertThat(compaction.getStatus().getCode()).isZero();
      Status hiddenJob = RpcProbe.status(RpcProbe.call(channel, AuthIT.method("GetCompactionState"),
          io.milvus.grpc.GetCompactionStateRequest.newBuilder().setCompactionID(compaction.getCompactionID()).build(),
          RpcProbe.headers(ADMIN, "tenant_a")));
      assertThat(hiddenJob.getReason()).isEqualTo("compaction " + compaction.getCompactionID() + " does not exist");
      Status ownerView = RpcProbe.status(RpcProbe.call(channel, AuthIT.method("GetCompactionState"),
          io.milvus.grpc.GetCompactionStateRequest.newBuilder().setCompactionID(compaction.getCompactionID()).build(),
          RpcProbe.headers("root:Milvus", "tenant_b")));
      assertThat(ownerView.getCode()).isZero();
      // resource-group listings leave out other tenants' collections
      DescribeResourceGroupResponse rg = (DescribeResourceGroupResponse) RpcProbe.call(channel,
          AuthIT.method("DescribeResourceGroup"), DescribeResourceGroupRequest.newBuilder()
              .setResourceGroup("__default_resource_group").build(), RpcProbe.headers(ADMIN, "tenant_a"));
      assertThat(rg.getResourceGroup().getNumLoadedReplicaMap()).doesNotContainKey("b_secret");
      ListDatabasesResponse dbs = (ListDatabasesResponse) RpcProbe.call(channel, AuthIT.method("ListDatabases"),
          RpcProbe.emptyRequest(AuthIT.method("ListDatabases")), RpcProbe.headers(OTHER_TENANT, null));
      assertThat(dbs.getDbNamesList()).containsExactly("tenant_b");
    } finally {
      admin.close();
    }
  }

  static String assertThatThrownByMessage(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    Throwable[] t = new Throwable[1];
    assertThatThrownBy(() -> {
      try {
        call.call();
      } catch (Throwable e) {
        t[0] = e;
        throw e;
      }
    }).isNotNull();
    return t[0].getMessage();
  }

  @Test
  void expiredRevokedAndUnknownKeysFail() {
    for (String key : List.of(EXPIRED, REVOKED, ADMIN.substring(0, ADMIN.length() - 2) + "xx", "qk_nosuchkey_"
        + ADMIN.substring(ADMIN.lastIndexOf('_') + 1))) {
      assertThatThrownBy(() -> keyClient(key, "tenant_a")).hasMessageContaining(
          "Failed to initialize connection. Error: auth check failure, please check api key is correct");
    }
  }

  @Test
  void aRevokedKeyStopsWorkingWithinTenSeconds() {
    MilvusClientV2 c = keyClient(TO_REVOKE, "tenant_a");
    try {
      assertThat(c.listDatabases().getDatabaseNames()).containsExactly("tenant_a");
      long revokedAt = System.nanoTime();
      REGISTRY.revoke("klater");
      Awaitility.await().atMost(Duration.ofSeconds(12)).pollInterval(Duration.ofMillis(200)).until(() -> {
        try {
          c.listDatabases();
          return false;
        } catch (io.milvus.v2.exception.MilvusClientException e) {
          return e.getServerErrCode() == 1800;
        }
      });
      long tookMs = (System.nanoTime() - revokedAt) / 1_000_000;
      assertThat(tookMs).as("revocation took %d ms", tookMs).isLessThanOrEqualTo(10_500);
    } finally {
      c.close();
    }
  }

  @Test
  void keysOutliveARegistryOutageUpToTheMaximumStalenessThenFailClosed() {
    MilvusClientV2 c = keyClient(READ, "tenant_a");
    try {
      REGISTRY.outage(503);
      long started = System.nanoTime();
      assertThat(c.listDatabases().getDatabaseNames()).containsExactly("tenant_a");
      Awaitility.await().atMost(Duration.ofSeconds(Long.parseLong(MAX_STALENESS_SECONDS) + 15))
          .pollInterval(Duration.ofMillis(250)).until(() -> {
            try {
              c.listDatabases();
              return false;
            } catch (io.milvus.v2.exception.MilvusClientException e) {
              return e.getServerErrCode() == 1800;
            }
          });
      assertThat((System.nanoTime() - started) / 1_000_000).as("keys keep working for a while during the outage")
          .isGreaterThan(Long.parseLong(MAX_STALENESS_SECONDS) * 1000 - 5_000 - 1_000);
      // root (a Milvus user) is unaffected
      assertThat(root.listDatabases().getDatabaseNames()).contains("tenant_a");
    } finally {
      REGISTRY.outage(0);
    }
    Awaitility.await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> {
      c.listDatabases();
      return true;
    });
    c.close();
  }

  /**
   * Keycloak-style access tokens sent as the Milvus token: one properly RS256-signed for another
   * audience (by a key the data plane has never seen), and an unsigned one ({@code alg=none}) that
   * claims this platform's audience and a tenant-admin group. Neither is a credential the data
   * plane accepts.
   */
  static final String OTHER_AUDIENCE_JWT = jwt("RS256", "other-app");
  static final String UNSIGNED_JWT = jwt("none", "quiver-api");

  static String jwt(String alg, String audience) {
    java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
    long now = System.currentTimeMillis() / 1000;
    String header = "{\"alg\":\"" + alg + "\",\"typ\":\"JWT\",\"kid\":\"kc-rsa-1\"}";
    String claims = "{\"iss\":\"http://127.0.0.1:8080/realms/quiver\",\"aud\":\"" + audience + "\",\"sub\":"
        + "\"5f1c0e6e-0c6b-4c7e-9a55-1b0d2c3e4f50\",\"azp\":\"quiver-console\",\"preferred_username\":\"root\","
        + "\"groups\":[\"/tenants/acme/tenant-admin\"],\"realm_access\":{\"roles\":[\"platform-admin\"]},"
        + "\"iat\":" + now + ",\"exp\":" + (now + 300) + "}";
    String signingInput = b64.encodeToString(header.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(claims.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    if (alg.equals("none")) {
      return signingInput + ".";
    }
    try {
      java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      java.security.Signature signer = java.security.Signature.getInstance("SHA256withRSA");
      signer.initSign(g.generateKeyPair().getPrivate());
      signer.update(signingInput.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      return signingInput + "." + b64.encodeToString(signer.sign());
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every implemented RPC with each token. */
  static java.util.stream.Stream<Arguments> everyRpcWithAnIdentityProviderToken() {
    List<Arguments> out = new ArrayList<>();
    for (MethodDescriptor<Message, Message> md : RpcProbe.implementedMethods()) {
      out.add(Arguments.of(md.getBareMethodName(), md, "another audience", OTHER_AUDIENCE_JWT));
      out.add(Arguments.of(md.getBareMethodName(), md, "alg=none", UNSIGNED_JWT));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} with a token for {2}")
  @MethodSource("everyRpcWithAnIdentityProviderToken")
  void everyRpcRefusesAnIdentityProviderTokenWithAMilvusAuthenticationError(String rpc,
      MethodDescriptor<Message, Message> md, String kind, String token) {
    for (String db : new String[] {"tenant_a", null}) {
      Message response = RpcProbe.call(channel, md, RpcProbe.request(md, db == null ? "default" : db, "a_docs"),
          RpcProbe.headers(token, db));
      Status s = RpcProbe.status(response);
      assertThat(RpcProbe.ok(s)).as("%s with a token for %s must fail", rpc, kind).isFalse();
      assertThat(s.getCode()).as(rpc + ": " + s.getReason()).isEqualTo(1800);
      assertThat(s.getErrorCode()).isEqualTo(io.milvus.grpc.ErrorCode.PermissionDenied);
      assertThat(s.getReason()).isEqualTo("auth check failure, please check api key is correct");
      assertThat(TextFormat.printer().printToString(response)).doesNotContain("b_secret");
    }
  }

  @Test
  void theSdkCannotConnectWithAnIdentityProviderToken() {
    for (String token : List.of(OTHER_AUDIENCE_JWT, UNSIGNED_JWT)) {
      assertThatThrownBy(() -> keyClient(token, "tenant_a")).hasMessageContaining(
          "Failed to initialize connection. Error: auth check failure, please check api key is correct");
    }
  }
}
