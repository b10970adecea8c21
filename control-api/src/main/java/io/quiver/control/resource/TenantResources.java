package io.quiver.control.resource;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quiver.control.api.ApiException;
import io.quiver.control.apikey.ApiKeyService;
import io.quiver.control.tenant.KubernetesTenants;
import io.quiver.crd.schema.SchemaValidator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A tenant's Collection and EncryptionKey custom resources, kept in the tenant's namespace (the
 * operator reconciles them). A request is checked the way the API server checks it, against the
 * committed CRD's schema and CEL rules ({@link SchemaValidator}), plus the tenant boundary: a
 * collection's database and an encryption key's scope must be the tenant's own. Only the tenant's
 * namespace is ever read or written, so another tenant's resources are simply not there.
 *
 * <p>Without a cluster there are no custom resources: every call answers 409.
 */
public final class TenantResources {

  /** Label naming the tenant on every resource created here. */
  public static final String TENANT_LABEL = "quiver.io/tenant";
  static final String API_VERSION = "quiver.io/v1alpha1";
  private static final String NAME_PATTERN = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Optional<KubernetesClient> client;
  private final Map<ResourceKind, SchemaValidator> validators = new EnumMap<>(ResourceKind.class);

  public TenantResources(Optional<KubernetesClient> client) {
    this.client = client;
    for (ResourceKind k : ResourceKind.values()) {
      validators.put(k, new SchemaValidator(schema(k)));
    }
  }

  /** The openAPIV3Schema of {@code kind}'s CRD, read from the classpath. */
  static JsonNode schema(ResourceKind kind) {
    String resource = "crds/" + kind.crdFile();
    try (InputStream in = TenantResources.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("the CRD " + resource + " is not on the classpath");
      }
      JsonNode crd = YAML.readTree(in);
      return crd.path("spec").path("versions").path(0).path("schema").path("openAPIV3Schema");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the CRD " + resource, e);
    }
  }

  private KubernetesClient cluster(ResourceKind kind, String verb) {
    return client.orElseThrow(() -> ApiException.needsCluster(verb + " " + kind.label() + "s"));
  }

  public List<ResourceView> list(ResourceKind kind, String namespace) {
    KubernetesClient c = cluster(kind, "listing");
    return call(() -> c.resources(kind.type()).inNamespace(namespace).list().getItems().stream()
        .map(this::view).sorted(Comparator.comparing(ResourceView::name)).toList());
  }

  public Optional<ResourceView> get(ResourceKind kind, String namespace, String name) {
    KubernetesClient c = cluster(kind, "reading");
    if (name == null || !name.matches(NAME_PATTERN)) {
      return Optional.empty();
    }
    return call(() -> Optional.ofNullable(c.resources(kind.type()).inNamespace(namespace).withName(name).get())
        .map(this::view));
  }

  /** Validates and creates the resource; 400 naming the field, 409 when it exists. */
  public ResourceView create(ResourceKind kind, String tenant, String namespace, CreateResource request) {
    KubernetesClient c = cluster(kind, "creating");
    ObjectNode object = validate(kind, tenant, namespace, request);
    HasMetadata resource;
    try {
      resource = c.getKubernetesSerialization().unmarshal(JSON.writeValueAsString(object), kind.type());
    } catch (IOException | RuntimeException e) {
      throw ApiException.badRequest("spec", "cannot be read as a " + kind.kind() + ": " + e.getMessage());
    }
    try {
      return view(c.resource(resource).inNamespace(namespace).create());
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        throw ApiException.conflict(kind.label() + " " + request.name() + " already exists");
      }
      if (e.getCode() == 422 || e.getCode() == 400) {
        // the API server's own checks (e.g. a newer CRD than this control API's); its message names the field
        throw ApiException.badRequest("spec", "the Kubernetes API refused the " + kind.kind() + ": "
            + (e.getStatus() != null ? e.getStatus().getMessage() : e.getMessage()));
      }
      throw ApiException.upstream("the Kubernetes API failed: " + e.getMessage());
    }
  }

  /** Deletes the resource; false when there was none. */
  public boolean delete(ResourceKind kind, String namespace, String name) {
    KubernetesClient c = cluster(kind, "deleting");
    if (name == null || !name.matches(NAME_PATTERN)) {
      return false;
    }
    return call(() -> !c.resources(kind.type()).inNamespace(namespace).withName(name).delete().isEmpty());
  }

  /**
   * The object to create, with the CRD's defaults filled in, or a 400 naming the first field at
   * fault (all problems are in the message).
   */
  ObjectNode validate(ResourceKind kind, String tenant, String namespace, CreateResource request) {
    if (request.name() == null || request.name().isEmpty()) {
      throw ApiException.badRequest("name", "is required");
    }
    if (request.name().length() > 253 || !request.name().matches(NAME_PATTERN)) {
      throw ApiException.badRequest("name", "must be a Kubernetes object name (lower-case letters, digits, '-' and '.', "
          + "starting and ending with a letter or digit, at most 253 characters), got " + request.name());
    }
    if (request.spec() == null) {
      throw ApiException.badRequest("spec", "is required (the " + kind.kind() + "'s spec as in crds/samples)");
    }
    ObjectNode spec = JSON.valueToTree(request.spec());
    tenantBoundary(kind, tenant, spec);
    ObjectNode object = JSON.createObjectNode();
    object.put("apiVersion", API_VERSION);
    object.put("kind", kind.kind());
    ObjectNode metadata = object.putObject("metadata");
    metadata.put("name", request.name());
    metadata.put("namespace", namespace);
    String[] managed = KubernetesTenants.MANAGED_BY.split("=", 2);
    metadata.putObject("labels").put(managed[0], managed[1]).put(TENANT_LABEL, tenant);
    object.set("spec", spec);
    SchemaValidator validator = validators.get(kind);
    List<SchemaValidator.Violation> violations = validator.validate(object);
    if (!violations.isEmpty()) {
      SchemaValidator.Violation first = violations.getFirst();
      String field = first.path().equals("<root>") ? "spec" : first.path();
      String more = violations.size() == 1 ? "" : " (also: " + violations.stream().skip(1).map(Object::toString)
          .collect(Collectors.joining("; ")) + ")";
      throw ApiException.badRequest(field, first.message() + more);
    }
    return (ObjectNode) validator.withDefaults(object);
  }

  /** A collection's database and an encryption key's scope must be the tenant's. */
  private static void tenantBoundary(ResourceKind kind, String tenant, ObjectNode spec) {
    switch (kind) {
      case COLLECTION -> {
        if (!spec.has("database")) {
          spec.put("database", tenant); // the CRD's default, "default", is no tenant's
        }
        String db = spec.path("database").asText(null);
        if (!spec.path("database").isTextual() || !ApiKeyService.isTenantDatabase(tenant, db)) {
          throw ApiException.badRequest("spec.database", "must be one of the tenant's databases: " + tenant + " or "
              + tenant + "_<letters, digits, _>; got " + spec.path("database"));
        }
      }
      case ENCRYPTION_KEY -> {
        if (spec.path("scope").isObject()) {
          ObjectNode scope = (ObjectNode) spec.get("scope");
          if (!scope.has("tenant")) {
            scope.put("tenant", tenant);
          }
          if (!tenant.equals(scope.path("tenant").asText(null)) || !scope.path("tenant").isTextual()) {
            throw ApiException.badRequest("spec.scope.tenant", "must be this tenant, " + tenant + "; got "
                + scope.path("tenant"));
          }
          if (scope.has("database") && !ApiKeyService.isTenantDatabase(tenant, scope.path("database").asText(null))) {
            throw ApiException.badRequest("spec.scope.database", "must be one of the tenant's databases: " + tenant
                + " or " + tenant + "_<letters, digits, _>; got " + scope.path("database"));
          }
        }
      }
      default -> throw new IllegalStateException(kind.name());
    }
  }

  private ResourceView view(HasMetadata resource) {
    JsonNode tree;
    try {
      tree = JSON.readTree(client.orElseThrow().getKubernetesSerialization().asJson(resource));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Object> spec = JSON.convertValue(tree.path("spec"), new TypeReference<>() { });
    Map<String, Object> status = tree.path("status").isObject()
        ? JSON.convertValue(tree.path("status"), new TypeReference<>() { }) : null;
    return new ResourceView(resource.getMetadata().getName(), resource.getMetadata().getNamespace(), spec, status,
        resource.getMetadata().getCreationTimestamp());
  }

  private static <T> T call(java.util.function.Supplier<T> action) {
    try {
      return action.get();
    } catch (KubernetesClientException e) {
      throw ApiException.upstream("the Kubernetes API failed: " + e.getMessage());
    }
  }
}
