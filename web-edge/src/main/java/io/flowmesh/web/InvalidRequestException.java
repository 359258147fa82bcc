package io.flowmesh.web;

import java.util.List;

/**
 * A request that is well-formed JSON but breaks the rules of the resource. Carries every problem
 * found, so a client can fix them all at once.
 */
public class InvalidRequestException extends RuntimeException {

  private final List<FieldProblem> problems;

  public InvalidRequestException(List<FieldProblem> problems) {
    super(summary(problems));
    this.problems = List.copyOf(problems);
  }

  public InvalidRequestException(String field, String message) {
    this(List.of(new FieldProblem(field, message)));
  }

  public List<FieldProblem> problems() {
    return problems;
  }

  private static String summary(List<FieldProblem> problems) {
    if (problems.size() == 1) {
      FieldProblem only = problems.getFirst();
      return only.field() + ": " + only.message();
    }
    return problems.size()
        + " problems, the first: "
        + problems.getFirst().field()
        + ": "
        + problems.getFirst().message();
  }

  /**
   * One problem in a request.
   *
   * @param field JSON path of the offending value, e.g. {@code nodes[2].config.function}
   * @param message what is wrong with it
   */
  public record FieldProblem(String field, String message) {}
}
