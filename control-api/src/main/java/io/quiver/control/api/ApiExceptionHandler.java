package io.quiver.control.api;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.ConversionErrorHandler;
import jakarta.inject.Singleton;

/** Turns {@link ApiException} into its status and an {@link ErrorBody}. */
@Singleton
@Produces
public final class ApiExceptionHandler implements ExceptionHandler<ApiException, HttpResponse<ErrorBody>> {

  @Override
  public HttpResponse<ErrorBody> handle(HttpRequest request, ApiException e) {
    return HttpResponse.<ErrorBody>status(HttpStatus.valueOf(e.status()))
        .body(new ErrorBody(e.status(), e.getMessage(), e.field()));
  }

  /**
   * A body that does not bind (bad JSON, a value of the wrong type, an unknown field): 400 naming
   * the field by its JSON path.
   */
  @Singleton
  @Produces
  @Replaces(ConversionErrorHandler.class)
  public static final class BindingErrors implements ExceptionHandler<ConversionErrorException, HttpResponse<ErrorBody>> {

    @Override
    public HttpResponse<ErrorBody> handle(HttpRequest request, ConversionErrorException e) {
      Throwable cause = e.getConversionError().getCause();
      String field = e.getArgument().getName();
      String message = cause == null ? e.getMessage() : cause.getMessage();
      if (cause instanceof JsonMappingException jm && !jm.getPath().isEmpty()) {
        field = path(jm);
        message = cause instanceof UnrecognizedPropertyException
            ? "unknown field"
            : "has the wrong type or format (" + jm.getOriginalMessage().split("\n")[0] + ")";
      } else if (cause instanceof com.fasterxml.jackson.core.JsonProcessingException jp) {
        message = "is not valid JSON (" + jp.getOriginalMessage() + ")";
      }
      return HttpResponse.<ErrorBody>badRequest().body(new ErrorBody(400, field + ": " + message, field));
    }

    private static String path(JsonMappingException e) {
      StringBuilder sb = new StringBuilder();
      for (JsonMappingException.Reference r : e.getPath()) {
        if (r.getFieldName() != null) {
          if (!sb.isEmpty()) {
            sb.append('.');
          }
          sb.append(r.getFieldName());
        } else if (r.getIndex() >= 0) {
          sb.append('[').append(r.getIndex()).append(']');
        }
      }
      return sb.toString();
    }
  }
}
