package io.quiver.control.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Introspected;

/**
 * The body of every error answer.
 *
 * @param status the HTTP status
 * @param error what went wrong, naming the field for bad input
 * @param field the request field at fault, when there is one
 */
@Introspected
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(int status, String error, String field) {
}
