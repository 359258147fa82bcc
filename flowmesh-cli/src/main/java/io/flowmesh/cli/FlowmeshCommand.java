package io.flowmesh.cli;

import io.flowmesh.client.FlowmeshClient;
import io.flowmesh.client.FlowmeshConnectionException;
import io.flowmesh.client.FlowmeshProblemException;
import io.flowmesh.client.FlowmeshTimeoutException;
import io.flowmesh.client.Problem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The root command: where to connect and how to print, shared by every subcommand. */
@Command(
    name = "flowmesh",
    mixinStandardHelpOptions = true,
    scope = ScopeType.INHERIT, // --help on every subcommand too
    version = "flowmesh-cli 0.1.0",
    description = "Flowmesh's API from the command line (docs/cli.md).",
    subcommands = {
      ApplyCommand.class,
      RunsCommand.class,
      EventsCommand.class,
      TasksCommand.class,
      WebhooksCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done; a run waited for COMPLETED",
      "1:the API answered with a problem",
      "2:a wrong command line, or unreadable input",
      "3:Flowmesh could not be reached",
      "4:a run waited for ended FAILED or CANCELLED",
      "5:a run waited for had not ended by --timeout"
    })
final class FlowmeshCommand {

  @Option(
      names = "--url",
      scope = ScopeType.INHERIT,
      description = "The gateway (else FLOWMESH_URL, the profile, http://127.0.0.1:8080)")
  String url;

  @Option(
      names = "--api-key",
      scope = ScopeType.INHERIT,
      description = "The API key (else FLOWMESH_API_KEY, the profile)")
  String apiKey;

  @Option(
      names = "--profile",
      scope = ScopeType.INHERIT,
      description = "A profile of ~/.flowmesh/config (else FLOWMESH_PROFILE)")
  String profile;

  @Option(
      names = {"-o", "--output"},
      scope = ScopeType.INHERIT,
      defaultValue = "table",
      description = "table (for people) or json (for scripts); default ${DEFAULT-VALUE}")
  Output.Format format;

  private final Map<String, String> env;
  private final Path home;
  private CommandLine commandLine;

  FlowmeshCommand(Map<String, String> env, Path home) {
    this.env = env;
    this.home = home;
  }

  /** The command line with its exit codes mapped; tests set its out and err. */
  static CommandLine commandLine(Map<String, String> env, Path home) {
    FlowmeshCommand root = new FlowmeshCommand(env, home);
    CommandLine commandLine = new CommandLine(root);
    root.commandLine = commandLine;
    commandLine.setExecutionExceptionHandler(
        (exception, line, parseResult) -> root.failed(exception, line));
    return commandLine;
  }

  /** The root command of a subcommand's spec: its settings and output. */
  static FlowmeshCommand of(CommandSpec spec) {
    return (FlowmeshCommand) spec.root().userObject();
  }

  FlowmeshClient client() {
    Settings settings = Settings.resolve(url, apiKey, profile, env, home);
    if (settings.apiKey() == null) {
      throw new UsageException(
          "no API key: pass --api-key, set FLOWMESH_API_KEY or add api-key to ~/.flowmesh/config");
    }
    return FlowmeshClient.builder().baseUrl(settings.url()).apiKey(settings.apiKey()).build();
  }

  Output output() {
    return new Output(commandLine.getOut(), format);
  }

  CommandLine commandLine() {
    return commandLine;
  }

  private int failed(Exception exception, CommandLine line) {
    PrintWriter err = line.getErr();
    int code =
        switch (exception) {
          case FlowmeshProblemException problem -> {
            if (format == Output.Format.json) {
              output().printJson(problemJson(problem.problem()));
            }
            err.println("flowmesh: " + problem.getMessage());
            Object errors = problem.problem().extension("errors");
            if (errors != null) {
              err.println("  errors: " + Output.compact(errors));
            }
            err.println("  type: " + problem.problem().type());
            yield ExitCodes.API_PROBLEM;
          }
          case FlowmeshConnectionException connection -> {
            err.println("flowmesh: cannot reach Flowmesh: " + connection.getMessage());
            yield ExitCodes.CONNECTION;
          }
          case FlowmeshTimeoutException timeout -> {
            err.println("flowmesh: " + timeout.getMessage());
            yield ExitCodes.TIMEOUT;
          }
          case UsageException usage -> {
            err.println("flowmesh: " + usage.getMessage());
            yield ExitCodes.USAGE;
          }
          default -> {
            err.println("flowmesh: " + exception);
            yield ExitCodes.API_PROBLEM;
          }
        };
    err.flush();
    return code;
  }

  private static Map<String, Object> problemJson(Problem problem) {
    Map<String, Object> json = new java.util.LinkedHashMap<>();
    json.put("type", problem.type().toString());
    json.put("title", problem.title());
    json.put("status", problem.status());
    json.put("detail", problem.detail());
    json.put("instance", problem.instance());
    json.putAll(problem.extensions());
    return json;
  }
}
