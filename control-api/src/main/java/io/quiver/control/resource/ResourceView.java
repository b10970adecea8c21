package io.quiver.control.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Introspected;
import java.util.Map;

/**
 * A tenant's Collection or EncryptionKey as the REST API shows it.
 *
 * @param name the resource's name
 * @param namespace the tenant's namespace it lives in
 * @param spec its spec (with the CRD's defaults filled in)
 * @param status what the operator reported, or null before it did
 * @param createdAt the creation time (ISO-8601), or null
 */
@Introspected
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResourceView(String name, String namespace, Map<String, Object> spec, Map<String, Object> status,
    String createdAt) {
}
