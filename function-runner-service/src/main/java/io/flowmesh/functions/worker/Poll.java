package io.flowmesh.functions.worker;

import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.InvalidRequestException.FieldProblem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A poll request checked and completed with the defaults.
 *
 * @param functions the slugs, without duplicates
 * @param maxTasks the most tasks to lease
 * @param waitTime how long to wait for tasks
 * @param lease how long each lease lasts
 * @param workerId the worker's name, may be null
 */
record Poll(
    List<String> functions, int maxTasks, Duration waitTime, Duration lease, String workerId) {

  private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*");
  private static final int MAX_FUNCTIONS = 50;

  static Poll of(PollRequest request, WorkerProperties limits) {
    List<FieldProblem> problems = new ArrayList<>();
    List<String> functions = request.functions() == null ? List.of() : request.functions();
    if (functions.isEmpty() || functions.size() > MAX_FUNCTIONS) {
      problems.add(
          new FieldProblem("functions", "must name 1 to " + MAX_FUNCTIONS + " function slugs"));
    }
    for (int i = 0; i < functions.size(); i++) {
      String slug = functions.get(i);
      if (slug == null || slug.length() > 100 || !SLUG.matcher(slug).matches()) {
        problems.add(
            new FieldProblem("functions[" + i + "]", "must be a slug such as acme/send-invoice"));
      }
    }
    int maxTasks = request.maxTasks() == null ? 1 : request.maxTasks();
    if (maxTasks < 1 || maxTasks > limits.maxTasks()) {
      problems.add(new FieldProblem("maxTasks", "must be between 1 and " + limits.maxTasks()));
    }
    long maxWait = limits.maxWait().toSeconds();
    long wait = request.waitSeconds() == null ? maxWait : request.waitSeconds();
    if (wait < 0 || wait > maxWait) {
      problems.add(new FieldProblem("waitSeconds", "must be between 0 and " + maxWait));
    }
    if (request.workerId() != null && request.workerId().length() > 200) {
      problems.add(new FieldProblem("workerId", "must be at most 200 characters"));
    }
    Duration lease = lease(request.leaseSeconds(), limits, problems);
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
    return new Poll(
        functions.stream().distinct().toList(),
        maxTasks,
        Duration.ofSeconds(wait),
        lease,
        request.workerId());
  }

  /** The lease a worker asked for, or the default; refused outside 1 s to the maximum. */
  static Duration lease(Integer seconds, WorkerProperties limits) {
    List<FieldProblem> problems = new ArrayList<>();
    Duration lease = lease(seconds, limits, problems);
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
    return lease;
  }

  private static Duration lease(
      Integer seconds, WorkerProperties limits, List<FieldProblem> problems) {
    if (seconds == null) {
      return limits.leaseDuration();
    }
    long max = limits.maxLeaseDuration().toSeconds();
    if (seconds < 1 || seconds > max) {
      problems.add(new FieldProblem("leaseSeconds", "must be between 1 and " + max));
    }
    return Duration.ofSeconds(seconds);
  }
}
