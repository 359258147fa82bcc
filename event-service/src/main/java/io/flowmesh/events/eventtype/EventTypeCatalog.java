package io.flowmesh.events.eventtype;

import io.flowmesh.jsonschema.SchemaChecker;
import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.InvalidRequestException.FieldProblem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A tenant's own event types: registered with a schema checked on save, changed only in ways that
 * keep every event the old schema accepted valid ({@link SchemaCompatibility}), and retired (events
 * of a retired type are refused). The platform's types ({@code io.flowmesh.*}) are read only.
 */
@Service
class EventTypeCatalog {

  static final String PLATFORM_PREFIX = "io.flowmesh.";

  private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

  private final EventTypeRepository eventTypes;
  private final SchemaChecker checker = new SchemaChecker("the event type's schema", 20);

  EventTypeCatalog(EventTypeRepository eventTypes) {
    this.eventTypes = eventTypes;
  }

  @Transactional
  EventTypeView register(String tenant, EventTypeRequest request) {
    List<FieldProblem> problems = new ArrayList<>();
    if (request.type() == null || !TYPE.matcher(request.type()).matches()) {
      problems.add(
          new FieldProblem(
              "type",
              "is required: a CloudEvents type of letters, digits, '.', '_' and '-', at most 200"
                  + " characters, e.g. com.acme.order.placed.v1"));
    } else if (request.type().startsWith(PLATFORM_PREFIX)) {
      problems.add(
          new FieldProblem("type", "'" + PLATFORM_PREFIX + "*' is the platform's own namespace"));
    }
    check(request, problems);
    Instant now = Instant.now();
    if (!eventTypes.insert(tenant, request.type(), request.description(), request.schema(), now)) {
      throw new EventTypeConflictException(
          "Event type '" + request.type() + "' exists already; change it with PUT");
    }
    return eventTypes.find(tenant, request.type()).orElseThrow();
  }

  /**
   * @throws EventTypeNotFoundException if the tenant has no own type of that name
   * @throws EventTypeConflictException if the type is retired
   * @throws InvalidRequestException if the new schema is invalid or could refuse events the old one
   *     accepted, naming each path
   */
  @Transactional
  EventTypeView change(String tenant, String type, EventTypeRequest request) {
    EventTypeView current = own(tenant, type);
    if (current.retiredAt() != null) {
      throw new EventTypeConflictException(
          "Event type '" + type + "' was retired at " + current.retiredAt());
    }
    List<FieldProblem> problems = new ArrayList<>();
    if (request.type() != null && !request.type().equals(type)) {
      problems.add(new FieldProblem("type", "cannot be changed; register a new type instead"));
    }
    check(request, problems);
    List<FieldProblem> incompatible = new ArrayList<>();
    for (String problem : SchemaCompatibility.problems(current.schema(), request.schema())) {
      int colon = problem.indexOf(": ");
      incompatible.add(
          new FieldProblem(
              "schema" + problem.substring(1, colon),
              problem.substring(colon + 2)
                  + " (a new schema must accept every event the old one accepted; register a new"
                  + " type, e.g. with a version suffix, instead)"));
    }
    if (!incompatible.isEmpty()) {
      throw new InvalidRequestException(incompatible);
    }
    eventTypes.update(tenant, type, request.description(), request.schema(), Instant.now());
    return eventTypes.find(tenant, type).orElseThrow();
  }

  /** Retires the tenant's own type; retiring it again changes nothing. */
  @Transactional
  EventTypeView retire(String tenant, String type) {
    own(tenant, type);
    eventTypes.retire(tenant, type, Instant.now());
    return eventTypes.find(tenant, type).orElseThrow();
  }

  private EventTypeView own(String tenant, String type) {
    if (type.startsWith(PLATFORM_PREFIX)) {
      throw new EventTypeConflictException(
          "Event type '" + type + "' is the platform's own and cannot be changed");
    }
    return eventTypes.lockOwn(tenant, type).orElseThrow(() -> new EventTypeNotFoundException(type));
  }

  private void check(EventTypeRequest request, List<FieldProblem> problems) {
    if (request.description() == null || request.description().isBlank()) {
      problems.add(new FieldProblem("description", "is required"));
    } else if (request.description().length() > 1000) {
      problems.add(new FieldProblem("description", "must be at most 1000 characters"));
    }
    if (request.schema() == null || request.schema().isNull()) {
      problems.add(
          new FieldProblem("schema", "is required: a JSON Schema of the data ({} accepts any)"));
    } else {
      for (String problem : checker.problems(request.schema())) {
        problems.add(new FieldProblem("schema", problem));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
  }
}
