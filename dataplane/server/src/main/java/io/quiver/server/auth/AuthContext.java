package io.quiver.server.auth;

import io.grpc.Context;

/**
 * The caller of the current gRPC call, and what it may see, as the authentication interceptor
 * put them in the gRPC {@link Context}. Without the interceptor (unit tests of the service) the
 * caller is {@link Principal#ANONYMOUS} and sees everything.
 */
public final class AuthContext {

  static final Context.Key<Access> ACCESS = Context.key("quiver-access");

  private AuthContext() {}

  /** The current call's access. */
  public static Access current() {
    Access a = ACCESS.get();
    return a == null ? Access.UNRESTRICTED : a;
  }

  /** A context carrying {@code access}. */
  public static Context with(Context parent, Access access) {
    return parent.withValue(ACCESS, access);
  }

  /**
   * A principal together with the authorizer, for the filtering the service does itself
   * (listings, by-id lookups).
   */
  public static final class Access {

    static final Access UNRESTRICTED = new Access(Principal.ANONYMOUS, null);

    private final Principal principal;
    private final Authorizer authorizer;

    public Access(Principal principal, Authorizer authorizer) {
      this.principal = principal;
      this.authorizer = authorizer;
    }

    public Principal principal() {
      return principal;
    }

    /** Whether the caller may see and do everything (authorization off, root, or a member of admin). */
    public boolean seesEverything() {
      return authorizer == null || authorizer.seesEverything(principal);
    }

    /** Whether ListDatabases shows {@code db}. */
    public boolean databaseVisible(String db) {
      return authorizer == null || authorizer.databaseVisible(principal, db);
    }

    /** Whether listings show collection {@code name} of {@code db}. */
    public boolean collectionVisible(String db, String name) {
      return authorizer == null || authorizer.collectionVisible(principal, db, name);
    }

    /** Whether the caller holds {@code privilege} on collection {@code name} (null: the database) of {@code db}. */
    public boolean allowed(String privilege, String db, String name) {
      return authorizer == null || authorizer.allowed(principal, privilege, db, name);
    }
  }
}
