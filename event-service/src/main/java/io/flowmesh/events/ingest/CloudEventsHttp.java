package io.flowmesh.events.ingest;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventDeserializationException;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.rw.CloudEventRWException;
import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.InvalidRequestException.FieldProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the CloudEvents of an HTTP request in any of the HTTP protocol binding's three modes:
 * structured ({@code application/cloudevents+json}), batch ({@code
 * application/cloudevents-batch+json}, a JSON array of structured events) and binary (the
 * attributes in {@code ce-*} headers, the body as the data). The SDK parses each event; the
 * required attributes are checked first, so that a missing one is named precisely.
 */
final class CloudEventsHttp {

  static final String STRUCTURED = "application/cloudevents+json";
  static final String BATCH = "application/cloudevents-batch+json";

  private static final String[] REQUIRED = {"specversion", "id", "source", "type"};

  /**
   * An event read from the request.
   *
   * @param where how problems name the event's fields: {@code ""} for the request's only event,
   *     {@code "[2]."} for the third of a batch
   */
  record Received(String where, CloudEvent event) {}

  private final JsonMapper json;
  private final JsonFormat format = new JsonFormat();

  CloudEventsHttp(JsonMapper json) {
    this.json = json;
  }

  /**
   * @throws NotACloudEventException if the request is in none of the modes
   * @throws InvalidRequestException naming each missing or malformed attribute
   */
  List<Received> read(HttpHeaders headers, byte[] body, int maxBatch) {
    MediaType contentType = headers.getContentType();
    String type =
        contentType == null
            ? ""
            : (contentType.getType() + "/" + contentType.getSubtype()).toLowerCase(Locale.ROOT);
    if (type.equals(STRUCTURED)) {
      return List.of(structured("", tree(body, "the body")));
    }
    if (type.equals(BATCH)) {
      return batch(body, maxBatch);
    }
    if (headers.containsHeader("ce-specversion")) {
      return List.of(binary(headers, body));
    }
    throw new NotACloudEventException(
        "Send CloudEvents in one of the HTTP binding's modes: structured (Content-Type "
            + STRUCTURED
            + "), batch ("
            + BATCH
            + ") or binary (ce-specversion, ce-id, ce-source and ce-type headers)");
  }

  private List<Received> batch(byte[] body, int maxBatch) {
    JsonNode array = tree(body, "the batch");
    if (!array.isArray()) {
      throw new InvalidRequestException("$", "a batch is a JSON array of CloudEvents");
    }
    if (array.isEmpty()) {
      throw new InvalidRequestException("$", "a batch holds at least one CloudEvent");
    }
    if (array.size() > maxBatch) {
      throw new EventTooLargeException(
          "The batch holds " + array.size() + " events; at most " + maxBatch + " are accepted");
    }
    List<FieldProblem> problems = new ArrayList<>();
    List<Received> events = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      try {
        events.add(structured("[" + i + "].", array.get(i)));
      } catch (InvalidRequestException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
    return events;
  }

  private Received structured(String where, JsonNode event) {
    if (!event.isObject()) {
      throw new InvalidRequestException(
          where.isEmpty() ? "$" : where.substring(0, where.length() - 1),
          "a CloudEvent is a JSON object");
    }
    List<FieldProblem> problems = new ArrayList<>();
    for (String attribute : REQUIRED) {
      JsonNode value = event.get(attribute);
      if (value == null || !value.isString() || value.asString().isBlank()) {
        problems.add(new FieldProblem(where + attribute, requiredMessage(attribute)));
      }
    }
    JsonNode version = event.get("specversion");
    if (problems.isEmpty() && !"1.0".equals(version.asString())) {
      problems.add(
          new FieldProblem(
              where + "specversion",
              "CloudEvents " + version.asString() + " is not supported; send specversion 1.0"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
    try {
      return new Received(where, format.deserialize(json.writeValueAsBytes(event)));
    } catch (EventDeserializationException | CloudEventRWException e) {
      throw new InvalidRequestException(where.isEmpty() ? "$" : where, reason(e));
    }
  }

  private Received binary(HttpHeaders headers, byte[] body) {
    List<FieldProblem> problems = new ArrayList<>();
    for (String attribute : REQUIRED) {
      String value = headers.getFirst("ce-" + attribute);
      if (value == null || value.isBlank()) {
        problems.add(new FieldProblem("ce-" + attribute, requiredMessage(attribute)));
      }
    }
    if (problems.isEmpty() && !"1.0".equals(headers.getFirst("ce-specversion"))) {
      problems.add(
          new FieldProblem(
              "ce-specversion",
              "CloudEvents "
                  + headers.getFirst("ce-specversion")
                  + " is not supported; send specversion 1.0"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
    try {
      Map<String, List<String>> multimap = new LinkedHashMap<>();
      headers.forEach(multimap::put);
      return new Received(
          "", HttpMessageFactory.createReaderFromMultimap(multimap, body).toEvent());
    } catch (CloudEventRWException e) {
      throw new InvalidRequestException("ce-*", reason(e));
    }
  }

  private JsonNode tree(byte[] body, String what) {
    try {
      return json.readTree(body);
    } catch (JacksonException e) {
      throw new InvalidRequestException("$", what + " is not valid JSON");
    }
  }

  private static String requiredMessage(String attribute) {
    return "the required attribute '" + attribute + "' is missing or not a non-empty string";
  }

  /** The SDK's reason, which names the attribute and the value's problem, never our internals. */
  private static String reason(RuntimeException e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message = cause.getMessage() == null ? e.getMessage() : cause.getMessage();
    return "not a valid CloudEvent: " + (message == null ? "unreadable" : message);
  }
}
