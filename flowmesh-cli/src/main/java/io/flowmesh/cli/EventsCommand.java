package io.flowmesh.cli;

import io.flowmesh.client.Events;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "events", description = "Send CloudEvents to Flowmesh.")
final class EventsCommand {

  @Spec CommandSpec spec;

  @Command(
      name = "send",
      description = "Send one CloudEvent; triggers of its type start runs, waiting runs resume.")
  int send(
      @Option(names = "--type", required = true, description = "e.g. com.acme.order.placed")
          String type,
      @Option(
              names = "--source",
              defaultValue = "/flowmesh-cli",
              description = "default ${DEFAULT-VALUE}")
          String source,
      @Option(names = "--id", description = "Unique per source; default a random UUID") String id,
      @Option(names = "--subject", description = "What the event is about") String subject,
      @Option(names = "--data", defaultValue = "{}", description = "JSON, or a file holding it")
          String data) {
    FlowmeshCommand root = FlowmeshCommand.of(spec);
    Events.CloudEvent event =
        new Events.CloudEvent(
            id == null ? UUID.randomUUID().toString() : id,
            source,
            type,
            subject,
            null,
            JsonArguments.parse("--data", data),
            Map.of());
    Events.Accepted accepted = root.client().events().send(event);
    List<List<Object>> rows = new ArrayList<>();
    for (Events.AcceptedEvent stored : accepted.events()) {
      rows.add(Arrays.asList(stored.id(), stored.source(), stored.eventId(), stored.duplicate()));
    }
    root.output().print(accepted, List.of("STORED AS", "SOURCE", "ID", "DUPLICATE"), rows);
    return ExitCodes.OK;
  }
}
