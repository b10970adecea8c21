package io.quiver.crd.v1alpha1.vectorcluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.quiver.crd.common.Placement;
import io.quiver.crd.common.StorageSpec;
import java.util.List;
import java.util.Objects;

/**
 * The desired state of a VectorCluster: a Quiver data-plane deployment.
 *
 * <p>The data-plane pods run {@code image:version}. {@code replicas}, {@code resources}, {@code placement}
 * and {@code storage} describe the cluster's default resource group; further node pools are ResourceGroups.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.replicas <= 1 || (has(self.objectStore) && has(self.etcd))", message = "more than one node needs objectStore and etcd")
public class VectorClusterSpec {

  @JsonPropertyDescription("Data-plane container image repository.")
  @Default("quiver/quiver")
  @Size(min = 1, max = 512)
  @Pattern("^[^\\s:@]+(:[0-9]+)?[^\\s:@]*$")
  private String image;

  @JsonPropertyDescription("Image tag: the Quiver version to run.")
  @Required
  @Pattern("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")
  private String version;

  @JsonPropertyDescription("Pull policy of the data-plane image.")
  @Default("IfNotPresent")
  private PullPolicy imagePullPolicy;

  @JsonPropertyDescription("Secrets for pulling the images.")
  private List<LocalObjectReference> imagePullSecrets;

  @JsonPropertyDescription("Nodes of the default resource group.")
  @Default("1")
  @Min(0)
  @Max(100)
  private Integer replicas;

  @JsonPropertyDescription("CPU and memory of each node of the default group.")
  private ResourceRequirements resources;

  @JsonPropertyDescription("Scheduling of the default group's nodes.")
  private Placement placement;

  @JsonPropertyDescription("Volume of each node (write-ahead log, segment cache).")
  private StorageSpec storage;

  @JsonPropertyDescription("Object store for segments and logs; omit for local volumes only (one node).")
  private ObjectStoreSpec objectStore;

  @JsonPropertyDescription("Metadata store; omit for a local catalog (one node).")
  private EtcdSpec etcd;

  @JsonPropertyDescription("Authentication on the Milvus endpoint.")
  private AuthSpec auth;

  @JsonPropertyDescription("Defaults for collections on this cluster.")
  private CollectionDefaults defaults;

  @JsonPropertyDescription("Exposure of the client Service.")
  private ServiceSpec service;

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public String getVersion() {
    return version;
  }

  public void setVersion(String version) {
    this.version = version;
  }

  public PullPolicy getImagePullPolicy() {
    return imagePullPolicy;
  }

  public void setImagePullPolicy(PullPolicy imagePullPolicy) {
    this.imagePullPolicy = imagePullPolicy;
  }

  public List<LocalObjectReference> getImagePullSecrets() {
    return imagePullSecrets;
  }

  public void setImagePullSecrets(List<LocalObjectReference> imagePullSecrets) {
    this.imagePullSecrets = imagePullSecrets;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  public Placement getPlacement() {
    return placement;
  }

  public void setPlacement(Placement placement) {
    this.placement = placement;
  }

  public StorageSpec getStorage() {
    return storage;
  }

  public void setStorage(StorageSpec storage) {
    this.storage = storage;
  }

  public ObjectStoreSpec getObjectStore() {
    return objectStore;
  }

  public void setObjectStore(ObjectStoreSpec objectStore) {
    this.objectStore = objectStore;
  }

  public EtcdSpec getEtcd() {
    return etcd;
  }

  public void setEtcd(EtcdSpec etcd) {
    this.etcd = etcd;
  }

  public AuthSpec getAuth() {
    return auth;
  }

  public void setAuth(AuthSpec auth) {
    this.auth = auth;
  }

  public CollectionDefaults getDefaults() {
    return defaults;
  }

  public void setDefaults(CollectionDefaults defaults) {
    this.defaults = defaults;
  }

  public ServiceSpec getService() {
    return service;
  }

  public void setService(ServiceSpec service) {
    this.service = service;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof VectorClusterSpec that)) {
      return false;
    }
    return Objects.equals(image, that.image)
        && Objects.equals(version, that.version)
        && Objects.equals(imagePullPolicy, that.imagePullPolicy)
        && Objects.equals(imagePullSecrets, that.imagePullSecrets)
        && Objects.equals(replicas, that.replicas)
        && Objects.equals(resources, that.resources)
        && Objects.equals(placement, that.placement)
        && Objects.equals(storage, that.storage)
        && Objects.equals(objectStore, that.objectStore)
        && Objects.equals(etcd, that.etcd)
        && Objects.equals(auth, that.auth)
        && Objects.equals(defaults, that.defaults)
        && Objects.equals(service, that.service);
  }

  @Override
  public int hashCode() {
    return Objects.hash(image, version, imagePullPolicy, imagePullSecrets, replicas, resources, placement, storage, objectStore, etcd, auth, defaults, service);
  }

  @Override
  public String toString() {
    return "VectorClusterSpec{"
        + "image=" + image
        + ", version=" + version
        + ", imagePullPolicy=" + imagePullPolicy
        + ", imagePullSecrets=" + imagePullSecrets
        + ", replicas=" + replicas
        + ", resources=" + resources
        + ", placement=" + placement
        + ", storage=" + storage
        + ", objectStore=" + objectStore
        + ", etcd=" + etcd
        + ", auth=" + auth
        + ", defaults=" + defaults
        + ", service=" + service
        + "}";
  }
}
