package io.flowmesh.orchestrator.definition;

import java.util.Map;
import java.util.Set;

/**
 * A node output as the Workflow Builder shows it: {@code {"success": true, "data": ...}}, where
 * {@code data} is the output itself, except for an HTTP response ({@code system/http-request}),
 * whose data is its body (docs/adr/0024-node-outputs-in-the-workflow-builder-shape.md).
 */
public final class SeedOutputs {

  private static final Set<String> HTTP_RESPONSE = Set.of("status", "headers", "body");

  private SeedOutputs() {}

  /** What {@code {{node.data...}}} and the seed's {@code data} mean for this stored output. */
  public static Object data(Object output) {
    if (isHttpResponse(output)) {
      return ((Map<?, ?>) output).get("body");
    }
    return output;
  }

  /** Whether the output is what {@code system/http-request} returns: status, headers and body. */
  public static boolean isHttpResponse(Object output) {
    return output instanceof Map<?, ?> map && map.keySet().equals(HTTP_RESPONSE);
  }
}
