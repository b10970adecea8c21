package io.quiver.server.auth;

import com.google.protobuf.Message;
import io.milvus.grpc.*;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What each RPC needs: for every RPC the server implements, the privilege it requires (Milvus's
 * names, {@code Search}, {@code CreateCollection}, ...), the level it is checked at, and how the
 * database and object names are read from the request. Modelled on the {@code privilege_ext_obj}
 * options of Milvus's {@code milvus.proto} and on {@code internal/proxy/privilege_interceptor.go};
 * see docs/security.md for the table and where it departs from Milvus.
 *
 * <p>A test fails when an RPC of {@code MilvusService} has no rule here, and the server refuses
 * any implemented RPC without a rule (fail closed).
 */
public final class PrivilegeTable {

  /** How a rule is checked. */
  public enum Level {
    /** Any authenticated caller; API keys must have the request's database in scope. */
    PUBLIC,
    /** The privilege on the request's database (a grant on object {@code *}). */
    DATABASE,
    /** The privilege on each named collection of the request's database. */
    COLLECTION,
    /** The privilege on a user object; always allowed on oneself. */
    USER,
    /** ListDatabases: always allowed, the answer holds only the databases the caller can see. */
    LIST_DATABASES,
    /** ShowCollections: allowed in any visible database, the answer holds only visible collections. */
    SHOW_COLLECTIONS
  }

  /**
   * The objects a request touches.
   *
   * @param scopeDbs databases an API key must have in scope (out of scope: "database not found")
   * @param privilegeDbs databases a Milvus user's grants are matched against
   * @param collections collection (or alias) names, for COLLECTION rules
   * @param user the user object, for USER rules
   * @param role a role the caller may look at if it holds it (SelectGrant)
   * @param description the target as the audit log shows it
   */
  public record Target(List<String> scopeDbs, List<String> privilegeDbs, List<String> collections, String user, String role,
      String description) {}

  /**
   * One RPC's rule.
   *
   * @param rpc the RPC name
   * @param level how it is checked
   * @param privilege the privilege it needs (null for PUBLIC)
   * @param admin whether it is an administrative RPC (audited)
   * @param createsDatabase whether the database it names is created by it (an API key out of
   *     scope gets a permission error rather than "not found")
   */
  public record Rule(String rpc, Level level, String privilege, boolean admin, boolean createsDatabase,
      Extractor<Message> extractor) {

    public Target target(Message request, String headerDb) {
      return extractor.target(request, headerDb == null ? "" : headerDb);
    }
  }

  /** Reads the target out of a request; {@code headerDb} is the {@code dbname} header ("" if absent). */
  @FunctionalInterface
  public interface Extractor<T> {
    Target target(T request, String headerDb);
  }

  private static final Map<String, Rule> RULES;

  static {
    Builder b = new Builder();
    // ---- connection and cluster information
    b.pub("Connect", ConnectRequest.class, (r, h) -> db(h, ""));
    b.pub("GetVersion", GetVersionRequest.class, (r, h) -> none(h));
    b.pub("CheckHealth", CheckHealthRequest.class, (r, h) -> none(h));
    b.pub("AllocTimestamp", AllocTimestampRequest.class, (r, h) -> none(h));
    b.pub("GetComponentStates", GetComponentStatesRequest.class, (r, h) -> none(h));
    b.add("ListResourceGroups", Level.DATABASE, "ListResourceGroups", false, ListResourceGroupsRequest.class,
        (r, h) -> none(h));
    b.add("DescribeResourceGroup", Level.DATABASE, "DescribeResourceGroup", false, DescribeResourceGroupRequest.class,
        (r, h) -> none(h, "resource group " + r.getResourceGroup()));
    // ---- databases
    b.admin("CreateDatabase", Level.DATABASE, "CreateDatabase", CreateDatabaseRequest.class,
        (r, h) -> named(r.getDbName()), true);
    b.admin("DropDatabase", Level.DATABASE, "DropDatabase", DropDatabaseRequest.class, (r, h) -> named(r.getDbName()), false);
    b.add("ListDatabases", Level.LIST_DATABASES, "ListDatabases", false, ListDatabasesRequest.class, (r, h) -> none(h));
    // usage counters: like ListDatabases, the answer holds only the databases the caller can see
    b.add("GetMetrics", Level.LIST_DATABASES, "ListDatabases", false, io.milvus.grpc.GetMetricsRequest.class,
        (r, h) -> none(h));
    b.add("DescribeDatabase", Level.DATABASE, "DescribeDatabase", false, DescribeDatabaseRequest.class,
        (r, h) -> db(h, r.getDbName()));
    b.admin("AlterDatabase", Level.DATABASE, "AlterDatabase", AlterDatabaseRequest.class, (r, h) -> db(h, r.getDbName()), false);
    // ---- collections
    b.admin("CreateCollection", Level.DATABASE, "CreateCollection", CreateCollectionRequest.class,
        (r, h) -> dbWith(h, r.getDbName(), r.getCollectionName()), false);
    b.admin("DropCollection", Level.DATABASE, "DropCollection", DropCollectionRequest.class,
        (r, h) -> dbWith(h, r.getDbName(), r.getCollectionName()), false);
    b.add("HasCollection", Level.COLLECTION, "DescribeCollection", false, HasCollectionRequest.class,
        (r, h) -> coll(h, r.getDbName(), r.getCollectionName()));
    b.add("DescribeCollection", Level.COLLECTION, "DescribeCollection", false, DescribeCollectionRequest.class,
        (r, h) -> coll(h, r.getDbName(), r.getCollectionName()));
    b.add("BatchDescribeCollection", Level.COLLECTION, "DescribeCollection", false, BatchDescribeCollectionRequest.class,
        (r, h) -> colls(h, r.getDbName(), r.getCollectionNameList()));
    b.add("ShowCollections", Level.SHOW_COLLECTIONS, "ShowCollections", false, ShowCollectionsRequest.class,
        (r, h) -> db(h, r.getDbName()));
    b.admin("RenameCollection", Level.DATABASE, "RenameCollection", RenameCollectionRequest.class, (r, h) -> {
      String from = effective(h, r.getDbName());
      String to = r.getNewDBName().isEmpty() ? from : r.getNewDBName();
      List<String> dbs = from.equals(to) ? List.of(from) : List.of(from, to);
      return new Target(dbs, dbs, List.of(r.getOldName()), null, null,
          from + "/" + r.getOldName() + " -> " + to + "/" + r.getNewName());
    }, false);
    b.admin("AlterCollection", Level.DATABASE, "CreateCollection", AlterCollectionRequest.class,
        (r, h) -> dbWith(h, r.getDbName(), r.getCollectionName()), false);
    b.admin("AlterCollectionField", Level.DATABASE, "CreateCollection", AlterCollectionFieldRequest.class,
        (r, h) -> dbWith(h, r.getDbName(), r.getCollectionName()), false);
    b.admin("AddCollectionField", Level.COLLECTION, "AddCollectionField", AddCollectionFieldRequest.class,
        (r, h) -> coll(h, r.getDbName(), r.getCollectionName()), false);
    b.add("GetCollectionStatistics", Level.COLLECTION, "GetStatistics", false, GetCollectionStatisticsRequest.class,
        (r, h) -> coll(h, r.getDbName(), r.getCollectionName()));
    // ---- partitions
    b.admin("CreatePartition", Level.COLLECTION, "CreatePartition", CreatePartitionRequest.class,
        (r, h) -> coll(h, r.getDbName(), r.getCollectionName(), "partition " + r.getPartitionName()), false);
    b.admin("DropPartition", Level.COLLECTION, "DropPartition", DropPartitionRequest.class,
        (r, h) -> coll(h, r.getDbName(), r.getCollectionName(), "partition " + r.getPartitionName()), false);
    b.add("HasPartition", Level.COLLECTION, "HasPartition", false, HasPartitionRequest.class,
        (r, h) -> coll(h, r.getDbName(), r.getCollectionName()));
    b.add("ShowPartitions", Level.COLLECTION, "ShowPartitions", false, ShowPartitionsRequest.class,
        (r, h) -> coll(h, r.getDbName(), r.getCollectionName()));
    b.add("GetPartitionStatistics", Level.COLLECTION, "GetStatistics", false, GetPartitionStatisticsRequest.class,
        (r, h) -> coll(h, r.getDbName(), r.getCollectionName()));
    b.admin("LoadPartitions", Level.COLLECTION, "Load", LoadPartitionsRequest.class,
        (r, h) -> coll(h, r.getDbName(), r.getCollectionName(), "partitions " + r.getPartitionNamesList()), false);
    b.admin("ReleasePartitions", Level.COLLECTION, "Release", ReleasePartitionsRequest.class,
        (r, h) -> coll(h, r.getDbName(), r.getCollectionName(), "partitions " + r.getPartitionNamesList()), false);
    // ---- aliases
    b.admin("CreateAlias", Level.DATABASE, "CreateAlias", CreateAliasRequest.class,
        (r, h) -> dbWith(h, r.getDbName(), r.getCollectionName(), "alias " + r.getAlias()), false);
    b.admin("DropAlias", Level.DATABASE, "DropAlias", DropAliasRequest.class,
        (r, h) -> dbWith(h, r.getDbName(), "", "alias " + r.getAlias()), false);
    b.admin("AlterAlias", Level.DATABASE, "CreateAlias", AlterAliasRequest.class,
        (r, h) -> dbWith(h, r.getDbName(), r.getCollectionName(), "alias " + r.getAlias()), false);
    b.add("DescribeAlias", Level.DATABASE, "DescribeAlias", false, DescribeAliasRequest.class, (r, h) -> db(h, r.getDbName()));
    b.add("ListAliases", Level.DATABASE, "ListAliases", false, ListAliasesRequest.class, (r, h) -> db(h, r.getDbName()));
    // ---- load state
    b.admin("LoadCollection", Level.COLLECTION, "Load", LoadCollectionRequest.class,
        (r, h) -> coll(h, r.getDbName(), r.getCollectionName()), false);
    b.admin("ReleaseCollection", Level.COLLECTION, "Release", ReleaseCollectionRequest.class,
        (r, h) -> coll(h, r.getDbName(), r.getCollectionName()), false);
    b.add("GetLoadState", Level.COLLECTION, "GetLoadState", false, GetLoadStateRequest.class,
        (r, h) -> coll(h, r.getDbName(), r.getCollectionName()));
    b.add("GetLoadingProgress", Level.COLLECTION, "GetLoadState", false, GetLoadingProgressRequest.class,
        (r, h) -> coll(h, r.getDbName(), r.getCollectionName()));
    // ---- indexes
    b.admin("CreateIndex", Level.COLLECTION, "CreateIndex", CreateIndexRequest.class,
        (r, h) -> coll(h, r.getDbName(), r.getCollectionName(), "field " + r.getFieldName()), false);
    b.admin("AlterIndex", Level.COLLECTION, "CreateIndex", AlterIndexRequest.class,
        (r, h) -> coll(h, r.getDbName(), r.getCollectionName(), "index " + r.getIndexName()), false);
    b.admin("DropIndex", Level.COLLECTION, "DropIndex", DropIndexRequest.class,
        (r, h) -> coll(h, r.getDbName(), r.getCollectionName(), "index " + r.getIndexName()), false);
    b.add("DescribeIndex", Level.COLLECTION, "IndexDetail", false, DescribeIndexRequest.class,
        (r, h) -> coll(h, r.getDbName(), r.getCollectionName()));
    b.add("GetIndexStatistics", Level.COLLECTION, "IndexDetail", false, GetIndexStatisticsRequest.class,
        (r, h) -> coll(h, r.getDbName(), r.getCollectionName()));
    b.add("GetIndexState", Level.COLLECTION, "IndexDetail", false, GetIndexStateRequest.class,
        (r, h) -> coll(h, r.getDbName(), r.getCollectionName()));
    b.add("GetIndexBuildProgress", Level.COLLECTION, "IndexDetail", false, GetIndexBuildProgressRequest.class,
        (r, h) -> coll(h, r.getDbName(), r.getCollectionName()));
    // ---- data
    b.add("Insert", Level.COLLECTION, "Insert", false, InsertRequest.class, (r, h) -> coll(h, r.getDbName(), r.getCollectionName()));
    b.add("Upsert", Level.COLLECTION, "Upsert", false, UpsertRequest.class, (r, h) -> coll(h, r.getDbName(), r.getCollectionName()));
    b.add("Delete", Level.COLLECTION, "Delete", false, DeleteRequest.class, (r, h) -> coll(h, r.getDbName(), r.getCollectionName()));
    b.add("Search", Level.COLLECTION, "Search", false, SearchRequest.class, (r, h) -> coll(h, r.getDbName(), r.getCollectionName()));
    b.add("HybridSearch", Level.COLLECTION, "Search", false, HybridSearchRequest.class,
        (r, h) -> coll(h, r.getDbName(), r.getCollectionName()));
    b.add("Query", Level.COLLECTION, "Query", false, QueryRequest.class, (r, h) -> coll(h, r.getDbName(), r.getCollectionName()));
    b.add("Flush", Level.COLLECTION, "Flush", false, FlushRequest.class,
        (r, h) -> colls(h, r.getDbName(), r.getCollectionNamesList()));
    // GetFlushState and GetFlushAllState always answer "flushed" and reveal nothing: any caller, database in scope.
    b.pub("GetFlushState", GetFlushStateRequest.class, (r, h) -> db(h, r.getDbName()));
    b.add("FlushAll", Level.DATABASE, "FlushAll", false, FlushAllRequest.class, PrivilegeTable::flushAll);
    b.pub("GetFlushAllState", GetFlushAllStateRequest.class, (r, h) -> {
      Set<String> dbs = new LinkedHashSet<>();
      if (!r.getDbName().isEmpty()) {
        dbs.add(r.getDbName());
      }
      r.getFlushTargetsList().forEach(t -> dbs.add(t.getDbName().isEmpty() ? "default" : t.getDbName()));
      List<String> privilegeDbs = dbs.isEmpty() ? List.of(effective(h, "")) : List.copyOf(dbs);
      return new Target(List.copyOf(dbs), privilegeDbs, List.of(), null, null, String.join(",", dbs));
    });
    // ---- replicas and segments
    b.add("GetReplicas", Level.COLLECTION, "GetLoadState", false, GetReplicasRequest.class, (r, h) -> r.getCollectionName()
        .isEmpty() ? db(h, r.getDbName()) : coll(h, r.getDbName(), r.getCollectionName()));
    b.add("GetPersistentSegmentInfo", Level.COLLECTION, "GetStatistics", false, GetPersistentSegmentInfoRequest.class,
        (r, h) -> coll(h, r.getDbName(), r.getCollectionName()));
    b.add("GetQuerySegmentInfo", Level.COLLECTION, "GetStatistics", false, GetQuerySegmentInfoRequest.class,
        (r, h) -> coll(h, r.getDbName(), r.getCollectionName()));
    // ---- compaction and bulk import (jobs looked up by id are filtered by the service)
    b.admin("ManualCompaction", Level.COLLECTION, "Compaction", ManualCompactionRequest.class, (r, h) -> r.getCollectionName()
        .isEmpty() ? dbWith(h, r.getDbName(), "", "collection id " + r.getCollectionID())
        : coll(h, r.getDbName(), r.getCollectionName()), false);
    b.pub("GetCompactionState", GetCompactionStateRequest.class, (r, h) -> none(h, "compaction " + r.getCompactionID()));
    b.pub("GetCompactionStateWithPlans", GetCompactionPlansRequest.class,
        (r, h) -> none(h, "compaction " + r.getCompactionID()));
    b.admin("Import", Level.COLLECTION, "Import", ImportRequest.class,
        (r, h) -> coll(h, r.getDbName(), r.getCollectionName(), "files " + r.getFilesList()), false);
    b.pub("GetImportState", GetImportStateRequest.class, (r, h) -> none(h, "import task " + r.getTask()));
    b.add("ListImportTasks", Level.DATABASE, "ListImport", false, ListImportTasksRequest.class,
        (r, h) -> dbWith(h, r.getDbName(), r.getCollectionName()));
    // ---- users, roles, grants, privilege groups (cluster-wide; checked against the current database like Milvus)
    b.admin("CreateCredential", Level.DATABASE, "CreateOwnership", CreateCredentialRequest.class,
        (r, h) -> global(h, "user " + r.getUsername()), false);
    b.admin("UpdateCredential", Level.USER, "UpdateUser", UpdateCredentialRequest.class,
        (r, h) -> user(h, r.getUsername()), false);
    b.admin("DeleteCredential", Level.DATABASE, "DropOwnership", DeleteCredentialRequest.class,
        (r, h) -> global(h, "user " + r.getUsername()), false);
    b.add("ListCredUsers", Level.DATABASE, "SelectOwnership", false, ListCredUsersRequest.class, (r, h) -> global(h, "users"));
    b.admin("CreateRole", Level.DATABASE, "CreateOwnership", CreateRoleRequest.class,
        (r, h) -> global(h, "role " + r.getEntity().getName()), false);
    b.admin("DropRole", Level.DATABASE, "DropOwnership", DropRoleRequest.class, (r, h) -> global(h, "role " + r.getRoleName()),
        false);
    b.admin("OperateUserRole", Level.DATABASE, "ManageOwnership", OperateUserRoleRequest.class,
        (r, h) -> global(h, "user " + r.getUsername() + " role " + r.getRoleName() + " " + r.getType()), false);
    b.admin("OperatePrivilege", Level.DATABASE, "ManageOwnership", OperatePrivilegeRequest.class, (r, h) -> {
      GrantEntity e = r.getEntity();
      return global(h, r.getType() + " " + e.getGrantor().getPrivilege().getName() + " on " + e.getObject().getName() + " "
          + (e.getDbName().isEmpty() ? effective(h, "") : e.getDbName()) + "/" + e.getObjectName() + " to role "
          + e.getRole().getName());
    }, false);
    b.admin("OperatePrivilegeV2", Level.DATABASE, "ManageOwnership", OperatePrivilegeV2Request.class,
        (r, h) -> global(h, r.getType() + " " + r.getGrantor().getPrivilege().getName() + " on " + r.getDbName() + "/"
            + r.getCollectionName() + " to role " + r.getRole().getName()), false);
    b.add("SelectRole", Level.DATABASE, "SelectOwnership", false, SelectRoleRequest.class, (r, h) -> global(h, "roles"));
    b.add("SelectUser", Level.USER, "SelectUser", false, SelectUserRequest.class, (r, h) -> user(h, r.getUser().getName()));
    b.add("SelectGrant", Level.DATABASE, "SelectOwnership", false, SelectGrantRequest.class, (r, h) -> {
      Target g = global(h, "grants of role " + r.getEntity().getRole().getName());
      return new Target(g.scopeDbs(), g.privilegeDbs(), List.of(), null, r.getEntity().getRole().getName(), g.description());
    });
    b.admin("CreatePrivilegeGroup", Level.DATABASE, "CreatePrivilegeGroup", CreatePrivilegeGroupRequest.class,
        (r, h) -> global(h, "privilege group " + r.getGroupName()), false);
    b.admin("DropPrivilegeGroup", Level.DATABASE, "DropPrivilegeGroup", DropPrivilegeGroupRequest.class,
        (r, h) -> global(h, "privilege group " + r.getGroupName()), false);
    b.add("ListPrivilegeGroups", Level.DATABASE, "ListPrivilegeGroups", false, ListPrivilegeGroupsRequest.class,
        (r, h) -> global(h, "privilege groups"));
    b.admin("OperatePrivilegeGroup", Level.DATABASE, "OperatePrivilegeGroup", OperatePrivilegeGroupRequest.class,
        (r, h) -> global(h, "privilege group " + r.getGroupName() + " " + r.getType()), false);
    RULES = Collections.unmodifiableMap(b.rules);
  }

  private PrivilegeTable() {}

  /** The rule of {@code rpc} (e.g. "Search"), or null. */
  public static Rule rule(String rpc) {
    return RULES.get(rpc);
  }

  /** Every rule, by RPC name. */
  public static Map<String, Rule> rules() {
    return RULES;
  }

  // ------------------------------------------------------------------ target helpers

  /** The database a request works in: its own field, else the dbname header, else "default". */
  public static String effective(String headerDb, String bodyDb) {
    if (bodyDb != null && !bodyDb.isEmpty()) {
      return bodyDb;
    }
    return headerDb == null || headerDb.isEmpty() ? "default" : headerDb;
  }

  private static Target none(String headerDb) {
    return none(headerDb, "");
  }

  /** No database in scope; a Milvus user's grants are matched against the current database. */
  private static Target none(String headerDb, String description) {
    return new Target(List.of(), List.of(effective(headerDb, "")), List.of(), null, null, description);
  }

  private static Target global(String headerDb, String description) {
    return none(headerDb, description);
  }

  private static Target named(String db) {
    String name = db == null ? "" : db;
    return new Target(List.of(name), List.of(name), List.of(), null, null, name);
  }

  private static Target db(String headerDb, String bodyDb) {
    String db = effective(headerDb, bodyDb);
    return new Target(List.of(db), List.of(db), List.of(), null, null, db);
  }

  private static Target dbWith(String headerDb, String bodyDb, String collection) {
    return dbWith(headerDb, bodyDb, collection, "");
  }

  private static Target dbWith(String headerDb, String bodyDb, String collection, String more) {
    String db = effective(headerDb, bodyDb);
    String description = db + (collection.isEmpty() ? "" : "/" + collection) + (more.isEmpty() ? "" : " " + more);
    return new Target(List.of(db), List.of(db), List.of(), null, null, description);
  }

  private static Target coll(String headerDb, String bodyDb, String collection) {
    return coll(headerDb, bodyDb, collection, "");
  }

  private static Target coll(String headerDb, String bodyDb, String collection, String more) {
    String db = effective(headerDb, bodyDb);
    return new Target(List.of(db), List.of(db), List.of(collection), null, null,
        db + "/" + collection + (more.isEmpty() ? "" : " " + more));
  }

  private static Target colls(String headerDb, String bodyDb, List<String> collections) {
    String db = effective(headerDb, bodyDb);
    return new Target(List.of(db), List.of(db), List.copyOf(collections), null, null, db + "/" + collections);
  }

  private static Target user(String headerDb, String user) {
    return new Target(List.of(), List.of(effective(headerDb, "")), List.of(), user, null, "user " + user);
  }

  private static Target flushAll(FlushAllRequest r, String headerDb) {
    Set<String> dbs = new LinkedHashSet<>();
    for (FlushAllTarget t : r.getFlushTargetsList()) {
      dbs.add(t.getDbName().isEmpty() ? "default" : t.getDbName());
    }
    if (dbs.isEmpty() && !r.getDbName().isEmpty()) {
      dbs.add(r.getDbName());
    }
    if (dbs.isEmpty()) {
      // Every database: the service flushes only those the caller may flush.
      return new Target(List.of(), List.of(effective(headerDb, "")), List.of(), null, null, "all databases");
    }
    return new Target(List.copyOf(dbs), List.copyOf(dbs), List.of(), null, null, String.join(",", dbs));
  }

  private static final class Builder {
    final Map<String, Rule> rules = new TreeMap<>();

    <T extends Message> void add(String rpc, Level level, String privilege, boolean admin, Class<T> type, Extractor<T> e) {
      put(rpc, level, privilege, admin, false, type, e);
    }

    <T extends Message> void admin(String rpc, Level level, String privilege, Class<T> type, Extractor<T> e,
        boolean createsDatabase) {
      put(rpc, level, privilege, true, createsDatabase, type, e);
    }

    <T extends Message> void pub(String rpc, Class<T> type, Extractor<T> e) {
      put(rpc, Level.PUBLIC, null, false, false, type, e);
    }

    private <T extends Message> void put(String rpc, Level level, String privilege, boolean admin, boolean createsDatabase,
        Class<T> type, Extractor<T> e) {
      if (privilege != null && !Privileges.SINGLE.contains(privilege)) {
        throw new IllegalStateException(rpc + ": unknown privilege " + privilege);
      }
      if (rules.containsKey(rpc)) {
        throw new IllegalStateException(rpc + " has two rules");
      }
      Extractor<Message> typed = (m, h) -> e.target(type.cast(m), h);
      rules.put(rpc, new Rule(rpc, level, privilege, admin, createsDatabase, typed));
    }
  }

  /**
   * The table of docs/security.md: every RPC with its level, privilege, whether it is audited and
   * which API-key role may call it (a test compares the document with this).
   */
  public static String markdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("| RPC | checked at | privilege | audited | API-key role |\n");
    sb.append("| --- | --- | --- | --- | --- |\n");
    for (Rule r : RULES.values()) {
      String level = switch (r.level()) {
        case PUBLIC -> "any caller";
        case DATABASE -> "database";
        case COLLECTION -> "collection";
        case USER -> "user (oneself: always)";
        case LIST_DATABASES -> "any caller, answer filtered";
        case SHOW_COLLECTIONS -> "any caller, answer filtered";
      };
      String role = r.level() == Level.PUBLIC || r.level() == Level.LIST_DATABASES ? "read"
          : ApiKey.Role.READ.allows(r.privilege()) ? "read"
          : ApiKey.Role.WRITE.allows(r.privilege()) ? "write"
          : ApiKey.Role.ADMIN.allows(r.privilege()) ? "admin" : "none";
      sb.append("| `").append(r.rpc()).append("` | ").append(level).append(" | ")
          .append(r.privilege() == null ? "-" : "`" + r.privilege() + "`").append(" | ").append(r.admin() ? "yes" : "")
          .append(" | ").append(role).append(" |\n");
    }
    return sb.toString();
  }

  /** Prints {@link #markdown()}: the table of docs/security.md. */
  public static void main(String[] args) {
    System.out.print(markdown());
  }

  /** The RPC names with a rule, sorted (for documentation). */
  public static List<String> names() {
    return new ArrayList<>(RULES.keySet());
  }
}
