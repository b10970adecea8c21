package io.quiver.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.engine.error.ErrorCode;
import io.quiver.engine.error.QuiverException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RbacStoreTest {

  final PasswordHasher hasher = new PasswordHasher(1_000);
  RbacStore.Persistence persistence;
  RbacStore store;

  @BeforeEach
  void open() throws Exception {
    persistence = RbacStore.inMemory();
    store = RbacStore.open(persistence, hasher, "Milvus");
  }

  RbacStore reopen(String rootPassword) throws Exception {
    return RbacStore.open(persistence, hasher, rootPassword);
  }

  @Test
  void rootIsCreatedOnceWithTheConfiguredPasswordStoredOnlyHashed() throws Exception {
    assertThat(store.verifyPassword("root", "Milvus")).isTrue();
    assertThat(store.verifyPassword("root", "milvus")).isFalse();
    assertThat(store.state().users().get("root").roles()).containsExactly("admin");
    Map<String, byte[]> records = persistence.load();
    assertThat(records).containsOnlyKeys("rbac/user/root");
    assertThat(new String(records.get("rbac/user/root"))).doesNotContain("Milvus").contains("pbkdf2-sha512$");
    // a later start with another configured password keeps the stored one
    RbacStore again = reopen("Other123");
    assertThat(again.verifyPassword("root", "Milvus")).isTrue();
    assertThat(again.verifyPassword("root", "Other123")).isFalse();
  }

  @Test
  void usersRolesGrantsAndGroupsSurviveAReopen() throws Exception {
    store.createUser("alice", "alice-pw");
    store.createRole("reader");
    store.operateUserRole("alice", "reader", true);
    store.operatePrivilege(new RbacStore.Grant("reader", "Collection", "books", "db1", "Search", "root"), true);
    store.createGroup("mine");
    store.operateGroup("mine", List.of("Query", "Search"), true);
    store.operatePrivilege(new RbacStore.Grant("reader", "Global", "*", "db1", "mine", "root"), true);

    RbacStore again = reopen("Milvus");
    assertThat(again.verifyPassword("alice", "alice-pw")).isTrue();
    assertThat(again.roleNames()).containsExactly("admin", "public", "reader");
    assertThat(again.usersOf("reader")).containsExactly("alice");
    assertThat(again.state().rolesOf("alice")).containsExactlyInAnyOrder("reader", "public");
    assertThat(again.grants("reader", "", "", "")).extracting(RbacStore.Grant::privilege).containsExactlyInAnyOrder("Search", "mine");
    assertThat(again.state().groups().get("mine")).containsExactly("Query", "Search");
  }

  @Test
  void passwordsAreCheckedAndChanged() {
    store.createUser("bob", "bob-password");
    assertThat(store.verifyPassword("bob", "bob-password")).isTrue();
    assertThat(store.verifyPassword("bob", "bob-password")).isTrue(); // the cached path
    assertThat(store.verifyPassword("bob", "wrong-password")).isFalse();
    assertThat(store.verifyPassword("nobody", "bob-password")).isFalse();
    assertThatThrownBy(() -> store.updatePassword("bob", "wrong-password", "new-password", false))
        .isInstanceOf(QuiverException.class).hasMessageContaining("old password");
    store.updatePassword("bob", "bob-password", "new-password", false);
    assertThat(store.verifyPassword("bob", "bob-password")).isFalse();
    assertThat(store.verifyPassword("bob", "new-password")).isTrue();
    store.updatePassword("bob", "", "reset-by-root", true);
    assertThat(store.verifyPassword("bob", "reset-by-root")).isTrue();
    assertThat(store.verifyPassword("bob", "new-password")).isFalse();
  }

  @Test
  void validatesNamesPasswordsAndDuplicates() {
    assertThatThrownBy(() -> store.createUser("1abc", "password")).hasMessageContaining("invalid user name");
    assertThatThrownBy(() -> store.createUser("a/b", "password")).hasMessageContaining("invalid user name");
    assertThatThrownBy(() -> store.createUser("abc", "short")).hasMessageContaining("length of a password");
    assertThatThrownBy(() -> store.createUser("root", "password")).hasMessageContaining("already exists");
    assertThatThrownBy(() -> store.createRole("admin")).hasMessageContaining("already exists");
    assertThatThrownBy(() -> store.createRole("bad-name")).hasMessageContaining("invalid role name");
    assertThatThrownBy(() -> store.createGroup("Search")).hasMessageContaining("built-in");
    assertThatThrownBy(() -> store.createGroup("ClusterAdmin")).hasMessageContaining("built-in");
    assertThatThrownBy(() -> store.deleteUser("root")).hasMessageContaining("cannot be deleted");
    assertThatThrownBy(() -> store.dropRole("admin", true)).hasMessageContaining("cannot be dropped");
    assertThatThrownBy(() -> store.dropRole("public", true)).hasMessageContaining("cannot be dropped");
    store.createRole("r1");
    assertThatThrownBy(() -> store.operatePrivilege(new RbacStore.Grant("r1", "Table", "*", "db", "Search", "root"), true))
        .hasMessageContaining("object type");
    assertThatThrownBy(() -> store.operatePrivilege(new RbacStore.Grant("r1", "Global", "*", "db", "Fly", "root"), true))
        .hasMessageContaining("not a privilege");
    assertThatThrownBy(() -> store.operatePrivilege(new RbacStore.Grant("r1", "Global", "a/b", "db", "Search", "root"), true))
        .hasMessageContaining("object name");
    assertThatThrownBy(() -> store.operatePrivilege(new RbacStore.Grant("admin", "Global", "*", "db", "Search", "root"), true))
        .hasMessageContaining("admin");
    assertThatThrownBy(() -> store.operatePrivilege(new RbacStore.Grant("nope", "Global", "*", "db", "Search", "root"), true))
        .hasMessageContaining("does not exist");
    store.createGroup("g1");
    assertThatThrownBy(() -> store.operateGroup("g1", List.of("ClusterAdmin"), true)).hasMessageContaining("not a privilege");
  }

  @Test
  void droppingARoleWithGrantsNeedsForceAndRemovesEverything() throws Exception {
    store.createUser("carol", "carol-pw");
    store.createRole("writer");
    store.operateUserRole("carol", "writer", true);
    store.operatePrivilege(new RbacStore.Grant("writer", "Collection", "*", "*", "Insert", "root"), true);
    assertThatThrownBy(() -> store.dropRole("writer", false)).hasMessageContaining("force_drop");
    store.dropRole("writer", true);
    assertThat(store.roleNames()).doesNotContain("writer");
    assertThat(store.state().users().get("carol").roles()).isEmpty();
    assertThat(persistence.load().keySet()).noneMatch(k -> k.startsWith("rbac/grant/") || k.startsWith("rbac/role/"));
  }

  @Test
  void grantsAndRevokesAreIdempotentAndGroupsInUseStay() {
    store.createRole("r");
    RbacStore.Grant g = new RbacStore.Grant("r", "Global", "*", "db", "All", "root");
    store.operatePrivilege(g, true);
    store.operatePrivilege(g, true);
    assertThat(store.grants("r", "", "", "")).singleElement().extracting(RbacStore.Grant::privilege).isEqualTo("*");
    store.operatePrivilege(g, false);
    store.operatePrivilege(g, false);
    assertThat(store.grants("r", "", "", "")).isEmpty();
    store.createGroup("grp");
    store.operatePrivilege(new RbacStore.Grant("r", "Global", "*", "db", "grp", "root"), true);
    assertThatThrownBy(() -> store.dropGroup("grp")).hasMessageContaining("revoke it first");
  }

  @Test
  void limitsFollowMilvus() {
    for (int i = 0; i < RbacStore.MAX_ROLES; i++) {
      store.createRole("r" + i);
    }
    assertThatThrownBy(() -> store.createRole("one_more")).hasMessageContaining("limit");
    for (int i = 1; i < RbacStore.MAX_USERS; i++) {
      store.createUser("u" + i, "password");
    }
    QuiverException e = org.junit.jupiter.api.Assertions.assertThrows(QuiverException.class,
        () -> store.createUser("one_more", "password"));
    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void forceDroppingARoleWithManyGrantsKeepsEveryTransactionWithinEtcdsLimit() throws Exception {
    List<Integer> sizes = new java.util.ArrayList<>();
    RbacStore.Persistence counting = new RbacStore.Persistence() {
      @Override
      public Map<String, byte[]> load() throws java.io.IOException {
        return persistence.load();
      }

      @Override
      public void apply(Map<String, byte[]> puts, java.util.Collection<String> deletes) throws java.io.IOException {
        sizes.add(puts.size() + deletes.size());
        persistence.apply(puts, deletes);
      }
    };
    RbacStore s = RbacStore.open(counting, hasher, "Milvus");
    s.createRole("big");
    for (int i = 1; i < RbacStore.MAX_USERS; i++) {
      s.createUser("m" + i, "password");
      s.operateUserRole("m" + i, "big", true);
    }
    for (int i = 0; i < 70; i++) {
      s.operatePrivilege(new RbacStore.Grant("big", "Collection", "c" + i, "db", "Search", "root"), true);
    }
    sizes.clear();
    s.dropRole("big", true);
    assertThat(sizes).hasSizeGreaterThan(1).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(128));
    assertThat(persistence.load().keySet()).noneMatch(k -> k.startsWith("rbac/grant/") || k.startsWith("rbac/role/"));
    assertThat(reopen("Milvus").state().users().get("m1").roles()).isEmpty();
  }
}
