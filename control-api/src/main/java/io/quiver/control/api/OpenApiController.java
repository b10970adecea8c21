package io.quiver.control.api;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Serves the OpenAPI document generated from the controllers at build time (micronaut-openapi
 * writes it to {@value #RESOURCE}). Public: it holds no data.
 */
@Controller("/api/v1/openapi.yml")
@Hidden
public class OpenApiController {

  static final String RESOURCE = "META-INF/swagger/quiver-control-api-v1.yml";
  private final byte[] document;

  public OpenApiController() {
    try (InputStream in = OpenApiController.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the OpenAPI document " + RESOURCE + " is missing from the build");
      }
      document = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Get
  @Produces("application/yaml")
  public HttpResponse<byte[]> openApi() {
    return HttpResponse.ok(document).contentType(MediaType.of("application/yaml"));
  }
}
