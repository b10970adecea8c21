package io.quiver.control.resource;

import io.micronaut.core.annotation.Introspected;
import java.util.Map;

/**
 * A request to create a Collection or EncryptionKey in the tenant's namespace.
 *
 * @param name the resource's name (a Kubernetes object name: lower-case letters, digits, '-' and
 *     '.', at most 253 characters)
 * @param spec the resource's {@code spec}, exactly as the CRD defines it (crds/samples shows
 *     examples); validated against the CRD's schema and rules
 */
@Introspected
public record CreateResource(String name, Map<String, Object> spec) {
}
