package io.flowmesh.cli;

import io.flowmesh.client.Page;
import io.flowmesh.client.Tasks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

@Command(name = "tasks", description = "Manual tasks and approval gates.")
final class TasksCommand {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Spec CommandSpec spec;

  private FlowmeshCommand root() {
    return FlowmeshCommand.of(spec);
  }

  @Command(name = "list", description = "Manual tasks across runs, oldest first.")
  int list(
      @Option(names = "--assignee", description = "Only this assignee's") String assignee,
      @Option(
              names = "--status",
              defaultValue = "OPEN",
              description = "OPEN, COMPLETED or CANCELLED; default ${DEFAULT-VALUE}")
          String status,
      @Mixin PageOptions page) {
    Page<Tasks.ManualTask> tasks =
        root().client().tasks().list(assignee, status, page.limit, page.cursor);
    List<List<Object>> rows = new ArrayList<>();
    for (Tasks.ManualTask task : tasks.items()) {
      rows.add(
          Arrays.asList(
              task.taskId(),
              task.runId(),
              task.nodeId(),
              task.status(),
              task.assignee(),
              task.title()));
    }
    Output out = root().output();
    out.print(tasks, List.of("TASK", "RUN", "NODE", "STATUS", "ASSIGNEE", "TITLE"), rows);
    PageOptions.printNext(out, tasks);
    return ExitCodes.OK;
  }

  @Command(name = "complete", description = "Complete an open manual task with data.")
  int complete(
      @Parameters(index = "0", paramLabel = "<run>") String runId,
      @Parameters(index = "1", paramLabel = "<task>") String taskId,
      @Option(names = "--data", defaultValue = "{}", description = "JSON object, or a file")
          String data) {
    Tasks.ManualTask task = root().client().tasks().complete(runId, taskId, object("--data", data));
    root()
        .output()
        .print(
            task,
            List.of("TASK", "RUN", "NODE", "STATUS"),
            List.of(Arrays.asList(task.taskId(), task.runId(), task.nodeId(), task.status())));
    return ExitCodes.OK;
  }

  /** What an approval or a rejection names: the run, the gate's event, the data to add. */
  static final class GateAnswer {
    @Parameters(paramLabel = "<run>")
    String runId;

    @Option(names = "--event", required = true, description = "The gate's eventName")
    String eventName;

    @Option(names = "--data", defaultValue = "{}", description = "JSON object, or a file")
    String data;
  }

  @Command(name = "approve", description = "Approve at the run's approval gate for an event.")
  int approve(@Mixin GateAnswer gate) {
    return decided(
        root().client().tasks().approve(gate.runId, gate.eventName, object("--data", gate.data)));
  }

  @Command(name = "reject", description = "Reject at the run's approval gate for an event.")
  int reject(@Mixin GateAnswer gate) {
    return decided(
        root().client().tasks().reject(gate.runId, gate.eventName, object("--data", gate.data)));
  }

  private int decided(io.flowmesh.client.Runs.Run run) {
    root()
        .output()
        .print(
            run,
            List.of("RUN", "STATUS"),
            List.of(Arrays.asList(run.runId(), run.status().name())));
    return ExitCodes.OK;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(String option, String value) {
    var node = JsonArguments.parse(option, value);
    if (!node.isObject()) {
      throw new UsageException(option + ": must be a JSON object");
    }
    return JSON.treeToValue(node, Map.class);
  }
}
