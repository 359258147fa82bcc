package io.flowmesh.events.ingest;

import io.flowmesh.web.InvalidRequestException;
import java.util.List;

/**
 * Well-formed CloudEvents whose data breaks their type's schema: a 422 naming each failing path.
 * Nothing of the request is stored.
 */
public class EventRejectedException extends InvalidRequestException {

  EventRejectedException(List<FieldProblem> problems) {
    super(problems);
  }
}
