package io.quiver.server.auth;

/**
 * Who is calling: decided once per call by the authentication interceptor and carried in the
 * gRPC context ({@link AuthContext}).
 */
public sealed interface Principal {

  /** The name recorded as the actor in audit events and used in error messages. */
  String actor();

  /** The tenant for audit events ({@code ""} outside the control plane). */
  default String tenant() {
    return "";
  }

  /**
   * Nobody authenticated because authorization is disabled ({@code security.authorization-enabled
   * = false}): every call is allowed, as in Milvus.
   */
  record Anonymous() implements Principal {
    @Override
    public String actor() {
      return "anonymous";
    }
  }

  /** A Milvus user authenticated by user name and password. */
  record User(String name) implements Principal {
    @Override
    public String actor() {
      return name;
    }

    public boolean isRoot() {
      return RbacStore.ROOT.equals(name);
    }
  }

  /** A control-plane API key (already checked against the registry: known, not expired, not revoked). */
  record Key(ApiKey key) implements Principal {
    @Override
    public String actor() {
      return "apikey:" + key.id();
    }

    @Override
    public String tenant() {
      return key.tenant();
    }
  }

  Principal ANONYMOUS = new Anonymous();
}
