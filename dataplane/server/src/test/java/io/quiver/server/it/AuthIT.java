package io.quiver.server.it;

import static io.quiver.server.it.SdkSupport.assertServerError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.protobuf.Message;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.milvus.grpc.InsertRequest;
import io.milvus.grpc.Status;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.exception.MilvusClientException;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.milvus.v2.service.rbac.request.CreateRoleReq;
import io.milvus.v2.service.rbac.request.CreateUserReq;
import io.milvus.v2.service.rbac.request.DescribeRoleReq;
import io.milvus.v2.service.rbac.request.DescribeUserReq;
import io.milvus.v2.service.rbac.request.DropUserReq;
import io.milvus.v2.service.rbac.request.GrantPrivilegeReq;
import io.milvus.v2.service.rbac.request.GrantPrivilegeReqV2;
import io.milvus.v2.service.rbac.request.GrantRoleReq;
import io.milvus.v2.service.rbac.request.UpdatePasswordReq;
import io.milvus.v2.service.rbac.response.DescribeRoleResp;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.response.SearchResp;
import io.quiver.server.grpc.RpcProbe;
import io.quiver.testkit.dataplane.QuiverStandaloneExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A server with {@code security.authorization-enabled=true}, driven through the Java SDK and raw
 * stubs: root's default password, refused credentials on every RPC, Milvus users, roles and
 * grants end to end, and their survival across a restart.
 */
class AuthIT {

  @RegisterExtension
  static final QuiverStandaloneExtension QUIVER = QuiverStandaloneExtension.create()
      .with("security.authorization-enabled", "true");

  static MilvusClientV2 root;
  static ManagedChannel channel;

  @BeforeAll
  static void connect() {
    root = client("root", "Milvus");
    channel = SdkSupport.channel(QUIVER);
  }

  @AfterAll
  static void close() throws InterruptedException {
    root.close();
    SdkSupport.close(channel);
  }

  static MilvusClientV2 client(String user, String password) {
    return SdkSupport.client(ConnectConfig.builder().uri(QUIVER.uri()).username(user).password(password)
        .rpcDeadlineMs(120_000).build());
  }

  @Test
  void rootWithMilvusDefaultPasswordCanDoEverything() {
    assertThat(root.listDatabases().getDatabaseNames()).contains("default");
    assertThat(root.listUsers()).contains("root");
    assertThat(root.describeUser(DescribeUserReq.builder().userName("root").build()).getRoles()).containsExactly("admin");
    assertThat(root.listRoles()).contains("admin", "public");
    // the same credentials as a token
    MilvusClientV2 byToken = SdkSupport.client(ConnectConfig.builder().uri(QUIVER.uri()).token("root:Milvus").build());
    assertThat(byToken.checkHealth().getIsHealthy()).isTrue();
    byToken.close();
  }

  @Test
  void wrongPasswordUnknownUserAndNoCredentialsFailToConnect() {
    for (ConnectConfig bad : List.of(
        ConnectConfig.builder().uri(QUIVER.uri()).username("root").password("milvus").build(),
        ConnectConfig.builder().uri(QUIVER.uri()).username("nobody").password("Milvus").build(),
        ConnectConfig.builder().uri(QUIVER.uri()).token("qk_nokey_0123456789abcdef0123456789abcdef").build(),
        ConnectConfig.builder().uri(QUIVER.uri()).build())) {
      long started = System.nanoTime();
      assertThatThrownBy(() -> new MilvusClientV2(bad)).hasMessageContaining("Failed to initialize connection")
          .satisfies(e -> assertThat(e.getMessage()).containsAnyOf("auth check failure", "missing authorization"));
      assertThat((System.nanoTime() - started) / 1_000_000).as("fails at once, no retries").isLessThan(10_000);
    }
  }

  /** Every implemented RPC with each kind of bad credentials. */
  static Stream<Arguments> everyRpcWithBadCredentials() {
    List<Arguments> out = new ArrayList<>();
    for (MethodDescriptor<Message, Message> md : RpcProbe.implementedMethods()) {
      for (String credentials : new String[] {null, "root:wrong-password", "nobody:Milvus"}) {
        out.add(Arguments.of(md.getBareMethodName(), md, credentials));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} with {2}")
  @MethodSource("everyRpcWithBadCredentials")
  void everyRpcRefusesBadCredentialsWithAMilvusAuthenticationError(String rpc, MethodDescriptor<Message, Message> md,
      String credentials) {
    Message request = RpcProbe.request(md, "default", "some_collection");
    Status s = RpcProbe.status(RpcProbe.call(channel, md, request, RpcProbe.headers(credentials, null)));
    assertThat(RpcProbe.ok(s)).isFalse();
    assertThat(s.getCode()).isEqualTo(1800);
    assertThat(s.getErrorCode()).isEqualTo(io.milvus.grpc.ErrorCode.PermissionDenied);
    assertThat(s.getReason()).isEqualTo(credentials == null ? "missing authorization in header"
        : "auth check failure, please check username and password are correct");
  }

  @Test
  void aRevokedUserFailsFastEvenWithTheDefaultRetryPolicy() {
    root.createUser(CreateUserReq.builder().userName("temp").password("temp-password").build());
    MilvusClientV2 temp = new MilvusClientV2(ConnectConfig.builder().uri(QUIVER.uri()).username("temp")
        .password("temp-password").build()); // default RetryConfig: 75 attempts for retriable errors
    try {
      temp.checkHealth();
      root.dropUser(DropUserReq.builder().userName("temp").build());
      long started = System.nanoTime();
      MilvusClientException e = (MilvusClientException) org.junit.jupiter.api.Assertions.assertThrows(
          MilvusClientException.class, temp::listDatabases);
      assertThat(e.getServerErrCode()).isEqualTo(1800);
      assertThat((System.nanoTime() - started) / 1_000_000).as("not retried").isLessThan(5_000);
    } finally {
      temp.close();
    }
  }

  static void createCollectionWithRows(MilvusClientV2 c, String name) {
    NamespacesIT.createWithRows(c, "", name, 10);
  }

  static SearchResp search(MilvusClientV2 c, String collection) {
    return c.search(SearchReq.builder().collectionName(collection).annsField("vec")
        .data(SdkSupport.queries(new float[] {3, 0})).limit(2).build());
  }

  @Test
  void aUserWithOnlySearchOnOneCollectionCanSearchItAndNothingElse() {
    createCollectionWithRows(root, "books");
    createCollectionWithRows(root, "movies");
    root.createUser(CreateUserReq.builder().userName("alice").password("alice-password").build());
    root.createRole(CreateRoleReq.builder().roleName("book_searcher").build());
    root.grantPrivilegeV2(GrantPrivilegeReqV2.builder().roleName("book_searcher").privilege("Search").dbName("default")
        .collectionName("books").build());
    root.grantRole(GrantRoleReq.builder().roleName("book_searcher").userName("alice").build());

    MilvusClientV2 alice = client("alice", "alice-password");
    try {
      assertThat(search(alice, "books").getSearchResults().get(0)).hasSize(2);
      // cannot insert: the SDK's describe before the insert is refused, and so is the Insert RPC itself
      JsonObject row = NamespacesIT.rows(100, 101, "x").get(0);
      assertServerError(() -> alice.insert(InsertReq.builder().collectionName("books").data(List.of(row)).build()),
          "permission deny to alice");
      Status insert = RpcProbe.status(RpcProbe.call(channel, method("Insert"),
          InsertRequest.newBuilder().setCollectionName("books").build(), RpcProbe.headers("alice:alice-password", null)));
      assertThat(insert.getCode()).isEqualTo(1401);
      assertThat(insert.getReason()).isEqualTo("PrivilegeInsert: permission deny to alice in the `default` database");
      // cannot see the other collection
      assertServerError(() -> search(alice, "movies"), "PrivilegeSearch: permission deny to alice");
      assertServerError(() -> alice.describeCollection(DescribeCollectionReq.builder().collectionName("movies").build()),
          "permission deny");
      assertServerError(() -> alice.hasCollection(HasCollectionReq.builder().collectionName("movies").build()),
          "permission deny");
      assertThat(alice.listCollections().getCollectionNames()).containsExactly("books");
      assertServerError(() -> alice.createRole(CreateRoleReq.builder().roleName("mine").build()), "permission deny");
      // she may read and change what is hers
      assertThat(alice.describeUser(DescribeUserReq.builder().userName("alice").build()).getRoles())
          .containsExactly("book_searcher");
      DescribeRoleResp grants = alice.describeRole(DescribeRoleReq.builder().roleName("book_searcher").build());
      assertThat(grants.getGrantInfos()).singleElement().satisfies(g -> {
        assertThat(g.getPrivilege()).isEqualTo("Search");
        assertThat(g.getObjectName()).isEqualTo("books");
        assertThat(g.getDbName()).isEqualTo("default");
        assertThat(g.getObjectType()).isEqualTo("Collection");
        assertThat(g.getGrantor()).isEqualTo("root");
      });
      assertServerError(() -> alice.updatePassword(UpdatePasswordReq.builder().userName("alice").password("wrong-password")
          .newPassword("alice-password-2").build()), "old password not correct");
      alice.updatePassword(UpdatePasswordReq.builder().userName("alice").password("alice-password")
          .newPassword("alice-password-2").build());
    } finally {
      alice.close();
    }
    assertThatThrownBy(() -> client("alice", "alice-password")).hasMessageContaining("auth check failure");
    MilvusClientV2 again = client("alice", "alice-password-2");
    assertThat(search(again, "books").getSearchResults().get(0)).hasSize(2);
    again.close();
    // root resets a password without the old one
    root.updatePassword(UpdatePasswordReq.builder().userName("alice").password("").newPassword("reset-by-root").build());
    client("alice", "reset-by-root").close();
  }

  @Test
  void usersRolesAndGrantsSurviveARestart() throws Exception {
    createCollectionWithRows(root, "durable_books");
    root.createUser(CreateUserReq.builder().userName("bob").password("bob-password").build());
    root.createRole(CreateRoleReq.builder().roleName("durable_reader").build());
    root.grantPrivilege(GrantPrivilegeReq.builder().roleName("durable_reader").objectType("Collection")
        .objectName("durable_books").privilege("Search").build());
    root.grantRole(GrantRoleReq.builder().roleName("durable_reader").userName("bob").build());
    root.close();

    QUIVER.restart();

    root = client("root", "Milvus");
    assertThat(root.listUsers()).contains("root", "bob");
    assertThat(root.listRoles()).contains("durable_reader");
    assertThat(root.describeRole(DescribeRoleReq.builder().roleName("durable_reader").dbName("default").build())
        .getGrantInfos()).extracting(DescribeRoleResp.GrantInfo::getPrivilege).containsExactly("Search");
    MilvusClientV2 bob = client("bob", "bob-password");
    try {
      assertThat(search(bob, "durable_books").getSearchResults().get(0)).hasSize(2);
      assertServerError(() -> search(bob, "books_elsewhere"), "permission deny to bob");
    } finally {
      bob.close();
    }
    assertThatThrownBy(() -> client("bob", "wrong-password")).hasMessageContaining("auth check failure");
  }

  static MethodDescriptor<Message, Message> method(String rpc) {
    return RpcProbe.implementedMethods().stream().filter(m -> m.getBareMethodName().equals(rpc)).findFirst().orElseThrow();
  }
}
