package io.flowmesh.functions.worker;

import io.flowmesh.functions.worker.TaskAnswers.Failure;
import io.flowmesh.model.run.ExecutionError;
import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.InvalidRequestException.FieldProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Checks a worker's failure and turns it into the error the run records. */
final class Failures {

  /** Upper case, digits and underscores, like the platform's own codes (e.g. HTTP_503). */
  private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,99}");

  private Failures() {}

  static ExecutionError error(Failure failure) {
    List<FieldProblem> problems = new ArrayList<>();
    if (failure.code() == null || !CODE.matcher(failure.code()).matches()) {
      problems.add(
          new FieldProblem(
              "code",
              "is required: upper-case letters, digits and underscores, e.g. OUT_OF_STOCK"));
    }
    if (failure.message() == null
        || failure.message().isBlank()
        || failure.message().length() > 2000) {
      problems.add(new FieldProblem("message", "is required, at most 2000 characters"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
    boolean retryable = failure.retryable() == null || failure.retryable();
    return new ExecutionError(failure.code(), failure.message(), retryable);
  }
}
