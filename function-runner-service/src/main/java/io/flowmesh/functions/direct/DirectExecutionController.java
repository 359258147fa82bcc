package io.flowmesh.functions.direct;

import io.flowmesh.web.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /execute}, the Workflow Builder's function runner call, for trying a function
 * directly. A function's failure is its answer, so it is a 200 with {@code "success": false};
 * problems are for calls that cannot run (ADR 0022).
 */
@RestController
@Tag(name = "Functions")
class DirectExecutionController {

  private final DirectExecutionService executions;

  DirectExecutionController(DirectExecutionService executions) {
    this.executions = executions;
  }

  @PostMapping("/execute")
  @Operation(
      summary =
          "Run a function once and answer its outcome; the same execution_id answers the same"
              + " outcome again")
  ResponseEntity<ExecuteResponse> execute(Tenant tenant, @RequestBody ExecuteRequest request) {
    DirectExecutionService.Answer answer = executions.execute(tenant, request);
    ResponseEntity.BodyBuilder response = ResponseEntity.ok();
    if (answer.replayed()) {
      response.header("Idempotent-Replayed", "true");
    }
    return response.body(ExecuteResponse.of(answer.execution()));
  }
}
