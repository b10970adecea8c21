package io.quiver.server.auth;

import io.milvus.grpc.ObjectPrivilege;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Milvus privilege names as the API spells them ({@code Search}, {@code CreateCollection}: the
 * {@link ObjectPrivilege} enum without its {@code Privilege} prefix) and the built-in privilege
 * groups, with the members Milvus gives them ({@code pkg/util/constant.go}).
 *
 * <p>A grant names one privilege, a built-in group, a custom group, or {@code *} / {@code All}
 * (every privilege). {@link #expand} turns a granted name into the privileges it covers.
 */
public final class Privileges {

  /** The wildcard: every privilege (also spelled {@code All}). */
  public static final String ALL = "*";

  /** Every single privilege (not the groups), in enum order. */
  public static final Set<String> SINGLE;

  /** The built-in groups, by name: the RBAC v2 levels and the legacy ReadOnly/ReadWrite/Admin. */
  public static final Map<String, Set<String>> BUILT_IN_GROUPS;

  /** The level a privilege belongs to for OperatePrivilegeV2 (cluster, database or collection). */
  public enum Level { CLUSTER, DATABASE, COLLECTION }

  private static final Set<String> COLLECTION_READ_ONLY = set("Query", "Search", "IndexDetail", "GetFlushState",
      "GetLoadState", "GetLoadingProgress", "HasPartition", "ShowPartitions", "DescribeCollection", "DescribeAlias",
      "GetStatistics", "ListAliases");
  private static final Set<String> COLLECTION_READ_WRITE = plus(COLLECTION_READ_ONLY, "Load", "Release", "Insert", "Delete",
      "Upsert", "Import", "Flush", "Compaction", "LoadBalance", "CreateIndex", "DropIndex", "CreatePartition",
      "DropPartition");
  private static final Set<String> COLLECTION_ADMIN = plus(COLLECTION_READ_WRITE, "CreateAlias", "DropAlias");
  private static final Set<String> DATABASE_READ_ONLY = set("ShowCollections", "DescribeDatabase");
  private static final Set<String> DATABASE_READ_WRITE = plus(DATABASE_READ_ONLY, "AlterDatabase");
  private static final Set<String> DATABASE_ADMIN = plus(DATABASE_READ_WRITE, "CreateCollection", "DropCollection");
  private static final Set<String> CLUSTER_READ_ONLY = set("ListDatabases", "SelectOwnership", "SelectUser",
      "DescribeResourceGroup", "ListResourceGroups", "ListPrivilegeGroups");
  private static final Set<String> CLUSTER_READ_WRITE = plus(CLUSTER_READ_ONLY, "FlushAll", "TransferNode",
      "TransferReplica", "UpdateResourceGroups");
  private static final Set<String> CLUSTER_ADMIN = plus(CLUSTER_READ_WRITE, "BackupRBAC", "RestoreRBAC", "CreateDatabase",
      "DropDatabase", "CreateOwnership", "DropOwnership", "ManageOwnership", "CreateResourceGroup", "DropResourceGroup",
      "UpdateUser", "RenameCollection", "CreatePrivilegeGroup", "DropPrivilegeGroup", "OperatePrivilegeGroup");

  // The legacy (RBAC v1) groups.
  private static final Set<String> LEGACY_READ_ONLY = set("Query", "Search", "IndexDetail", "GetFlushState", "GetLoadState",
      "GetLoadingProgress", "HasPartition", "ShowPartitions", "ShowCollections", "ListAliases", "ListDatabases",
      "DescribeCollection", "DescribeDatabase", "DescribeAlias", "GetStatistics");
  private static final Set<String> LEGACY_READ_WRITE = plus(LEGACY_READ_ONLY, "CreateIndex", "DropIndex", "CreateCollection",
      "DropCollection", "CreatePartition", "DropPartition", "Load", "Release", "Insert", "Delete", "Upsert", "Import", "Flush",
      "Compaction", "LoadBalance", "RenameCollection", "CreateAlias", "DropAlias");
  private static final Set<String> LEGACY_ADMIN = plus(LEGACY_READ_WRITE, "CreateOwnership", "DropOwnership",
      "SelectOwnership", "ManageOwnership", "SelectUser", "UpdateUser", "BackupRBAC", "RestoreRBAC", "CreateResourceGroup",
      "UpdateResourceGroups", "DropResourceGroup", "DescribeResourceGroup", "ListResourceGroups", "TransferReplica",
      "TransferNode", "CreateDatabase", "DropDatabase", "AlterDatabase");

  static {
    Set<String> single = new LinkedHashSet<>();
    for (ObjectPrivilege p : ObjectPrivilege.values()) {
      if (p == ObjectPrivilege.UNRECOGNIZED || p == ObjectPrivilege.PrivilegeAll) {
        continue;
      }
      String name = p.name();
      if (!name.startsWith("PrivilegeGroup")) {
        single.add(name.substring("Privilege".length()));
      }
    }
    SINGLE = Collections.unmodifiableSet(single);
    Map<String, Set<String>> groups = new LinkedHashMap<>();
    groups.put("ClusterReadOnly", CLUSTER_READ_ONLY);
    groups.put("ClusterReadWrite", CLUSTER_READ_WRITE);
    groups.put("ClusterAdmin", CLUSTER_ADMIN);
    groups.put("DatabaseReadOnly", DATABASE_READ_ONLY);
    groups.put("DatabaseReadWrite", DATABASE_READ_WRITE);
    groups.put("DatabaseAdmin", DATABASE_ADMIN);
    groups.put("CollectionReadOnly", COLLECTION_READ_ONLY);
    groups.put("CollectionReadWrite", COLLECTION_READ_WRITE);
    groups.put("CollectionAdmin", COLLECTION_ADMIN);
    groups.put("ReadOnly", LEGACY_READ_ONLY);
    groups.put("ReadWrite", LEGACY_READ_WRITE);
    groups.put("Admin", LEGACY_ADMIN);
    BUILT_IN_GROUPS = Collections.unmodifiableMap(groups);
  }

  private Privileges() {}

  /** The v2 groups ListPrivilegeGroups reports (Milvus lists these, not the legacy three). */
  public static List<String> listedBuiltInGroups() {
    return List.of("ClusterReadOnly", "ClusterReadWrite", "ClusterAdmin", "DatabaseReadOnly", "DatabaseReadWrite",
        "DatabaseAdmin", "CollectionReadOnly", "CollectionReadWrite", "CollectionAdmin");
  }

  /** Whether {@code name} is the wildcard ({@code *} or {@code All}). */
  public static boolean isAll(String name) {
    return ALL.equals(name) || "All".equals(name);
  }

  /** Whether {@code name} is a single privilege, a built-in group or the wildcard. */
  public static boolean isBuiltIn(String name) {
    return isAll(name) || SINGLE.contains(name) || BUILT_IN_GROUPS.containsKey(name);
  }

  /**
   * The privileges {@code granted} covers: itself for a single privilege, the members of a built-in
   * or custom group ({@code customGroups}), or null for the wildcard (meaning every privilege).
   * Unknown names cover nothing.
   */
  public static Set<String> expand(String granted, Map<String, Set<String>> customGroups) {
    if (isAll(granted)) {
      return null;
    }
    if (SINGLE.contains(granted)) {
      return Set.of(granted);
    }
    Set<String> group = BUILT_IN_GROUPS.get(granted);
    if (group != null) {
      return group;
    }
    return customGroups.getOrDefault(granted, Set.of());
  }

  /** Whether {@code granted} covers {@code privilege}. */
  public static boolean covers(String granted, String privilege, Map<String, Set<String>> customGroups) {
    Set<String> covered = expand(granted, customGroups);
    return covered == null || covered.contains(privilege);
  }

  /**
   * The level OperatePrivilegeV2 requires for a built-in privilege or group: cluster-level ones
   * must be granted on database {@code *} and collection {@code *}, database-level ones on
   * collection {@code *}; null for custom groups and collection-level privileges (no constraint).
   */
  public static Level level(String name) {
    if (name.startsWith("Cluster") && BUILT_IN_GROUPS.containsKey(name)) {
      return Level.CLUSTER;
    }
    if (name.startsWith("Database") && BUILT_IN_GROUPS.containsKey(name)) {
      return Level.DATABASE;
    }
    if (name.startsWith("Collection") && BUILT_IN_GROUPS.containsKey(name)) {
      return Level.COLLECTION;
    }
    if (isAll(name) || CLUSTER_ADMIN.contains(name)) {
      return Level.CLUSTER;
    }
    if (DATABASE_ADMIN.contains(name)) {
      return Level.DATABASE;
    }
    return Level.COLLECTION;
  }

  /** The Milvus object type a v2 grant of {@code privilege} is recorded under (Collection or Global). */
  public static String objectTypeFor(String privilege) {
    return COLLECTION_ADMIN.contains(privilege) && !"DescribeCollection".equals(privilege) ? "Collection" : "Global";
  }

  private static Set<String> set(String... names) {
    return Collections.unmodifiableSet(new LinkedHashSet<>(List.of(names)));
  }

  private static Set<String> plus(Set<String> base, String... more) {
    List<String> all = new ArrayList<>(base);
    all.addAll(List.of(more));
    return Collections.unmodifiableSet(new LinkedHashSet<>(all));
  }
}
