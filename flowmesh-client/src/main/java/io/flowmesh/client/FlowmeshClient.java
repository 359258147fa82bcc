package io.flowmesh.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;

/**
 * The client of one Flowmesh gateway with one API key. Thread-safe; make one and share it.
 *
 * <pre>{@code
 * FlowmeshClient flowmesh = FlowmeshClient.builder()
 *     .baseUrl("http://127.0.0.1:8080")
 *     .apiKey(System.getenv("FLOWMESH_API_KEY"))
 *     .build();
 * Runs.Accepted started = flowmesh.runs().start(Runs.StartRun.of("hello", Map.of("message", "hi")));
 * Runs.Run run = flowmesh.runs().waitForEnd(started.runId(), Duration.ofMinutes(1));
 * }</pre>
 *
 * Errors are {@link FlowmeshProblemException} (the API's RFC 9457 problem), {@link
 * FlowmeshConnectionException} (no answer, after the retries of the {@link RetryPolicy}) and {@link
 * FlowmeshTimeoutException} (a wait ran out). docs/sdk.md has the whole guide.
 */
public final class FlowmeshClient {

  private final URI baseUrl;
  private final Definitions definitions;
  private final Runs runs;
  private final Tasks tasks;
  private final WebhookSubscriptions webhookSubscriptions;
  private final Events events;
  private final Triggers triggers;
  private final Schedules schedules;
  private final WorkerTasks workerTasks;

  private FlowmeshClient(Builder builder) {
    this.baseUrl = builder.baseUrl;
    HttpClient http =
        builder.httpClient != null
            ? builder.httpClient
            : HttpClient.newBuilder().connectTimeout(builder.connectTimeout).build();
    Transport transport =
        new Transport(builder.baseUrl, builder.apiKey, http, builder.retry, builder.requestTimeout);
    this.definitions = new Definitions(transport);
    this.runs = new Runs(transport);
    this.tasks = new Tasks(transport, runs);
    this.webhookSubscriptions = new WebhookSubscriptions(transport);
    this.events = new Events(transport);
    this.triggers = new Triggers(transport);
    this.schedules = new Schedules(transport);
    this.workerTasks = new WorkerTasks(transport);
  }

  /** A builder; {@code baseUrl} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The gateway this client calls. */
  public URI baseUrl() {
    return baseUrl;
  }

  /** Workflow definitions: save (a new version each time), list, read, versions. */
  public Definitions definitions() {
    return definitions;
  }

  /** Runs: start, read, wait for the end, list, cancel, pause, resume, retry, history. */
  public Runs runs() {
    return runs;
  }

  /** Manual tasks and approval gates. */
  public Tasks tasks() {
    return tasks;
  }

  /** Webhook subscriptions. */
  public WebhookSubscriptions webhookSubscriptions() {
    return webhookSubscriptions;
  }

  /** CloudEvents sent to Flowmesh. */
  public Events events() {
    return events;
  }

  /** Event triggers. */
  public Triggers triggers() {
    return triggers;
  }

  /** Schedules. */
  public Schedules schedules() {
    return schedules;
  }

  /**
   * The worker API: lease and answer tasks of {@code worker} functions. The runtime in {@code
   * io.flowmesh.client.worker} uses it for you.
   */
  public WorkerTasks workerTasks() {
    return workerTasks;
  }

  /** Settings of a {@link FlowmeshClient}. */
  public static final class Builder {

    private URI baseUrl;
    private String apiKey;
    private RetryPolicy retry = RetryPolicy.DEFAULT;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private HttpClient httpClient;

    private Builder() {}

    /** The gateway, e.g. {@code http://127.0.0.1:8080}. */
    public Builder baseUrl(String url) {
      return baseUrl(URI.create(url));
    }

    /** The gateway. */
    public Builder baseUrl(URI url) {
      this.baseUrl = Objects.requireNonNull(url, "baseUrl");
      return this;
    }

    /** The API key, sent as {@code Authorization: Bearer <key>}. */
    public Builder apiKey(String key) {
      this.apiKey = key;
      return this;
    }

    /** When calls are sent again; {@link RetryPolicy#DEFAULT} unless set. */
    public Builder retryPolicy(RetryPolicy policy) {
      this.retry = Objects.requireNonNull(policy, "retryPolicy");
      return this;
    }

    /** How long a connection may take to open; 5 s unless set. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Objects.requireNonNull(timeout, "connectTimeout");
      return this;
    }

    /** How long one attempt may wait for its answer; 30 s unless set. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = Objects.requireNonNull(timeout, "requestTimeout");
      return this;
    }

    /** An HTTP client of your own (proxy, TLS, executor); its connect timeout then applies. */
    public Builder httpClient(HttpClient client) {
      this.httpClient = client;
      return this;
    }

    /** The client. */
    public FlowmeshClient build() {
      Objects.requireNonNull(baseUrl, "baseUrl is required");
      return new FlowmeshClient(this);
    }
  }
}
