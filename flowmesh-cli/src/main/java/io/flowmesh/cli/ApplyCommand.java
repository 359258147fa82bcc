package io.flowmesh.cli;

import io.flowmesh.client.Definitions;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

@Command(
    name = "apply",
    description =
        "Save a workflow definition: creates the workflow, or a new version of it if its id exists.")
final class ApplyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = {"-f", "--file"},
      required = true,
      description = "The definition's JSON file")
  Path file;

  @Option(
      names = "--idempotency-key",
      description = "Answers with the version this key saved before, instead of a new one")
  String idempotencyKey;

  @Override
  public Integer call() {
    FlowmeshCommand root = FlowmeshCommand.of(spec);
    JsonNode document = JsonArguments.parse("--file", "@" + file);
    Definitions.Saved saved = root.client().definitions().save(document, idempotencyKey);
    root.output()
        .print(
            saved,
            List.of("WORKFLOW", "VERSION", "NAME", "SAVED"),
            List.of(Arrays.asList(saved.id(), saved.version(), saved.name(), saved.createdAt())));
    return ExitCodes.OK;
  }
}
