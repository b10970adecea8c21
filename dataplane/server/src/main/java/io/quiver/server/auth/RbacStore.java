package io.quiver.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quiver.engine.error.ErrorCode;
import io.quiver.engine.error.QuiverException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Milvus users, roles, grants and privilege groups, persisted in the catalog under {@code rbac/}
 * and held in memory as one immutable {@link State} that readers use without locking.
 *
 * <p>Built-in roles: {@code admin} (every privilege) and {@code public} (every user's implicit
 * role; it has no grants until an administrator adds some). The user {@code root} is created on
 * first start with {@code security.root-password}, is a member of {@code admin}, can do
 * everything and cannot be deleted.
 *
 * <p>Catalog keys (values are JSON):
 *
 * <pre>
 * rbac/user/NAME                                  {"name", "password": "pbkdf2-sha512$...", "roles": [...], "createdMs"}
 * rbac/role/NAME                                  {"name"}
 * rbac/grant/ROLE/OBJECT_TYPE/DB/OBJECT/PRIVILEGE {"role", "objectType", "objectName", "db", "privilege", "grantor"}
 * rbac/group/NAME                                 {"name", "privileges": [...]}
 * </pre>
 *
 * Every change is one atomic catalog transaction, made durable before the call returns.
 */
public final class RbacStore {

  private static final Logger LOG = LoggerFactory.getLogger(RbacStore.class);

  public static final String ROOT = "root";
  public static final String ADMIN = "admin";
  public static final String PUBLIC = "public";
  public static final String DEFAULT_ROOT_PASSWORD = "Milvus";
  /** Milvus's defaults ({@code proxy.maxUserNum}, {@code proxy.maxRoleNum}). */
  public static final int MAX_USERS = 100;
  public static final int MAX_ROLES = 10;
  public static final int MAX_PRIVILEGE_GROUPS = 100;
  /**
   * Most keys one catalog transaction changes when a role is dropped (an etcd catalog accepts 128
   * operations; dropping a role also updates each of its up to MAX_USERS members).
   */
  static final int TXN_OPS = 25;
  public static final int MIN_PASSWORD = 6;
  public static final int MAX_PASSWORD = 256;

  static final String USER = "rbac/user/";
  static final String ROLE = "rbac/role/";
  static final String GRANT = "rbac/grant/";
  static final String GROUP = "rbac/group/";
  static final ObjectMapper JSON = new ObjectMapper();

  private static final Pattern USER_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,31}");
  private static final Pattern ROLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,31}");
  private static final Pattern GROUP_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");
  private static final Pattern OBJECT_NAME = Pattern.compile("\\*|[A-Za-z_][A-Za-z0-9_.-]{0,254}");
  private static final Set<String> OBJECT_TYPES = Set.of("Global", "Collection", "User");

  /** Where the records live: the catalog's {@code rbac/} keys. */
  public interface Persistence {
    /** Every record under {@code rbac/}, key to value. */
    Map<String, byte[]> load() throws IOException;

    /** Atomically puts and deletes records under {@code rbac/}, durably. */
    void apply(Map<String, byte[]> puts, Collection<String> deletes) throws IOException;
  }

  /** Persistence that keeps records in memory only (tests, and servers without a catalog). */
  public static Persistence inMemory() {
    Map<String, byte[]> map = new ConcurrentHashMap<>();
    return new Persistence() {
      @Override
      public Map<String, byte[]> load() {
        return Map.copyOf(map);
      }

      @Override
      public synchronized void apply(Map<String, byte[]> puts, Collection<String> deletes) {
        deletes.forEach(map::remove);
        map.putAll(puts);
      }
    };
  }

  /**
   * A user.
   *
   * @param name user name
   * @param passwordHash {@link PasswordHasher} string
   * @param roles explicit roles (never {@code public}, which every user has)
   * @param createdMs creation time
   */
  public record User(String name, String passwordHash, Set<String> roles, long createdMs) {
    public User {
      roles = Set.copyOf(roles);
    }

    @Override
    public String toString() {
      return "User[" + name + ", roles=" + roles + "]";
    }
  }

  /**
   * One granted privilege.
   *
   * @param role the role holding it
   * @param objectType Global, Collection or User
   * @param objectName a collection or user name, or {@code *}
   * @param db a database name, or {@code *}
   * @param privilege a privilege, group (built-in or custom) or {@code *}
   * @param grantor the user who granted it
   */
  public record Grant(String role, String objectType, String objectName, String db, String privilege, String grantor) {
    String key() {
      return GRANT + role + "/" + objectType + "/" + db + "/" + objectName + "/" + privilege;
    }

    /** The same grant regardless of who granted it. */
    boolean sameAs(Grant g) {
      return g.role.equals(role) && g.objectType.equals(objectType) && g.objectName.equals(objectName) && g.db.equals(db)
          && g.privilege.equals(privilege);
    }
  }

  /** Everything, immutable. */
  public record State(Map<String, User> users, Set<String> roles, Map<String, List<Grant>> grantsByRole,
      Map<String, Set<String>> groups) {

    public State {
      users = Map.copyOf(users);
      roles = Set.copyOf(roles);
      Map<String, List<Grant>> g = new TreeMap<>();
      grantsByRole.forEach((k, v) -> g.put(k, List.copyOf(v)));
      grantsByRole = java.util.Collections.unmodifiableMap(g);
      Map<String, Set<String>> gr = new TreeMap<>();
      groups.forEach((k, v) -> gr.put(k, java.util.Collections.unmodifiableSet(new LinkedHashSet<>(v))));
      groups = java.util.Collections.unmodifiableMap(gr);
    }

    /** The roles of {@code user}: its explicit roles plus {@code public}. */
    public Set<String> rolesOf(String user) {
      User u = users.get(user);
      Set<String> out = new LinkedHashSet<>();
      if (u != null) {
        out.addAll(u.roles());
      }
      out.add(PUBLIC);
      return out;
    }

    public boolean roleExists(String role) {
      return ADMIN.equals(role) || PUBLIC.equals(role) || roles.contains(role);
    }

    List<Grant> allGrants() {
      List<Grant> out = new ArrayList<>();
      grantsByRole.values().forEach(out::addAll);
      return out;
    }
  }

  private final Persistence persistence;
  private final PasswordHasher hasher;
  private final String dummyHash;
  private final byte[] macKey = Secrets.random(32);
  /** User name to (stored hash, HMAC of the password that matched it): skips PBKDF2 for a known-good password. */
  private final Map<String, Verified> verified = new ConcurrentHashMap<>();
  /**
   * Bounds the PBKDF2 computations running at once, so that a flood of wrong passwords cannot take
   * every core (passwords that matched before skip PBKDF2 and are not affected).
   */
  private final java.util.concurrent.Semaphore hashing =
      new java.util.concurrent.Semaphore(Math.max(2, Runtime.getRuntime().availableProcessors() / 2), true);
  private volatile State state;

  private record Verified(String storedHash, byte[] mac) {}

  private RbacStore(Persistence persistence, PasswordHasher hasher, State state) {
    this.persistence = persistence;
    this.hasher = hasher;
    this.state = state;
    this.dummyHash = hasher.hash("quiver-dummy-password");
  }

  /**
   * Loads the records; on first start creates {@code root} with {@code rootPassword}. If root
   * exists with another password, the configured one is ignored (root's password is changed with
   * UpdateCredential, as in Milvus) and a warning says so.
   */
  public static RbacStore open(Persistence persistence, PasswordHasher hasher, String rootPassword) throws IOException {
    State loaded = decode(persistence.load());
    RbacStore store = new RbacStore(persistence, hasher, loaded);
    User root = loaded.users().get(ROOT);
    if (root == null) {
      checkPassword(rootPassword);
      User created = new User(ROOT, hasher.hash(rootPassword), Set.of(ADMIN), System.currentTimeMillis());
      persistence.apply(Map.of(USER + ROOT, encode(created)), List.of());
      Map<String, User> users = new LinkedHashMap<>(loaded.users());
      users.put(ROOT, created);
      store.state = new State(users, loaded.roles(), loaded.grantsByRole(), loaded.groups());
      LOG.info("created user root with the password from security.root-password");
    } else if (!PasswordHasher.verify(rootPassword, root.passwordHash())) {
      LOG.warn("security.root-password does not match root's stored password: the stored one is in force "
          + "(root's password was changed with UpdateCredential; the setting is used only on first start)");
    }
    return store;
  }

  public State state() {
    return state;
  }

  // ------------------------------------------------------------------ authentication

  /**
   * Whether {@code password} is {@code user}'s. A password that matched before is recognized by
   * an HMAC (keyed with a random per-process key) instead of PBKDF2; every other attempt costs a
   * full PBKDF2, also for unknown users, so that timing does not tell which users exist.
   */
  public boolean verifyPassword(String user, String password) {
    User u = state.users().get(user);
    if (u == null) {
      slowVerify(password, dummyHash);
      return false;
    }
    byte[] mac = mac(user, password);
    Verified v = verified.get(user);
    if (v != null && v.storedHash.equals(u.passwordHash()) && Secrets.constantTimeEquals(v.mac, mac)) {
      return true;
    }
    if (slowVerify(password, u.passwordHash())) {
      verified.put(user, new Verified(u.passwordHash(), mac));
      return true;
    }
    return false;
  }

  /** PBKDF2 verification, at most a few at once; an attempt that waits more than 10 s fails. */
  private boolean slowVerify(String password, String stored) {
    boolean acquired = false;
    try {
      acquired = hashing.tryAcquire(10, java.util.concurrent.TimeUnit.SECONDS);
      if (!acquired) {
        LOG.warn("password checks are queueing for more than 10 s (a flood of failing logins?); refusing one");
        return false;
      }
      return PasswordHasher.verify(password, stored);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      if (acquired) {
        hashing.release();
      }
    }
  }

  private byte[] mac(String user, String password) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(macKey, "HmacSHA256"));
      m.update(user.getBytes(StandardCharsets.UTF_8));
      m.update((byte) 0);
      return m.doFinal(password.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("the JDK has no HmacSHA256", e);
    }
  }

  // ------------------------------------------------------------------ users

  public synchronized void createUser(String name, String password) {
    checkUserName(name);
    checkPassword(password);
    State s = state;
    if (s.users().containsKey(name)) {
      throw QuiverException.invalid("user %s already exists", name);
    }
    if (s.users().size() >= MAX_USERS) {
      throw QuiverException.invalid("the number of users has reached the limit %d", MAX_USERS);
    }
    User u = new User(name, hasher.hash(password), Set.of(), System.currentTimeMillis());
    Map<String, User> users = new LinkedHashMap<>(s.users());
    users.put(name, u);
    commit(Map.of(USER + name, encode(u)), List.of(), new State(users, s.roles(), s.grantsByRole(), s.groups()));
  }

  /**
   * Changes {@code name}'s password. The old password must match unless {@code skipOldCheck}
   * (the caller is root).
   */
  public synchronized void updatePassword(String name, String oldPassword, String newPassword, boolean skipOldCheck) {
    State s = state;
    User u = s.users().get(name);
    if (u == null) {
      throw new QuiverException(ErrorCode.INVALID_ARGUMENT, "user " + name + " does not exist");
    }
    if (!skipOldCheck && !verifyPassword(name, oldPassword)) {
      throw new QuiverException(ErrorCode.AUTHENTICATION_FAILED, "old password not correct for " + name);
    }
    checkPassword(newPassword);
    User next = new User(name, hasher.hash(newPassword), u.roles(), u.createdMs());
    Map<String, User> users = new LinkedHashMap<>(s.users());
    users.put(name, next);
    commit(Map.of(USER + name, encode(next)), List.of(), new State(users, s.roles(), s.grantsByRole(), s.groups()));
    verified.remove(name);
  }

  /** Deletes {@code name} (absent: nothing happens, as in Milvus); root cannot be deleted. */
  public synchronized void deleteUser(String name) {
    if (ROOT.equals(name)) {
      throw QuiverException.invalid("user root cannot be deleted");
    }
    State s = state;
    if (!s.users().containsKey(name)) {
      return;
    }
    Map<String, User> users = new LinkedHashMap<>(s.users());
    users.remove(name);
    commit(Map.of(), List.of(USER + name), new State(users, s.roles(), s.grantsByRole(), s.groups()));
    verified.remove(name);
  }

  public List<String> userNames() {
    return new ArrayList<>(new TreeSet<>(state.users().keySet()));
  }

  // ------------------------------------------------------------------ roles

  public synchronized void createRole(String name) {
    checkRoleName(name);
    State s = state;
    if (s.roleExists(name)) {
      throw QuiverException.invalid("role %s already exists", name);
    }
    if (s.roles().size() >= MAX_ROLES) {
      throw QuiverException.invalid("the number of roles has reached the limit %d", MAX_ROLES);
    }
    Set<String> roles = new LinkedHashSet<>(s.roles());
    roles.add(name);
    commit(Map.of(ROLE + name, encodeRole(name)), List.of(), new State(s.users(), roles, s.grantsByRole(), s.groups()));
  }

  /**
   * Drops a custom role: removes it from its users; refuses while it holds grants unless
   * {@code force}, which revokes them too.
   */
  public synchronized void dropRole(String name, boolean force) {
    if (ADMIN.equals(name) || PUBLIC.equals(name)) {
      throw QuiverException.invalid("the built-in role %s cannot be dropped", name);
    }
    State s = state;
    if (!s.roles().contains(name)) {
      throw QuiverException.invalid("role %s does not exist", name);
    }
    List<Grant> grants = s.grantsByRole().getOrDefault(name, List.of());
    if (!grants.isEmpty() && !force) {
      throw QuiverException.invalid("role %s still holds %d grants; revoke them first or drop with force_drop", name,
          grants.size());
    }
    // Revoke the grants first, in transactions of at most TXN_OPS keys (an etcd catalog takes 128
    // operations per transaction). Stopping half way leaves the role with fewer grants: safe.
    List<Grant> remaining = new ArrayList<>(grants);
    while (remaining.size() > TXN_OPS) {
      List<Grant> chunk = new ArrayList<>(remaining.subList(0, TXN_OPS));
      remaining.removeAll(chunk);
      List<String> chunkKeys = new ArrayList<>();
      chunk.forEach(g -> chunkKeys.add(g.key()));
      Map<String, List<Grant>> byRole = new LinkedHashMap<>(state.grantsByRole());
      byRole.put(name, new ArrayList<>(remaining));
      commit(Map.of(), chunkKeys, new State(state.users(), state.roles(), byRole, state.groups()));
    }
    s = state;
    Map<String, byte[]> puts = new LinkedHashMap<>();
    List<String> deletes = new ArrayList<>();
    deletes.add(ROLE + name);
    remaining.forEach(g -> deletes.add(g.key()));
    Map<String, User> users = new LinkedHashMap<>(s.users());
    for (User u : s.users().values()) {
      if (u.roles().contains(name)) {
        Set<String> r = new LinkedHashSet<>(u.roles());
        r.remove(name);
        User next = new User(u.name(), u.passwordHash(), r, u.createdMs());
        users.put(u.name(), next);
        puts.put(USER + u.name(), encode(next));
      }
    }
    Set<String> roles = new LinkedHashSet<>(s.roles());
    roles.remove(name);
    Map<String, List<Grant>> byRole = new LinkedHashMap<>(s.grantsByRole());
    byRole.remove(name);
    commit(puts, deletes, new State(users, roles, byRole, s.groups()));
  }

  /** Adds {@code user} to {@code role} or removes it (idempotent). */
  public synchronized void operateUserRole(String user, String role, boolean add) {
    State s = state;
    User u = s.users().get(user);
    if (u == null) {
      throw QuiverException.invalid("user %s does not exist", user);
    }
    if (!s.roleExists(role)) {
      throw QuiverException.invalid("role %s does not exist", role);
    }
    if (PUBLIC.equals(role)) {
      return; // every user has public
    }
    if (ROOT.equals(user) && ADMIN.equals(role) && !add) {
      throw QuiverException.invalid("user root cannot leave the admin role");
    }
    Set<String> roles = new LinkedHashSet<>(u.roles());
    boolean changed = add ? roles.add(role) : roles.remove(role);
    if (!changed) {
      return;
    }
    User next = new User(u.name(), u.passwordHash(), roles, u.createdMs());
    Map<String, User> users = new LinkedHashMap<>(s.users());
    users.put(user, next);
    commit(Map.of(USER + user, encode(next)), List.of(), new State(users, s.roles(), s.grantsByRole(), s.groups()));
  }

  /** Every role, built-in first, then custom ones by name. */
  public List<String> roleNames() {
    List<String> out = new ArrayList<>(List.of(ADMIN, PUBLIC));
    out.addAll(new TreeSet<>(state.roles()));
    return out;
  }

  /** The users holding {@code role} (every user for {@code public}). */
  public List<String> usersOf(String role) {
    List<String> out = new ArrayList<>();
    for (User u : state.users().values()) {
      if (PUBLIC.equals(role) || u.roles().contains(role)) {
        out.add(u.name());
      }
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }

  // ------------------------------------------------------------------ grants

  /** Grants or revokes (idempotent) after validating every part. */
  public synchronized void operatePrivilege(Grant grant, boolean add) {
    State s = state;
    if (!s.roleExists(grant.role())) {
      throw QuiverException.invalid("role %s does not exist", grant.role());
    }
    if (ADMIN.equals(grant.role())) {
      throw QuiverException.invalid("the admin role already has every privilege; its grants cannot be changed");
    }
    if (!OBJECT_TYPES.contains(grant.objectType())) {
      throw QuiverException.invalid("object type %s is invalid; use Global, Collection or User", grant.objectType());
    }
    if (!OBJECT_NAME.matcher(grant.objectName()).matches()) {
      throw QuiverException.invalid("object name %s is invalid", grant.objectName());
    }
    if (!"*".equals(grant.db()) && !OBJECT_NAME.matcher(grant.db()).matches()) {
      throw QuiverException.invalid("database name %s is invalid", grant.db());
    }
    if (!Privileges.isBuiltIn(grant.privilege()) && !s.groups().containsKey(grant.privilege())) {
      throw QuiverException.invalid("privilege %s is not a privilege or a privilege group", grant.privilege());
    }
    Grant normalized = Privileges.isAll(grant.privilege())
        ? new Grant(grant.role(), grant.objectType(), grant.objectName(), grant.db(), Privileges.ALL, grant.grantor())
        : grant;
    List<Grant> current = new ArrayList<>(s.grantsByRole().getOrDefault(grant.role(), List.of()));
    Grant existing = current.stream().filter(normalized::sameAs).findFirst().orElse(null);
    if (add == (existing != null)) {
      return;
    }
    Map<String, byte[]> puts = new LinkedHashMap<>();
    List<String> deletes = new ArrayList<>();
    if (add) {
      current.add(normalized);
      puts.put(normalized.key(), encode(normalized));
    } else {
      current.remove(existing);
      deletes.add(existing.key());
    }
    Map<String, List<Grant>> byRole = new LinkedHashMap<>(s.grantsByRole());
    byRole.put(grant.role(), current);
    commit(puts, deletes, new State(s.users(), s.roles(), byRole, s.groups()));
  }

  /** The grants of {@code role}, filtered by the non-empty arguments. */
  public List<Grant> grants(String role, String objectType, String objectName, String db) {
    State s = state;
    if (!s.roleExists(role)) {
      throw QuiverException.invalid("role %s does not exist", role);
    }
    List<Grant> out = new ArrayList<>();
    for (Grant g : s.grantsByRole().getOrDefault(role, List.of())) {
      if ((objectType.isEmpty() || g.objectType().equals(objectType)) && (objectName.isEmpty() || g.objectName().equals(objectName))
          && (db.isEmpty() || g.db().equals(db))) {
        out.add(g);
      }
    }
    out.sort(Comparator.comparing(Grant::key));
    return out;
  }

  // ------------------------------------------------------------------ privilege groups

  public synchronized void createGroup(String name) {
    checkGroupName(name);
    State s = state;
    if (Privileges.isBuiltIn(name) || s.groups().containsKey(name)) {
      throw QuiverException.invalid("privilege group %s already exists (or is a built-in privilege name)", name);
    }
    if (s.groups().size() >= MAX_PRIVILEGE_GROUPS) {
      throw QuiverException.invalid("the number of privilege groups has reached the limit %d", MAX_PRIVILEGE_GROUPS);
    }
    Map<String, Set<String>> groups = new LinkedHashMap<>(s.groups());
    groups.put(name, Set.of());
    commit(Map.of(GROUP + name, encodeGroup(name, Set.of())), List.of(), new State(s.users(), s.roles(), s.grantsByRole(), groups));
  }

  /** Drops a custom group; refused while a grant uses it. Absent: nothing happens. */
  public synchronized void dropGroup(String name) {
    State s = state;
    if (Privileges.isBuiltIn(name)) {
      throw QuiverException.invalid("the built-in privilege group %s cannot be dropped", name);
    }
    if (!s.groups().containsKey(name)) {
      return;
    }
    for (Grant g : s.allGrants()) {
      if (g.privilege().equals(name)) {
        throw QuiverException.invalid("privilege group %s is granted to role %s; revoke it first", name, g.role());
      }
    }
    Map<String, Set<String>> groups = new LinkedHashMap<>(s.groups());
    groups.remove(name);
    commit(Map.of(), List.of(GROUP + name), new State(s.users(), s.roles(), s.grantsByRole(), groups));
  }

  /** Adds privileges to a custom group or removes them; members must be single built-in privileges. */
  public synchronized void operateGroup(String name, List<String> privileges, boolean add) {
    State s = state;
    if (Privileges.BUILT_IN_GROUPS.containsKey(name)) {
      throw QuiverException.invalid("the built-in privilege group %s cannot be changed", name);
    }
    Set<String> members = s.groups().get(name);
    if (members == null) {
      throw QuiverException.invalid("privilege group %s does not exist", name);
    }
    for (String p : privileges) {
      if (!Privileges.SINGLE.contains(p)) {
        throw QuiverException.invalid("%s is not a privilege (groups cannot contain groups)", p);
      }
    }
    Set<String> next = new LinkedHashSet<>(members);
    if (add) {
      next.addAll(privileges);
    } else {
      next.removeAll(privileges);
    }
    Map<String, Set<String>> groups = new LinkedHashMap<>(s.groups());
    groups.put(name, next);
    commit(Map.of(GROUP + name, encodeGroup(name, next)), List.of(), new State(s.users(), s.roles(), s.grantsByRole(), groups));
  }

  // ------------------------------------------------------------------ validation

  static void checkUserName(String name) {
    if (name == null || !USER_NAME.matcher(name).matches()) {
      throw QuiverException.invalid("invalid user name %s: 1 to 32 characters, the first a letter, the rest letters, digits, "
          + "underscores, dots or hyphens", name);
    }
  }

  static void checkPassword(String password) {
    if (password == null || password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
      throw QuiverException.invalid("the length of a password must be between %d and %d characters", MIN_PASSWORD,
          MAX_PASSWORD);
    }
  }

  static void checkRoleName(String name) {
    if (name == null || !ROLE_NAME.matcher(name).matches()) {
      throw QuiverException.invalid("invalid role name %s: 1 to 32 characters, the first a letter or underscore, the rest "
          + "letters, digits or underscores", name);
    }
  }

  static void checkGroupName(String name) {
    if (name == null || !GROUP_NAME.matcher(name).matches()) {
      throw QuiverException.invalid("invalid privilege group name %s: letters, digits and underscores, not starting with a "
          + "digit", name);
    }
  }

  // ------------------------------------------------------------------ persistence

  private void commit(Map<String, byte[]> puts, List<String> deletes, State next) {
    try {
      persistence.apply(puts, deletes);
    } catch (IOException e) {
      throw new QuiverException(ErrorCode.STORAGE_UNAVAILABLE, "the catalog could not be written: " + e.getMessage(), e);
    }
    state = next;
  }

  static byte[] encode(User u) {
    ObjectNode n = JSON.createObjectNode();
    n.put("name", u.name());
    n.put("password", u.passwordHash());
    ArrayNode roles = n.putArray("roles");
    new TreeSet<>(u.roles()).forEach(roles::add);
    n.put("createdMs", u.createdMs());
    return bytes(n);
  }

  static byte[] encode(Grant g) {
    ObjectNode n = JSON.createObjectNode();
    n.put("role", g.role());
    n.put("objectType", g.objectType());
    n.put("objectName", g.objectName());
    n.put("db", g.db());
    n.put("privilege", g.privilege());
    n.put("grantor", g.grantor());
    return bytes(n);
  }

  static byte[] encodeRole(String name) {
    ObjectNode n = JSON.createObjectNode();
    n.put("name", name);
    return bytes(n);
  }

  static byte[] encodeGroup(String name, Set<String> privileges) {
    ObjectNode n = JSON.createObjectNode();
    n.put("name", name);
    ArrayNode p = n.putArray("privileges");
    privileges.forEach(p::add);
    return bytes(n);
  }

  static State decode(Map<String, byte[]> records) {
    Map<String, User> users = new LinkedHashMap<>();
    Set<String> roles = new LinkedHashSet<>();
    Map<String, List<Grant>> grants = new LinkedHashMap<>();
    Map<String, Set<String>> groups = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> e : new TreeMap<>(records).entrySet()) {
      JsonNode n;
      try {
        n = JSON.readTree(e.getValue());
      } catch (IOException ex) {
        throw new IllegalStateException("corrupt catalog record " + e.getKey(), ex);
      }
      String key = e.getKey();
      if (key.startsWith(USER)) {
        Set<String> r = new LinkedHashSet<>();
        n.get("roles").forEach(x -> r.add(x.asText()));
        users.put(n.get("name").asText(), new User(n.get("name").asText(), n.get("password").asText(), r,
            n.get("createdMs").asLong()));
      } else if (key.startsWith(ROLE)) {
        roles.add(n.get("name").asText());
      } else if (key.startsWith(GRANT)) {
        Grant g = new Grant(n.get("role").asText(), n.get("objectType").asText(), n.get("objectName").asText(),
            n.get("db").asText(), n.get("privilege").asText(), n.get("grantor").asText());
        grants.computeIfAbsent(g.role(), k -> new ArrayList<>()).add(g);
      } else if (key.startsWith(GROUP)) {
        Set<String> p = new LinkedHashSet<>();
        n.get("privileges").forEach(x -> p.add(x.asText()));
        groups.put(n.get("name").asText(), p);
      } else {
        throw new IllegalStateException("unknown catalog record " + key);
      }
    }
    return new State(users, roles, grants, groups);
  }

  private static byte[] bytes(JsonNode n) {
    try {
      return JSON.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
