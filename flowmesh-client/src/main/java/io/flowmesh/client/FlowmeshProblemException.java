package io.flowmesh.client;

/**
 * Flowmesh answered with an error: the {@link Problem} it sent (RFC 9457), or one made from the
 * status line when the answer was not a problem document (a proxy's 502 page, say).
 */
public final class FlowmeshProblemException extends FlowmeshException {

  private final transient Problem problem;

  /** The exception for a problem answer. */
  public FlowmeshProblemException(Problem problem) {
    super(message(problem));
    this.problem = problem;
  }

  /** The problem as Flowmesh sent it. */
  public Problem problem() {
    return problem;
  }

  /** The HTTP status, e.g. 404. */
  public int status() {
    return problem.status();
  }

  /** The problem's {@code detail}; null if it had none. */
  public String detail() {
    return problem.detail();
  }

  private static String message(Problem problem) {
    String text = problem.status() + " " + (problem.title() == null ? "" : problem.title());
    return problem.detail() == null ? text.strip() : text.strip() + ": " + problem.detail();
  }
}
