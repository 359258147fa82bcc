package io.flowmesh.orchestrator.definition;

import io.flowmesh.web.InvalidRequestException;
import org.springframework.util.unit.DataSize;

/**
 * A definition is larger than {@link DefinitionLimits#maxDocumentSize()}. An invalid request like
 * any other, so wherever it is not told apart it is still answered as one.
 */
public class DefinitionTooLargeException extends InvalidRequestException {

  DefinitionTooLargeException(DataSize limit) {
    super(
        "$",
        "is larger than "
            + DefinitionLimits.property("max-document-size")
            + " allows: at most "
            + limit.toBytes()
            + " bytes as compact JSON");
  }

  /** The problem as one sentence. */
  public String detail() {
    return "The definition " + problems().getFirst().message() + ".";
  }
}
