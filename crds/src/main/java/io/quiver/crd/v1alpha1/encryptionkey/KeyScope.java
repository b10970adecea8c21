package io.quiver.crd.v1alpha1.encryptionkey;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/**
 * The tenant or database the key protects.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "(self.type == 'Database') == has(self.database)", message = "database is required for type Database and not allowed for type Tenant")
public class KeyScope {

  @JsonPropertyDescription("Scope type.")
  @Required
  private KeyScopeType type;

  @JsonPropertyDescription("Tenant name.")
  @Required
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
  @Size(max = 253)
  private String tenant;

  @JsonPropertyDescription("Database, for type Database.")
  @Pattern("^[A-Za-z_][A-Za-z0-9_]*$")
  @Size(max = 255)
  private String database;

  public KeyScopeType getType() {
    return type;
  }

  public void setType(KeyScopeType type) {
    this.type = type;
  }

  public String getTenant() {
    return tenant;
  }

  public void setTenant(String tenant) {
    this.tenant = tenant;
  }

  public String getDatabase() {
    return database;
  }

  public void setDatabase(String database) {
    this.database = database;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof KeyScope that)) {
      return false;
    }
    return Objects.equals(type, that.type)
        && Objects.equals(tenant, that.tenant)
        && Objects.equals(database, that.database);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, tenant, database);
  }

  @Override
  public String toString() {
    return "KeyScope{"
        + "type=" + type
        + ", tenant=" + tenant
        + ", database=" + database
        + "}";
  }
}
