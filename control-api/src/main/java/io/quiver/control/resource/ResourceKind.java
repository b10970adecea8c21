package io.quiver.control.resource;

import io.fabric8.kubernetes.client.CustomResource;
import io.quiver.crd.v1alpha1.collection.Collection;
import io.quiver.crd.v1alpha1.encryptionkey.EncryptionKey;

/** The custom resources a tenant manages through the REST API, in its own namespace. */
public enum ResourceKind {
  /** A collection on the tenant's data plane. */
  COLLECTION("Collection", Collection.class, "collection", "collections.quiver.io-v1.yml"),
  /** A customer-managed key encrypting the tenant's data (BYOK). */
  ENCRYPTION_KEY("EncryptionKey", EncryptionKey.class, "encryption key", "encryptionkeys.quiver.io-v1.yml");

  private final String kind;
  private final Class<? extends CustomResource<?, ?>> type;
  private final String label;
  private final String crdFile;

  ResourceKind(String kind, Class<? extends CustomResource<?, ?>> type, String label, String crdFile) {
    this.kind = kind;
    this.type = type;
    this.label = label;
    this.crdFile = crdFile;
  }

  /** The Kubernetes kind, e.g. {@code Collection}. */
  public String kind() {
    return kind;
  }

  /** The model class from the crds module. */
  public Class<? extends CustomResource<?, ?>> type() {
    return type;
  }

  /** How messages name it, e.g. {@code encryption key}. */
  public String label() {
    return label;
  }

  /** The CRD's file under {@code crds/generated} (on the classpath under {@code crds/}). */
  String crdFile() {
    return crdFile;
  }
}
