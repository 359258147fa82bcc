package io.flowmesh.cli;

import io.flowmesh.client.FlowmeshClient;
import io.flowmesh.client.Page;
import io.flowmesh.client.RunStatus;
import io.flowmesh.client.Runs;
import io.flowmesh.client.Runs.NodeAttempt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "runs", description = "Start, watch, list, read, cancel and retry runs.")
final class RunsCommand {

  @Spec CommandSpec spec;

  private FlowmeshCommand root() {
    return FlowmeshCommand.of(spec);
  }

  @Command(name = "start", description = "Start a run of a workflow's latest version.")
  int start(
      @Parameters(paramLabel = "<workflow>", description = "The workflow id") String workflow,
      @Option(
              names = "--input",
              defaultValue = "{}",
              description = "The input: JSON, or a file holding it; default {}")
          String input,
      @Option(names = "--wait", description = "Watch the run to its end, node by node")
          boolean wait,
      @Option(
              names = "--timeout",
              defaultValue = "PT5M",
              description = "How long --wait waits (ISO-8601); default ${DEFAULT-VALUE}")
          Duration timeout,
      @Option(names = "--idempotency-key", description = "The same key starts one run only")
          String idempotencyKey,
      @Option(names = "--business-key", description = "One run per workflow and business key")
          String businessKey,
      @Option(
              names = "--definition-version",
              description = "The definition version; default the latest")
          Integer version) {
    FlowmeshClient client = root().client();
    Output out = root().output();
    Runs.StartRun start =
        new Runs.StartRun(
            workflow, JsonArguments.parse("--input", input), version, businessKey, idempotencyKey);
    Runs.Accepted accepted = client.runs().start(start);
    if (!wait) {
      out.print(
          accepted,
          List.of("RUN", "WORKFLOW", "VERSION", "STATUS"),
          List.of(
              List.of(
                  accepted.runId(),
                  accepted.workflowId(),
                  accepted.version(),
                  accepted.status().name())));
      return ExitCodes.OK;
    }
    out.line(
        "run "
            + accepted.runId()
            + " of "
            + accepted.workflowId()
            + " v"
            + accepted.version()
            + " started");
    Runs.Run run = watch(client, out, accepted.runId(), timeout);
    return ended(out, run);
  }

  /** Prints each node attempt when it appears or changes state, until the run ends. */
  private static Runs.Run watch(FlowmeshClient client, Output out, String runId, Duration timeout) {
    Map<String, String> shown = new HashMap<>();
    RunStatus[] lastStatus = {null};
    Runs.Run run =
        client
            .runs()
            .waitForEnd(
                runId,
                timeout,
                read -> {
                  // the run's state first: the history read after it may be further along
                  if (read.status() != lastStatus[0] && !read.status().ended()) {
                    out.line("run " + read.status());
                  }
                  lastStatus[0] = read.status();
                  for (NodeAttempt attempt : client.runs().history(runId)) {
                    String key =
                        attempt.nodeId() + "#" + attempt.attempt() + "#" + attempt.itemIndex();
                    if (!attempt.status().equals(shown.put(key, attempt.status()))) {
                      out.line(
                          "  "
                              + attempt.nodeId()
                              + (attempt.itemIndex() == null ? "" : "[" + attempt.itemIndex() + "]")
                              + (attempt.attempt() > 1
                                  ? " (attempt " + attempt.attempt() + ")"
                                  : "")
                              + "  "
                              + attempt.status());
                    }
                  }
                });
    return run;
  }

  private static int ended(Output out, Runs.Run run) {
    if (out.json()) {
      out.printJson(run);
    } else {
      out.line("run " + run.status());
      if (run.error() != null) {
        out.line("error: " + Output.compact(run.error()));
      }
      if (run.outputs() != null && run.status() == RunStatus.COMPLETED) {
        out.line("outputs: " + Output.compact(run.outputs()));
      }
    }
    return run.status() == RunStatus.COMPLETED ? ExitCodes.OK : ExitCodes.RUN_NOT_COMPLETED;
  }

  @Command(name = "list", description = "List runs, newest first.")
  int list(
      @Option(names = "--workflow", description = "Runs of this workflow") String workflow,
      @Option(
              names = "--status",
              split = ",",
              description = "One state or several, e.g. FAILED,CANCELLED")
          List<String> statuses,
      @Option(names = "--business-key", description = "Runs with this business key")
          String businessKey,
      @Mixin PageOptions page) {
    Runs.Filter filter =
        new Runs.Filter(
            workflow, states(statuses), null, null, businessKey, page.limit, page.cursor);
    Page<Runs.Summary> runs = root().client().runs().list(filter);
    List<List<Object>> rows = new ArrayList<>();
    for (Runs.Summary run : runs.items()) {
      rows.add(
          Arrays.asList(
              run.runId(),
              run.workflowId(),
              run.version(),
              run.status().name(),
              run.startedAt(),
              run.completedAt()));
    }
    Output out = root().output();
    out.print(runs, List.of("RUN", "WORKFLOW", "VERSION", "STATUS", "STARTED", "ENDED"), rows);
    PageOptions.printNext(out, runs);
    return ExitCodes.OK;
  }

  private static Set<RunStatus> states(List<String> names) {
    if (names == null || names.isEmpty()) {
      return null;
    }
    try {
      return names.stream()
          .map(name -> RunStatus.valueOf(name.strip().toUpperCase(Locale.ROOT)))
          .collect(Collectors.toCollection(() -> EnumSet.noneOf(RunStatus.class)));
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          "--status: one of RUNNING, WAITING, PAUSED, COMPLETED, FAILED, CANCELLED");
    }
  }

  @Command(name = "get", description = "A run: state, error and each node's output.")
  int get(@Parameters(paramLabel = "<run>") String runId) {
    return show(root().client().runs().get(runId));
  }

  @Command(name = "history", description = "Every node attempt of a run, in start order.")
  int history(@Parameters(paramLabel = "<run>") String runId) {
    List<NodeAttempt> attempts = root().client().runs().history(runId);
    List<List<Object>> rows = new ArrayList<>();
    for (NodeAttempt attempt : attempts) {
      rows.add(
          Arrays.asList(
              attempt.nodeId(),
              attempt.itemIndex(),
              attempt.attempt(),
              attempt.status(),
              attempt.startedAt(),
              attempt.finishedAt()));
    }
    root()
        .output()
        .print(attempts, List.of("NODE", "ITEM", "ATTEMPT", "STATUS", "STARTED", "FINISHED"), rows);
    return ExitCodes.OK;
  }

  @Command(name = "cancel", description = "Cancel a run that has not finished.")
  int cancel(
      @Parameters(paramLabel = "<run>") String runId,
      @Option(names = "--reason", description = "Why, for the run's events") String reason) {
    return show(root().client().runs().cancel(runId, reason));
  }

  @Command(name = "pause", description = "Pause a RUNNING or WAITING run.")
  int pause(
      @Parameters(paramLabel = "<run>") String runId,
      @Option(names = "--reason", description = "Why, for the run's events") String reason) {
    return show(root().client().runs().pause(runId, reason));
  }

  @Command(name = "resume", description = "Resume a PAUSED run.")
  int resume(@Parameters(paramLabel = "<run>") String runId) {
    return show(root().client().runs().resume(runId));
  }

  @Command(name = "retry", description = "Retry a FAILED run from its failed node.")
  int retry(
      @Parameters(paramLabel = "<run>") String runId,
      @Option(names = "--latest", description = "Move the run to the workflow's latest version")
          boolean latest) {
    Runs runs = root().client().runs();
    return show(latest ? runs.retryOnLatestVersion(runId) : runs.retry(runId));
  }

  private int show(Runs.Run run) {
    Output out = root().output();
    if (out.json()) {
      out.printJson(run);
      return ExitCodes.OK;
    }
    out.table(
        List.of("RUN", "WORKFLOW", "VERSION", "STATUS", "STARTED", "ENDED"),
        List.of(
            Arrays.asList(
                run.runId(),
                run.workflowId(),
                run.version(),
                run.status().name(),
                run.startedAt(),
                run.completedAt())));
    if (run.error() != null) {
      out.line("error: " + Output.compact(run.error()));
    }
    if (run.outputs() != null && !run.outputs().isEmpty()) {
      out.line("outputs:");
      run.outputs().forEach((node, value) -> out.line("  " + node + ": " + Output.compact(value)));
    }
    return ExitCodes.OK;
  }
}
