package io.flowmesh.launcher;

import io.flowmesh.launcher.services.RunningService;
import java.nio.file.Path;
import java.util.Locale;

/** What {@code ./flowmesh run} prints once everything is ready. */
final class Banner {

  /** The sample workflow: trigger, the builtin {@code core/echo} function, end. */
  static final String SAMPLE_RUN =
      "{\"definition\": {\"id\":\"hello\",\"name\":\"Hello\",\"nodes\":["
          + "{\"id\":\"trigger\",\"type\":\"trigger\",\"config\":{}},"
          + "{\"id\":\"echo\",\"type\":\"action\",\"config\":{\"function\":\"core/echo\","
          + "\"input\":{\"message\":\"{{trigger.message}}\"}}},"
          + "{\"id\":\"end\",\"type\":\"end\",\"config\":{}}],"
          + "\"edges\":[{\"id\":\"e1\",\"source\":\"trigger\",\"target\":\"echo\"},"
          + "{\"id\":\"e2\",\"source\":\"echo\",\"target\":\"end\"}]},"
          + " \"triggerData\": {\"message\":\"hello\"}}";

  private Banner() {}

  static String of(Platform platform, Path repositoryRoot) {
    StringBuilder text = new StringBuilder();
    String gateway = platform.gatewayUrl();
    String key = platform.apiKey();
    text.append('\n')
        .append(
            String.format(
                Locale.ROOT,
                "Flowmesh is up: all services ready in %.1f s.%n%n",
                platform.startupTime().toMillis() / 1000.0))
        .append("  Gateway      ")
        .append(gateway)
        .append('\n')
        .append("  Console      ")
        .append(gateway)
        .append("/console   (sign in with the dev API key)\n")
        .append("  Dev API key  ")
        .append(key)
        .append("   (tenant \"")
        .append(platform.tenant())
        .append("\")\n");
    for (RunningService service : platform.services()) {
      text.append(String.format("    %-24s %s%n", service.service().module(), service.url()));
    }
    text.append("  PostgreSQL   ")
        .append(platform.postgres().jdbcUrl())
        .append("  (postgres/postgres)\n")
        .append("  Kafka        ")
        .append(platform.kafkaBootstrapServers())
        .append('\n')
        .append("  Data         ")
        .append(relative(repositoryRoot, platform.workspace().data()))
        .append("   (./flowmesh run --fresh starts empty)\n")
        .append("  Logs         ")
        .append(relative(repositoryRoot, platform.workspace().logs()))
        .append("/\n\n")
        .append("Run the sample workflow (trigger -> core/echo -> end) and fetch the run:\n\n")
        .append(sampleCurl(gateway, key))
        .append("\n\nCtrl-C (or ./flowmesh stop) stops everything.\n");
    return text.toString();
  }

  static String sampleCurl(String gateway, String apiKey) {
    return "RUN_ID=$(curl -s -X POST "
        + gateway
        + "/api/v1/runs -H 'Authorization: Bearer "
        + apiKey
        + "' -H 'Content-Type: application/json' -d '"
        + SAMPLE_RUN
        + "' | grep -o '\"runId\":\"[^\"]*\"' | cut -d'\"' -f4); echo \"run $RUN_ID\"\n"
        + "sleep 1; curl -s "
        + gateway
        + "/api/v1/runs/$RUN_ID -H 'Authorization: Bearer "
        + apiKey
        + "'; echo";
  }

  private static String relative(Path root, Path path) {
    return path.startsWith(root) ? root.relativize(path).toString() : path.toString();
  }
}
