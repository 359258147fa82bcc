package io.flowmesh.e2e;

import io.flowmesh.launcher.Platform;
import io.flowmesh.testinfra.TestInfrastructure;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The one platform every end-to-end test class runs against: six service processes from their
 * runnable jars, one PostgreSQL, one Kafka. Starting it takes most of a minute, so it starts once,
 * for the first class that asks (a {@link Platform} parameter of a {@code @BeforeAll} method), and
 * stops when all tests have run, before the database and broker it uses go away.
 */
final class SharedPlatform implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SharedPlatform.class);

  /**
   * Where every service of the shared platform exports its spans; started before the platform, and
   * stopped when the JVM ends.
   */
  private static final OtlpReceiver TRACES = OtlpReceiver.start();

  /**
   * Where the openai function pack and the openai connection type send their requests; started
   * before the platform, which is pointed at it (OpenAiPackE2EIT).
   */
  private static final OpenAiServer OPENAI = OpenAiServer.start();

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == Platform.class || type == OtlpReceiver.class || type == OpenAiServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    // Values of the root store that are AutoCloseable are closed when the test plan ends.
    Platform platform =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .computeIfAbsent(Platform.class, type -> start(), Platform.class);
    Class<?> type = parameter.getParameter().getType();
    return type == OtlpReceiver.class ? TRACES : type == OpenAiServer.class ? OPENAI : platform;
  }

  private static Platform start() {
    String databaseUrl = TestInfrastructure.newDatabase("e2e");
    Path root = Path.of(System.getProperty("flowmesh.repository-root", "..")).toAbsolutePath();
    return Platform.builder()
        .repositoryRoot(root)
        .temporaryWorkspace("flowmesh-e2e")
        // each start has a new workspace, so archives would only be written (at exit) and lost
        .classDataSharing(false)
        .externalPostgres(
            databaseUrl,
            TestInfrastructure.postgres().username(),
            TestInfrastructure.postgres().password())
        .externalKafka(TestInfrastructure.kafkaBootstrapServers())
        .freeServicePorts()
        // every span, exported to the receiver tests read traces from (TracingE2EIT)
        .environment("MANAGEMENT_TRACING_EXPORT_ENABLED", "true")
        .environment("MANAGEMENT_TRACING_SAMPLING_PROBABILITY", "1.0")
        .environment(
            "MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT", TRACES.tracesEndpoint())
        // OpenAI's API played on loopback, for the pack's functions and the connection's check
        .environment("FLOWMESH_FUNCTIONS_PACKS_BASEURLS_OPENAI", OPENAI.baseUrl())
        .environment("FLOWMESH_INTEGRATIONS_PROVIDERS_BASEURLS_OPENAI", OPENAI.baseUrl())
        .readinessTimeout(Duration.ofMinutes(4))
        .progress(System.out::println)
        .start();
  }
}
