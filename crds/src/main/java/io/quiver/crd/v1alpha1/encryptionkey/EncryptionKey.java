package io.quiver.crd.v1alpha1.encryptionkey;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A customer key (BYOK) protecting a tenant's or a database's data; the operator hands its versions to the
 * data plane.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Group("quiver.io")
@Version("v1alpha1")
@Kind("EncryptionKey")
@Plural("encryptionkeys")
@ShortNames("qek")
@AdditionalPrinterColumn(name = "Scope", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".spec.scope.type", getDescription = "Scope type", priority = 0)
@AdditionalPrinterColumn(name = "Tenant", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".spec.scope.tenant", getDescription = "Tenant", priority = 0)
@AdditionalPrinterColumn(name = "Phase", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.phase", getDescription = "Phase", priority = 0)
@AdditionalPrinterColumn(name = "Version", type = AdditionalPrinterColumn.Type.INTEGER, jsonPath = ".status.activeVersion", getDescription = "Active version", priority = 0)
@AdditionalPrinterColumn(name = "Ready", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", getDescription = "Whether the resource is ready", priority = 0)
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE, jsonPath = ".metadata.creationTimestamp", getDescription = "Time since creation", priority = 0)
public class EncryptionKey extends CustomResource<EncryptionKeySpec, EncryptionKeyStatus> implements Namespaced {

}
