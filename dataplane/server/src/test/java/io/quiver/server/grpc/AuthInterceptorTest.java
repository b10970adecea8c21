package io.quiver.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import com.sun.net.httpserver.HttpServer;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.milvus.grpc.CheckHealthResponse;
import io.milvus.grpc.CreateCredentialRequest;
import io.milvus.grpc.CreateDatabaseRequest;
import io.milvus.grpc.DescribeDatabaseRequest;
import io.milvus.grpc.ListDatabasesRequest;
import io.milvus.grpc.ListDatabasesResponse;
import io.milvus.grpc.MilvusServiceGrpc;
import io.milvus.grpc.Status;
import io.quiver.engine.query.RowFilter;
import io.quiver.engine.segment.TimestampOracle;
import io.quiver.server.auth.AuditEvent;
import io.quiver.server.auth.PasswordHasher;
import io.quiver.server.auth.RbacStore;
import io.quiver.server.auth.Secrets;
import io.quiver.server.auth.Security;
import io.quiver.server.auth.SecurityConfig;
import io.quiver.server.runtime.DataPlane;
import io.quiver.server.runtime.DataPlaneConfig;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The interceptor in process: every RPC authenticated, denials as Milvus statuses, audit events. */
class AuthInterceptorTest {

  static final String SECRET = "s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t-00";
  static DataPlane plane;
  static Security security;
  static GrpcServer server;
  static ManagedChannel channel;
  static HttpServer keys;
  static final List<AuditEvent> audit = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    keys = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    keys.createContext("/keys", ex -> {
      String body = "{\"revision\":1,\"keys\":[{\"id\":\"ka\",\"tenant\":\"acme\",\"databases\":[\"a\"],\"role\":\"admin\","
          + "\"sha256\":\"" + Secrets.hex(Secrets.sha256(SECRET)) + "\",\"expiresAt\":null,\"revoked\":false}]}";
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    });
    keys.start();
    InMemoryDurability durability = new InMemoryDurability();
    plane = new DataPlane(DataPlaneConfig.defaults(), durability, (e, s, t) -> RowFilter.ALL, new TimestampOracle(0));
    plane.ensureDefaultDatabase();
    plane.createDatabase("a", java.util.Map.of());
    plane.createDatabase("b", java.util.Map.of());
    SecurityConfig config = new SecurityConfig(true, "Milvus",
        URI.create("http://127.0.0.1:" + keys.getAddress().getPort() + "/keys"), "token", Duration.ofMillis(200),
        Duration.ofSeconds(60), null, 10_000);
    RbacStore.Persistence persistence = new RbacStore.Persistence() {
      @Override
      public java.util.Map<String, byte[]> load() {
        return durability.loadAccessControl();
      }

      @Override
      public void apply(java.util.Map<String, byte[]> puts, java.util.Collection<String> deletes) {
        durability.saveAccessControl(puts, deletes);
      }
    };
    security = Security.start(config, persistence, (db, name) -> name, audit::add, new PasswordHasher(1_000));
    server = GrpcServer.start("127.0.0.1", 0, 64L << 20, new MilvusService(plane, "test", security));
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> security.keys().usable());
  }

  @AfterAll
  static void stop() throws Exception {
    channel.shutdownNow();
    server.close();
    security.close();
    plane.close();
    keys.stop(0);
  }

  @BeforeEach
  void clearAudit() {
    audit.clear();
  }

  static MethodDescriptor<Message, Message> method(String rpc) {
    for (MethodDescriptor<Message, Message> md : RpcProbe.implementedMethods()) {
      if (md.getBareMethodName().equals(rpc)) {
        return md;
      }
    }
    throw new AssertionError(rpc);
  }

  static Status call(String rpc, Message request, String credentials, String db) {
    return RpcProbe.status(RpcProbe.call(channel, method(rpc), request, RpcProbe.headers(credentials, db)));
  }

  @Test
  void everyImplementedRpcRefusesMissingOrWrongCredentialsWithAMilvusStatus() {
    List<String> credentials = new ArrayList<>();
    credentials.add(null);
    credentials.add("root:wrong");
    credentials.add("nobody:Milvus");
    credentials.add("qk_ka_" + SECRET.replace('s', 'z'));
    credentials.add("qk_nokey_" + SECRET);
    credentials.add("not-a-token");
    int calls = 0;
    for (MethodDescriptor<Message, Message> md : RpcProbe.implementedMethods()) {
      for (String c : credentials) {
        Status s = RpcProbe.status(RpcProbe.call(channel, md, RpcProbe.emptyRequest(md), RpcProbe.headers(c, null)));
        assertThat(s.getCode()).as(md.getBareMethodName() + " with " + c).isEqualTo(1800);
        assertThat(s.getErrorCode()).isEqualTo(io.milvus.grpc.ErrorCode.PermissionDenied);
        assertThat(s.getReason()).startsWith(c == null ? "missing authorization" : "auth check failure");
        calls++;
      }
    }
    assertThat(calls).isGreaterThan(70 * credentials.size());
    // a header that is not base64
    Metadata bad = new Metadata();
    bad.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "%%%");
    Status s = RpcProbe.status(RpcProbe.call(channel, method("CheckHealth"), RpcProbe.emptyRequest(method("CheckHealth")), bad));
    assertThat(s.getCode()).isEqualTo(1800);
    assertThat(s.getReason()).isEqualTo("invalid token format");
  }

  @Test
  void rootAndValidKeysGetThrough() {
    CheckHealthResponse health = MilvusServiceGrpc.newBlockingStub(channel)
        .withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(RpcProbe.headers("root:Milvus", null)))
        .checkHealth(io.milvus.grpc.CheckHealthRequest.getDefaultInstance());
    assertThat(health.getIsHealthy()).isTrue();
    assertThat(RpcProbe.ok(call("DescribeDatabase", DescribeDatabaseRequest.newBuilder().setDbName("a").build(),
        "qk_ka_" + SECRET, null))).isTrue();
  }

  @Test
  void aKeyOutsideItsDatabasesGetsExactlyTheUnknownDatabaseError() {
    Status hidden = call("DescribeDatabase", DescribeDatabaseRequest.newBuilder().setDbName("b").build(), "qk_ka_" + SECRET, null);
    Status missing = call("DescribeDatabase", DescribeDatabaseRequest.newBuilder().setDbName("b_missing").build(), "root:Milvus",
        null);
    assertThat(missing.getCode()).isEqualTo(800);
    assertThat(hidden.toBuilder().setReason(hidden.getReason().replace("[database=b]", "[database=b_missing]")).build())
        .isEqualTo(missing);
    ListDatabasesResponse list = (ListDatabasesResponse) RpcProbe.call(channel, method("ListDatabases"),
        ListDatabasesRequest.getDefaultInstance(), RpcProbe.headers("qk_ka_" + SECRET, "a"));
    assertThat(list.getDbNamesList()).containsExactly("a");
    ListDatabasesResponse all = (ListDatabasesResponse) RpcProbe.call(channel, method("ListDatabases"),
        ListDatabasesRequest.getDefaultInstance(), RpcProbe.headers("root:Milvus", null));
    assertThat(all.getDbNamesList()).contains("default", "a", "b");
  }

  @Test
  void administrativeCallsAreAudited() {
    Status created = call("CreateDatabase", CreateDatabaseRequest.newBuilder().setDbName("audited").build(), "root:Milvus", null);
    assertThat(RpcProbe.ok(created)).isTrue();
    call("CreateCredential", CreateCredentialRequest.newBuilder().setUsername("eve")
        .setPassword(Base64.getEncoder().encodeToString("eve-password".getBytes(StandardCharsets.UTF_8))).build(),
        "root:Milvus", null);
    Status denied = call("CreateDatabase", CreateDatabaseRequest.newBuilder().setDbName("x").build(), "eve:eve-password", null);
    assertThat(denied.getCode()).isEqualTo(1401);
    assertThat(denied.getReason()).isEqualTo("PrivilegeCreateDatabase: permission deny to eve in the `x` database");
    call("CreateDatabase", CreateDatabaseRequest.newBuilder().setDbName("y").build(), null, null);
    Status failed = call("CreateDatabase", CreateDatabaseRequest.newBuilder().setDbName("audited").build(), "root:Milvus", null);
    assertThat(RpcProbe.ok(failed)).isFalse();
    call("CreateDatabase", CreateDatabaseRequest.newBuilder().setDbName("zz").build(), "qk_ka_" + SECRET, null);
    call("ListDatabases", ListDatabasesRequest.getDefaultInstance(), "root:Milvus", null); // not administrative

    assertThat(audit).extracting(AuditEvent::action).containsExactly("CreateDatabase", "CreateCredential", "CreateDatabase",
        "CreateDatabase", "CreateDatabase", "CreateDatabase");
    assertThat(audit.get(0)).satisfies(e -> {
      assertThat(e.actor()).isEqualTo("root");
      assertThat(e.target()).isEqualTo("audited");
      assertThat(e.result()).isEqualTo("success");
      assertThat(e.source()).contains("127.0.0.1");
    });
    assertThat(audit.get(1).target()).isEqualTo("user eve");
    assertThat(audit.get(2).actor()).isEqualTo("eve");
    assertThat(audit.get(2).result()).startsWith("denied: PrivilegeCreateDatabase");
    assertThat(audit.get(3).actor()).isEqualTo("unauthenticated");
    assertThat(audit.get(3).target()).isEqualTo("y");
    assertThat(audit.get(3).result()).isEqualTo("denied: missing authorization in header");
    assertThat(audit.get(4).result()).startsWith("failed: database already exist");
    assertThat(audit.get(5).actor()).isEqualTo("apikey:ka");
    assertThat(audit.get(5).tenant()).isEqualTo("acme");
    assertThat(audit.get(5).result()).startsWith("denied: PrivilegeCreateDatabase");
    assertThat(io.quiver.server.auth.LogAuditSink.line(audit.get(0))).startsWith("{\"audit\":\"quiver\",\"time\":\"")
        .contains("\"actor\":\"root\"", "\"action\":\"CreateDatabase\"", "\"result\":\"success\"");
  }
}
