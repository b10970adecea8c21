package io.quiver.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
import io.milvus.grpc.CommonProto;
import io.milvus.grpc.FlushAllRequest;
import io.milvus.grpc.FlushAllTarget;
import io.milvus.grpc.MilvusServiceGrpc;
import io.milvus.grpc.PrivilegeExt;
import io.milvus.grpc.SearchRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PrivilegeTableTest {

  static Set<String> implementedRpcs() {
    return io.quiver.server.grpc.RpcProbe.implementedRpcs();
  }

  @Test
  void everyImplementedRpcHasARuleAndEveryRuleAnImplementedRpc() {
    Set<String> implemented = implementedRpcs();
    assertThat(implemented).hasSizeGreaterThan(70).contains("Search", "CreateCredential", "OperatePrivilegeV2");
    List<String> missing = new ArrayList<>();
    for (String rpc : implemented) {
      if (PrivilegeTable.rule(rpc) == null) {
        missing.add(rpc);
      }
    }
    assertThat(missing).as("RPCs of MilvusService without an authorization rule").isEmpty();
    assertThat(PrivilegeTable.rules().keySet()).as("rules for RPCs MilvusService does not implement")
        .isSubsetOf(implemented);
  }

  /** Where the table deliberately differs from the privilege_ext_obj annotations of milvus.proto (see docs/security.md). */
  static final Set<String> DEVIATIONS = Set.of("GetFlushState");

  @Test
  void privilegesMatchMilvusProtoAnnotations() {
    Map<String, String> mismatches = new TreeMap<>();
    for (var md : MilvusServiceGrpc.getServiceDescriptor().getMethods()) {
      MethodDescriptor<?, ?> m = (MethodDescriptor<?, ?>) md;
      PrivilegeTable.Rule rule = PrivilegeTable.rule(m.getBareMethodName());
      if (rule == null) {
        continue;
      }
      Message prototype = (Message) ((MethodDescriptor.PrototypeMarshaller<?>) m.getRequestMarshaller()).getMessagePrototype();
      var options = prototype.getDescriptorForType().getOptions();
      if (!options.hasExtension(CommonProto.privilegeExtObj)) {
        continue;
      }
      PrivilegeExt ext = options.getExtension(CommonProto.privilegeExtObj);
      String expected = ext.getObjectPrivilege().name().substring("Privilege".length());
      if (!expected.equals(rule.privilege()) && !DEVIATIONS.contains(rule.rpc())) {
        mismatches.put(rule.rpc(), "proto " + expected + ", table " + rule.privilege());
      }
    }
    assertThat(mismatches).isEmpty();
  }

  @Test
  void everyRulePrivilegeIsAMilvusPrivilegeAndAdminRpcsAreMarked() {
    for (PrivilegeTable.Rule r : PrivilegeTable.rules().values()) {
      if (r.level() != PrivilegeTable.Level.PUBLIC) {
        assertThat(Privileges.SINGLE).as(r.rpc()).contains(r.privilege());
      }
    }
    for (String admin : List.of("CreateDatabase", "DropDatabase", "AlterDatabase", "CreateCollection", "DropCollection",
        "RenameCollection", "AlterCollection", "AlterCollectionField", "AddCollectionField", "CreatePartition", "DropPartition",
        "CreateIndex", "DropIndex", "AlterIndex", "CreateAlias", "DropAlias", "AlterAlias", "LoadCollection",
        "ReleaseCollection", "LoadPartitions", "ReleasePartitions", "CreateCredential", "UpdateCredential",
        "DeleteCredential", "CreateRole", "DropRole", "OperateUserRole", "OperatePrivilege", "OperatePrivilegeV2",
        "CreatePrivilegeGroup", "DropPrivilegeGroup", "OperatePrivilegeGroup")) {
      assertThat(PrivilegeTable.rule(admin).admin()).as(admin).isTrue();
    }
    assertThat(PrivilegeTable.rule("Search").admin()).isFalse();
  }

  @Test
  void everyRuleReadsADefaultRequest() {
    for (var md : MilvusServiceGrpc.getServiceDescriptor().getMethods()) {
      MethodDescriptor<?, ?> m = (MethodDescriptor<?, ?>) md;
      PrivilegeTable.Rule rule = PrivilegeTable.rule(m.getBareMethodName());
      if (rule != null) {
        Message prototype = (Message) ((MethodDescriptor.PrototypeMarshaller<?>) m.getRequestMarshaller()).getMessagePrototype();
        PrivilegeTable.Target t = rule.target(prototype, "");
        assertThat(t.scopeDbs()).as(rule.rpc()).doesNotContainNull();
        assertThat(t.privilegeDbs()).as(rule.rpc()).isNotEmpty();
      }
    }
  }

  @Test
  void targetsTakeTheBodyDatabaseOverTheHeader() {
    PrivilegeTable.Rule search = PrivilegeTable.rule("Search");
    PrivilegeTable.Target t = search.target(SearchRequest.newBuilder().setDbName("a").setCollectionName("c").build(), "b");
    assertThat(t.scopeDbs()).containsExactly("a");
    assertThat(t.collections()).containsExactly("c");
    assertThat(t.description()).isEqualTo("a/c");
    assertThat(search.target(SearchRequest.newBuilder().setCollectionName("c").build(), "b").scopeDbs()).containsExactly("b");
    assertThat(search.target(SearchRequest.newBuilder().setCollectionName("c").build(), "").scopeDbs()).containsExactly("default");
    PrivilegeTable.Rule flushAll = PrivilegeTable.rule("FlushAll");
    assertThat(flushAll.target(FlushAllRequest.getDefaultInstance(), "b").scopeDbs()).isEmpty();
    assertThat(flushAll.target(FlushAllRequest.newBuilder().addFlushTargets(FlushAllTarget.newBuilder().setDbName("x"))
        .addFlushTargets(FlushAllTarget.getDefaultInstance()).build(), "b").scopeDbs()).containsExactly("x", "default");
    assertThat(Arrays.asList(PrivilegeTable.Level.values())).hasSize(6);
  }

  @Test
  void securityPageListsEveryRuleAsTheCodeDefinesIt() throws Exception {
    String doc = java.nio.file.Files.readString(SecretsTest.repositoryRoot().resolve("docs/security.md"));
    int from = doc.indexOf("<!-- privilege-table-start -->");
    int to = doc.indexOf("<!-- privilege-table-end -->");
    assertThat(from).isGreaterThanOrEqualTo(0);
    assertThat(to).isGreaterThan(from);
    assertThat(doc.substring(from + "<!-- privilege-table-start -->".length(), to).strip())
        .isEqualTo(PrivilegeTable.markdown().strip());
  }
}
