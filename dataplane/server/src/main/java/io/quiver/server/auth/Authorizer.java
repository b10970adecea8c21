package io.quiver.server.auth;

import io.quiver.engine.error.ErrorCode;
import io.quiver.engine.error.QuiverException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides whether a principal may make a call, from the RPC's {@link PrivilegeTable.Rule} and the
 * {@link PrivilegeTable.Target} read from the request.
 *
 * <ul>
 *   <li>{@link Principal.Anonymous} (authorization disabled), {@code root} and members of
 *       {@code admin} may do everything.
 *   <li>Other Milvus users need a grant of the rule's privilege (directly, through a group or
 *       {@code *}) on one of their roles (or {@code public}), on the request's database (or
 *       {@code *}) and, for collection-level rules, on each named collection (or {@code *}).
 *       Denials answer Milvus's "permission deny" error.
 *   <li>API keys: every database the request names must be one of the key's databases; otherwise
 *       the answer is exactly the "database not found" error of a database that does not exist
 *       (the decision depends only on the key, never on what exists). Inside its databases the
 *       key's role must include the privilege.
 * </ul>
 */
public final class Authorizer {

  /** Resolves an alias to its collection's name (or returns the name unchanged). */
  @FunctionalInterface
  public interface Names {
    String canonical(String db, String name);
  }

  private final RbacStore rbac;
  private final Names names;

  public Authorizer(RbacStore rbac, Names names) {
    this.rbac = rbac;
    this.names = names;
  }

  /** The error an unknown database gets (the same text as the data plane's). */
  public static QuiverException databaseNotFound(String db) {
    return new QuiverException(ErrorCode.DATABASE_NOT_FOUND, "database not found[database=" + db + "]");
  }

  /**
   * Checks a call; returns null if allowed, else the error to answer with.
   */
  public QuiverException check(Principal p, PrivilegeTable.Rule rule, PrivilegeTable.Target t) {
    return switch (p) {
      case Principal.Anonymous a -> null;
      case Principal.Key k -> checkKey(k.key(), rule, t);
      case Principal.User u -> checkUser(u.name(), rule, t);
    };
  }

  private QuiverException checkKey(ApiKey key, PrivilegeTable.Rule rule, PrivilegeTable.Target t) {
    for (String db : t.scopeDbs()) {
      if (!key.allowsDatabase(db)) {
        return rule.createsDatabase() ? denied(rule.privilege(), "api key " + key.id(), db) : databaseNotFound(db);
      }
    }
    if (rule.privilege() != null && rule.level() != PrivilegeTable.Level.LIST_DATABASES
        && rule.level() != PrivilegeTable.Level.PUBLIC && !key.role().allows(rule.privilege())) {
      String db = t.privilegeDbs().isEmpty() ? "default" : t.privilegeDbs().get(0);
      return denied(rule.privilege(), "api key " + key.id(), db);
    }
    return null;
  }

  private QuiverException checkUser(String user, PrivilegeTable.Rule rule, PrivilegeTable.Target t) {
    RbacStore.State s = rbac.state();
    if (superuser(user, s)) {
      return null;
    }
    switch (rule.level()) {
      case PUBLIC, LIST_DATABASES, SHOW_COLLECTIONS -> {
        return null;
      }
      case DATABASE -> {
        if (t.role() != null && s.rolesOf(user).contains(t.role())) {
          return null; // SelectGrant on one of one's own roles
        }
        for (String db : t.privilegeDbs()) {
          if (!has(s, user, rule.privilege(), db, null, false)) {
            return denied(rule.privilege(), user, db);
          }
        }
        return null;
      }
      case COLLECTION -> {
        String db = t.privilegeDbs().get(0);
        if (t.collections().isEmpty()) {
          return has(s, user, rule.privilege(), db, null, false) ? null : denied(rule.privilege(), user, db);
        }
        for (String c : t.collections()) {
          if (!has(s, user, rule.privilege(), db, canonical(db, c), false)) {
            return denied(rule.privilege(), user, db);
          }
        }
        return null;
      }
      case USER -> {
        if (user.equals(t.user())) {
          return null;
        }
        String db = t.privilegeDbs().get(0);
        String target = t.user() == null || t.user().isEmpty() ? null : t.user();
        return has(s, user, rule.privilege(), db, target, true) ? null : denied(rule.privilege(), user, db);
      }
    }
    throw new IllegalStateException("unknown level " + rule.level());
  }

  private String canonical(String db, String name) {
    if (name == null || name.isEmpty()) {
      return name;
    }
    return names.canonical(db, name);
  }

  static boolean superuser(String user, RbacStore.State s) {
    if (RbacStore.ROOT.equals(user)) {
      return true;
    }
    RbacStore.User u = s.users().get(user);
    return u != null && u.roles().contains(RbacStore.ADMIN);
  }

  /**
   * Whether {@code user} holds {@code privilege} on {@code db} and object {@code object} (null:
   * the database-level object {@code *}).
   */
  static boolean has(RbacStore.State s, String user, String privilege, String db, String object, boolean userObject) {
    Map<String, Set<String>> groups = s.groups();
    for (String role : s.rolesOf(user)) {
      if (RbacStore.ADMIN.equals(role)) {
        return true;
      }
      for (RbacStore.Grant g : s.grantsByRole().getOrDefault(role, List.of())) {
        if (!"*".equals(g.db()) && !g.db().equals(db)) {
          continue;
        }
        boolean isUserGrant = "User".equals(g.objectType());
        if (isUserGrant && !userObject) {
          continue;
        }
        boolean nameMatches = "*".equals(g.objectName()) || (object != null && g.objectName().equals(object));
        if (!nameMatches || (userObject && !isUserGrant && !"*".equals(g.objectName()))) {
          continue;
        }
        if (Privileges.covers(g.privilege(), privilege, groups)) {
          return true;
        }
      }
    }
    return false;
  }

  private static QuiverException denied(String privilege, String who, String db) {
    return new QuiverException(ErrorCode.PERMISSION_DENIED,
        "Privilege" + privilege + ": permission deny to " + who + " in the `" + db + "` database");
  }

  // ------------------------------------------------------------------ visibility (answers filtered by the service)

  /** Whether {@code p} may see and do everything: authorization off, root, or a member of admin. */
  public boolean seesEverything(Principal p) {
    return switch (p) {
      case Principal.Anonymous a -> true;
      case Principal.Key k -> false;
      case Principal.User u -> superuser(u.name(), rbac.state());
    };
  }

  /** Whether {@code p} sees database {@code db} in ListDatabases. */
  public boolean databaseVisible(Principal p, String db) {
    return switch (p) {
      case Principal.Anonymous a -> true;
      case Principal.Key k -> k.key().allowsDatabase(db);
      case Principal.User u -> {
        RbacStore.State s = rbac.state();
        if (superuser(u.name(), s) || has(s, u.name(), "ListDatabases", db, null, false)) {
          yield true;
        }
        for (String role : s.rolesOf(u.name())) {
          for (RbacStore.Grant g : s.grantsByRole().getOrDefault(role, List.of())) {
            if (!"User".equals(g.objectType()) && ("*".equals(g.db()) || g.db().equals(db))) {
              yield true;
            }
          }
        }
        yield false;
      }
    };
  }

  /** Whether {@code p} sees collection {@code name} of {@code db} in listings (ShowCollections, resource groups). */
  public boolean collectionVisible(Principal p, String db, String name) {
    return switch (p) {
      case Principal.Anonymous a -> true;
      case Principal.Key k -> k.key().allowsDatabase(db);
      case Principal.User u -> {
        RbacStore.State s = rbac.state();
        if (superuser(u.name(), s) || has(s, u.name(), "ShowCollections", db, null, false)) {
          yield true;
        }
        for (String role : s.rolesOf(u.name())) {
          for (RbacStore.Grant g : s.grantsByRole().getOrDefault(role, List.of())) {
            if (!"User".equals(g.objectType()) && ("*".equals(g.db()) || g.db().equals(db))
                && ("*".equals(g.objectName()) || g.objectName().equals(name))) {
              yield true;
            }
          }
        }
        yield false;
      }
    };
  }

  /** Whether {@code p} holds {@code privilege} on collection {@code name} of {@code db} (null: the database). */
  public boolean allowed(Principal p, String privilege, String db, String name) {
    return switch (p) {
      case Principal.Anonymous a -> true;
      case Principal.Key k -> k.key().allowsDatabase(db) && k.key().role().allows(privilege);
      case Principal.User u -> {
        RbacStore.State s = rbac.state();
        yield superuser(u.name(), s) || has(s, u.name(), privilege, db, name, false);
      }
    };
  }
}
