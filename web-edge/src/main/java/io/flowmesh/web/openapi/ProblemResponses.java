package io.flowmesh.web.openapi;

import io.flowmesh.model.ProblemTypes;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.http.HttpStatus;

/**
 * Documents the errors every operation can answer, as the services and the gateway really answer
 * them: RFC 9457 problems ({@code application/problem+json}) of one shared {@code Problem} schema,
 * with the {@code errors} list of {@code InvalidRequestException}. Which statuses an operation gets
 * follows from its shape (a path variable can be unknown, a body can be too large, a change can
 * conflict with the resource's state); an error a controller declares itself keeps its description
 * and gets the problem body.
 */
class ProblemResponses implements OpenApiCustomizer {

  static final String PROBLEM_JSON =
      org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;
  static final String PROBLEM_SCHEMA = "Problem";
  static final String FIELD_PROBLEM_SCHEMA = "FieldProblem";

  /** What each status means at Flowmesh's API, and the problem type it comes with. */
  private record Kind(String description, URI type, String detail) {}

  private static final Map<String, Kind> KINDS = kinds();

  @Override
  public void customise(OpenAPI api) {
    if (api.getComponents() == null) {
      api.components(new Components());
    }
    addSchemas(api.getComponents());
    KINDS.forEach(
        (status, kind) -> api.getComponents().addExamples(exampleName(status), example(status)));
    if (api.getPaths() == null) {
      return;
    }
    api.getPaths()
        .forEach(
            (path, item) ->
                item.readOperationsMap()
                    .forEach((method, operation) -> document(path, method, operation)));
  }

  private void document(String path, PathItem.HttpMethod method, Operation operation) {
    if (operation.getResponses() == null) {
      operation.responses(new ApiResponses());
    }
    ApiResponses responses = operation.getResponses();
    for (String status : statusesOf(path, method, operation)) {
      responses.computeIfAbsent(status, code -> new ApiResponse());
    }
    responses.forEach(
        (status, response) -> {
          if (isError(status) && response.get$ref() == null) {
            if (response.getDescription() == null || response.getDescription().isBlank()) {
              response.description(descriptionOf(status));
            }
            response.content(problemContent(status, response.getContent()));
          }
        });
    sortByStatus(operation);
  }

  private static List<String> statusesOf(
      String path, PathItem.HttpMethod method, Operation operation) {
    boolean changes = method != PathItem.HttpMethod.GET && method != PathItem.HttpMethod.HEAD;
    boolean identifiesResource = path.contains("{");
    List<String> statuses = new ArrayList<>(List.of("400", "401"));
    if (identifiesResource) {
      statuses.add("404");
    }
    if (changes) {
      statuses.add("409");
    }
    if (operation.getRequestBody() != null) {
      statuses.add("413");
    }
    statuses.addAll(List.of("429", "500", "503"));
    return statuses;
  }

  private static boolean isError(String status) {
    return status.startsWith("4") || status.startsWith("5");
  }

  private static String descriptionOf(String status) {
    Kind kind = KINDS.get(status);
    if (kind != null) {
      return kind.description();
    }
    // A range such as 4XX has no reason phrase.
    HttpStatus known =
        status.matches("\\d{3}") ? HttpStatus.resolve(Integer.parseInt(status)) : null;
    return known == null ? "Error" : known.getReasonPhrase();
  }

  /** The problem body; examples a controller gave for it are kept instead of the generic one. */
  private static Content problemContent(String status, Content declared) {
    MediaType media = new MediaType().schema(new Schema<>().$ref(schemaRef(PROBLEM_SCHEMA)));
    MediaType given = declared == null ? null : declared.get(PROBLEM_JSON);
    if (given != null && given.getExamples() != null && !given.getExamples().isEmpty()) {
      media.examples(given.getExamples());
    } else if (KINDS.containsKey(status)) {
      media.addExamples(
          KINDS.get(status).type().getPath().replaceFirst(".*/", ""),
          new Example().$ref(exampleName(status)));
    }
    return new Content().addMediaType(PROBLEM_JSON, media);
  }

  /** Responses in status order, so a reader finds the success first and 4xx before 5xx. */
  static void sortByStatus(Operation operation) {
    ApiResponses sorted = new ApiResponses();
    operation.getResponses().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(entry -> sorted.addApiResponse(entry.getKey(), entry.getValue()));
    sorted.setExtensions(operation.getResponses().getExtensions());
    operation.responses(sorted);
  }

  private static void addSchemas(Components components) {
    Schema<Object> fieldProblem =
        object("One problem with one field of a request.")
            .addProperty(
                "field",
                string("JSON path of the offending value, e.g. `nodes[2].config.actionId`."))
            .addProperty("message", string("What is wrong with it."))
            .required(List.of("field", "message"));
    Schema<Object> errors =
        typed("array")
            .items(new Schema<>().$ref(schemaRef(FIELD_PROBLEM_SCHEMA)))
            .description("Every problem found in the request, so all can be fixed at once.");
    Schema<Object> problem =
        object("An RFC 9457 problem: every error of the Flowmesh API has this shape.")
            .addProperty(
                "type",
                string(
                        "A stable URI naming the kind of problem, e.g."
                            + " `https://flowmesh.io/problems/validation-error`; match on it, not on"
                            + " the title.")
                    .format("uri"))
            .addProperty("title", string("A short summary of the kind of problem."))
            .addProperty("status", integer("The HTTP status code."))
            .addProperty("detail", string("What went wrong with this request, for a human."))
            .addProperty(
                "instance",
                string("The request path the problem occurred on.").format("uri-reference"))
            .addProperty("errors", errors)
            .required(List.of("type", "title", "status"));
    components.addSchemas(FIELD_PROBLEM_SCHEMA, fieldProblem);
    components.addSchemas(PROBLEM_SCHEMA, problem);
  }

  private static Example example(String status) {
    Kind kind = KINDS.get(status);
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("type", kind.type().toString());
    value.put("title", HttpStatus.valueOf(Integer.parseInt(status)).getReasonPhrase());
    value.put("status", Integer.parseInt(status));
    value.put("detail", kind.detail());
    if (status.equals("400")) {
      value.put("errors", List.of(Map.of("field", "input", "message", "must be a JSON object")));
    }
    return new Example().summary(kind.description()).value(value);
  }

  static String exampleName(String status) {
    return "problem-" + status;
  }

  private static String schemaRef(String name) {
    return "#/components/schemas/" + name;
  }

  private static Schema<Object> object(String description) {
    return typed("object").description(description);
  }

  private static Schema<Object> string(String description) {
    return typed("string").description(description);
  }

  private static Schema<Object> integer(String description) {
    return typed("integer").format("int32").description(description);
  }

  /** {@code type} is what OpenAPI 3.0 writes, {@code types} what 3.1 writes; set both. */
  private static Schema<Object> typed(String type) {
    Schema<Object> schema = new Schema<>();
    schema.type(type);
    schema.addType(type);
    return schema;
  }

  private static Map<String, Kind> kinds() {
    Map<String, Kind> kinds = new LinkedHashMap<>();
    kinds.put(
        "400",
        new Kind(
            "The request is malformed or invalid; `errors` names each offending field.",
            ProblemTypes.VALIDATION,
            "input: must be a JSON object"));
    kinds.put(
        "401",
        new Kind(
            "No API key, or one the gateway does not know. Send `Authorization: Bearer fm_...`.",
            ProblemTypes.UNAUTHORIZED,
            "The request has no Authorization header. Send 'Authorization: Bearer <api key>'."));
    kinds.put(
        "404",
        new Kind(
            "No such resource for the caller's tenant (another tenant's resources are never"
                + " visible).",
            ProblemTypes.NOT_FOUND,
            "No webhook subscription 'whs_01a21115aa4371f98c7a952773a82457' exists."));
    kinds.put(
        "409",
        new Kind(
            "The resource's current state does not allow this (the detail names the state), or"
                + " an Idempotency-Key was reused for a different request.",
            ProblemTypes.CONFLICT,
            "Run 'run_01a21115aaef7adbbacac0bc91ae1be5' is COMPLETED; only a run that has not"
                + " finished can be cancelled"));
    kinds.put(
        "413",
        new Kind(
            "The request body is larger than the gateway accepts.",
            ProblemTypes.PAYLOAD_TOO_LARGE,
            "The request body is larger than the limit of 1 MB."));
    kinds.put(
        "429",
        new Kind(
            "The tenant's request rate is used up (when the gateway limits it); retry after the"
                + " seconds in `Retry-After`.",
            ProblemTypes.RATE_LIMITED,
            "Too many requests for this tenant. Retry after the time in the Retry-After header."));
    kinds.put(
        "500",
        new Kind(
            "An unexpected error; it has been logged. The detail never contains internals.",
            ProblemTypes.INTERNAL,
            "An unexpected error occurred; it has been logged."));
    kinds.put(
        "503",
        new Kind(
            "The service behind the gateway is not reachable right now; retry later.",
            ProblemTypes.UNAVAILABLE,
            "The service that handles this request is unavailable. Try again later."));
    return kinds;
  }
}
