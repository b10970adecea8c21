package io.quiver.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import io.milvus.grpc.CreateCollectionRequest;
import io.milvus.grpc.CreateDatabaseRequest;
import io.milvus.grpc.DescribeCollectionRequest;
import io.milvus.grpc.DropDatabaseRequest;
import io.milvus.grpc.InsertRequest;
import io.milvus.grpc.RenameCollectionRequest;
import io.milvus.grpc.SearchRequest;
import io.milvus.grpc.SelectGrantRequest;
import io.milvus.grpc.SelectUserRequest;
import io.milvus.grpc.ShowCollectionsRequest;
import io.milvus.grpc.UpdateCredentialRequest;
import io.quiver.engine.error.ErrorCode;
import io.quiver.engine.error.QuiverException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuthorizerTest {

  RbacStore store;
  Authorizer authorizer;

  @BeforeEach
  void setUp() throws Exception {
    store = RbacStore.open(RbacStore.inMemory(), new PasswordHasher(1_000), "Milvus");
    authorizer = new Authorizer(store, (db, name) -> "books_alias".equals(name) ? "books" : name);
    store.createUser("alice", "alice-pw");
    store.createUser("admin_user", "admin-pw");
    store.operateUserRole("admin_user", "admin", true);
    store.createRole("searcher");
    store.operateUserRole("alice", "searcher", true);
    store.operatePrivilege(new RbacStore.Grant("searcher", "Collection", "books", "db1", "Search", "root"), true);
  }

  QuiverException check(Principal p, String rpc, Message request, String headerDb) {
    PrivilegeTable.Rule rule = PrivilegeTable.rule(rpc);
    return authorizer.check(p, rule, rule.target(request, headerDb));
  }

  static SearchRequest search(String db, String collection) {
    return SearchRequest.newBuilder().setDbName(db).setCollectionName(collection).build();
  }

  @Test
  void rootAdminsAndAnonymousMayDoEverything() {
    for (Principal p : List.of(new Principal.User("root"), new Principal.User("admin_user"), Principal.ANONYMOUS)) {
      assertThat(check(p, "DropDatabase", DropDatabaseRequest.newBuilder().setDbName("x").build(), "")).isNull();
      assertThat(check(p, "Insert", InsertRequest.newBuilder().setCollectionName("c").build(), "")).isNull();
      assertThat(check(p, "SelectGrant", SelectGrantRequest.getDefaultInstance(), "")).isNull();
    }
  }

  @Test
  void aCollectionGrantAllowsExactlyThatCollectionPrivilegeAndDatabase() {
    Principal alice = new Principal.User("alice");
    assertThat(check(alice, "Search", search("db1", "books"), "")).isNull();
    assertThat(check(alice, "Search", search("", "books"), "db1")).isNull(); // database from the header
    assertThat(check(alice, "Search", search("db1", "books_alias"), "")).isNull(); // alias of books
    QuiverException insert = check(alice, "Insert", InsertRequest.newBuilder().setDbName("db1").setCollectionName("books").build(), "");
    assertThat(insert.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
    assertThat(insert.getMessage()).isEqualTo("PrivilegeInsert: permission deny to alice in the `db1` database");
    assertThat(check(alice, "Search", search("db1", "movies"), "")).isNotNull();
    assertThat(check(alice, "Search", search("db2", "books"), "")).isNotNull();
    assertThat(check(alice, "Search", search("", "books"), "")).isNotNull(); // default database
    assertThat(check(alice, "DescribeCollection", DescribeCollectionRequest.newBuilder().setDbName("db1")
        .setCollectionName("books").build(), "")).isNotNull();
    assertThat(check(alice, "CreateCollection", CreateCollectionRequest.newBuilder().setDbName("db1").build(), "")).isNotNull();
  }

  @Test
  void wildcardsGroupsAndPublicApply() {
    Principal alice = new Principal.User("alice");
    store.operatePrivilege(new RbacStore.Grant("public", "Global", "*", "*", "DatabaseReadOnly", "root"), true);
    assertThat(check(alice, "ShowCollections", ShowCollectionsRequest.newBuilder().setDbName("any").build(), "")).isNull();
    store.createGroup("writes");
    store.operateGroup("writes", List.of("Insert"), true);
    store.operatePrivilege(new RbacStore.Grant("searcher", "Collection", "*", "db1", "writes", "root"), true);
    assertThat(check(alice, "Insert", InsertRequest.newBuilder().setDbName("db1").setCollectionName("any").build(), "")).isNull();
    assertThat(check(alice, "Insert", InsertRequest.newBuilder().setDbName("db2").setCollectionName("any").build(), "")).isNotNull();
    store.operateGroup("writes", List.of("Insert"), false); // groups resolve at check time
    assertThat(check(alice, "Insert", InsertRequest.newBuilder().setDbName("db1").setCollectionName("any").build(), "")).isNotNull();
    store.operatePrivilege(new RbacStore.Grant("searcher", "Global", "*", "*", "*", "root"), true);
    assertThat(check(alice, "CreateCollection", CreateCollectionRequest.newBuilder().setDbName("db7").build(), "")).isNull();
  }

  @Test
  void usersMayReadAndChangeThemselvesAndTheirRolesGrants() {
    Principal alice = new Principal.User("alice");
    assertThat(check(alice, "UpdateCredential", UpdateCredentialRequest.newBuilder().setUsername("alice").build(), "")).isNull();
    assertThat(check(alice, "UpdateCredential", UpdateCredentialRequest.newBuilder().setUsername("root").build(), "")).isNotNull();
    assertThat(check(alice, "SelectUser", SelectUserRequest.newBuilder().setUser(io.milvus.grpc.UserEntity.newBuilder()
        .setName("alice")).build(), "")).isNull();
    assertThat(check(alice, "SelectUser", SelectUserRequest.getDefaultInstance(), "")).isNotNull();
    assertThat(check(alice, "SelectGrant", SelectGrantRequest.newBuilder().setEntity(io.milvus.grpc.GrantEntity.newBuilder()
        .setRole(io.milvus.grpc.RoleEntity.newBuilder().setName("searcher"))).build(), "")).isNull();
    assertThat(check(alice, "SelectGrant", SelectGrantRequest.newBuilder().setEntity(io.milvus.grpc.GrantEntity.newBuilder()
        .setRole(io.milvus.grpc.RoleEntity.newBuilder().setName("admin"))).build(), "")).isNotNull();
  }

  static Principal key(ApiKey.Role role, String... dbs) {
    return new Principal.Key(new ApiKey("k1", "acme", Set.of(dbs), role, new byte[32], null, false));
  }

  @Test
  void apiKeysOutsideTheirDatabasesSeeTheUnknownDatabaseError() {
    Principal k = key(ApiKey.Role.ADMIN, "a");
    assertThat(check(k, "Search", search("a", "x"), "")).isNull();
    assertThat(check(k, "Search", search("", "x"), "a")).isNull();
    QuiverException other = check(k, "Search", search("b", "x"), "");
    assertThat(other.code()).isEqualTo(ErrorCode.DATABASE_NOT_FOUND);
    assertThat(other.getMessage()).isEqualTo("database not found[database=b]");
    assertThat(check(k, "Search", search("", "x"), "b").getMessage()).isEqualTo("database not found[database=b]");
    assertThat(check(k, "Search", search("", "x"), "").getMessage()).isEqualTo("database not found[database=default]");
    assertThat(check(k, "DropDatabase", DropDatabaseRequest.newBuilder().setDbName("b").build(), "a").getMessage())
        .isEqualTo("database not found[database=b]");
    assertThat(check(k, "RenameCollection", RenameCollectionRequest.newBuilder().setDbName("a").setOldName("x")
        .setNewDBName("b").setNewName("y").build(), "").getMessage()).isEqualTo("database not found[database=b]");
    // creating a database outside the key's scope is a permission error (and never depends on existence)
    assertThat(check(k, "CreateDatabase", CreateDatabaseRequest.newBuilder().setDbName("b").build(), "").code())
        .isEqualTo(ErrorCode.PERMISSION_DENIED);
    assertThat(check(k, "CreateDatabase", CreateDatabaseRequest.newBuilder().setDbName("a").build(), "")).isNull();
    // keys never manage Milvus users
    assertThat(check(k, "SelectGrant", SelectGrantRequest.getDefaultInstance(), "a").code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
  }

  @Test
  void apiKeyRolesGateThePrivileges() {
    Principal read = key(ApiKey.Role.READ, "a");
    Principal write = key(ApiKey.Role.WRITE, "a");
    InsertRequest insert = InsertRequest.newBuilder().setDbName("a").setCollectionName("x").build();
    CreateCollectionRequest create = CreateCollectionRequest.newBuilder().setDbName("a").setCollectionName("x").build();
    assertThat(check(read, "Search", search("a", "x"), "")).isNull();
    assertThat(check(read, "Insert", insert, "").code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
    assertThat(check(write, "Insert", insert, "")).isNull();
    assertThat(check(write, "CreateCollection", create, "").getMessage())
        .isEqualTo("PrivilegeCreateCollection: permission deny to api key k1 in the `a` database");
    assertThat(check(key(ApiKey.Role.ADMIN, "*"), "CreateCollection", create, "")).isNull();
  }

  @Test
  void visibilityFollowsScopeAndGrants() {
    Principal alice = new Principal.User("alice");
    assertThat(authorizer.databaseVisible(alice, "db1")).isTrue();
    assertThat(authorizer.databaseVisible(alice, "default")).isFalse();
    assertThat(authorizer.collectionVisible(alice, "db1", "books")).isTrue();
    assertThat(authorizer.collectionVisible(alice, "db1", "movies")).isFalse();
    Principal k = key(ApiKey.Role.READ, "a");
    assertThat(authorizer.databaseVisible(k, "a")).isTrue();
    assertThat(authorizer.databaseVisible(k, "b")).isFalse();
    assertThat(authorizer.collectionVisible(k, "b", "x")).isFalse();
    assertThat(authorizer.allowed(k, "FlushAll", "a", null)).isFalse();
    assertThat(authorizer.allowed(key(ApiKey.Role.WRITE, "a"), "FlushAll", "a", null)).isTrue();
    assertThat(authorizer.databaseVisible(new Principal.User("root"), "anything")).isTrue();
  }

  @Test
  void privilegeExpansion() {
    assertThat(Privileges.covers("*", "Search", Map.of())).isTrue();
    assertThat(Privileges.covers("All", "CreateDatabase", Map.of())).isTrue();
    assertThat(Privileges.covers("CollectionReadOnly", "Search", Map.of())).isTrue();
    assertThat(Privileges.covers("CollectionReadOnly", "Insert", Map.of())).isFalse();
    assertThat(Privileges.covers("CollectionReadWrite", "Insert", Map.of())).isTrue();
    assertThat(Privileges.covers("DatabaseAdmin", "CreateCollection", Map.of())).isTrue();
    assertThat(Privileges.covers("ClusterAdmin", "CreateDatabase", Map.of())).isTrue();
    assertThat(Privileges.covers("mine", "Query", Map.of("mine", Set.of("Query")))).isTrue();
    assertThat(Privileges.covers("unknown", "Query", Map.of())).isFalse();
    assertThat(Privileges.level("ClusterReadOnly")).isEqualTo(Privileges.Level.CLUSTER);
    assertThat(Privileges.level("DatabaseAdmin")).isEqualTo(Privileges.Level.DATABASE);
    assertThat(Privileges.level("Search")).isEqualTo(Privileges.Level.COLLECTION);
    assertThat(Privileges.level("CreateDatabase")).isEqualTo(Privileges.Level.CLUSTER);
    assertThat(Privileges.level("CreateCollection")).isEqualTo(Privileges.Level.DATABASE);
    assertThat(Privileges.SINGLE).contains("Search", "AddCollectionField", "CreatePrivilegeGroup").doesNotContain("All",
        "ReadOnly", "ClusterAdmin");
  }
}
