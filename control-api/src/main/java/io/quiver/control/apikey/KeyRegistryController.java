package io.quiver.control.apikey;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.quiver.control.auth.ServiceToken;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;

/**
 * The key registry the data plane polls ({@code security.api-keys.url}); it authenticates with the
 * service token {@code control.api-keys.registry-token}, never with a person's token. The answer
 * holds only hashes (docs/security.md, "The key registry endpoint").
 */
@Controller("/api/v1/key-registry")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "key-registry")
public class KeyRegistryController {

  private final ApiKeyService keys;
  private final ServiceToken token;

  public KeyRegistryController(ApiKeyService keys, ServiceToken token) {
    this.keys = keys;
    this.token = token;
  }

  @Get
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "The key registry for the data plane (service token)")
  public HttpResponse<Map<String, Object>> keyRegistry(@Header("Authorization") @io.micronaut.core.annotation.Nullable String authorization) {
    token.require(authorization, "the key registry");
    return HttpResponse.ok(keys.publish());
  }
}
