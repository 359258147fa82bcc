package io.flowmesh.orchestrator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmesh.orchestrator.RunId;
import io.flowmesh.orchestrator.WorkflowId;
import io.flowmesh.orchestrator.definition.DefinitionParser;
import io.flowmesh.orchestrator.definition.WorkflowDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Nodes that complete at once activate their successors in the same transition, however many of
 * them follow one another, and in the depth-first order a run's history shows.
 */
class LongChainInterpreterTest {

  private final JsonMapper json = JsonMapper.builder().build();
  private final AtomicInteger ids = new AtomicInteger();
  private final Interpreter interpreter = new Interpreter(() -> "exe" + ids.incrementAndGet());

  @Test
  void aRunThroughFiveThousandDisabledNodesCompletesInOneStep() {
    WorkflowDefinition definition =
        chain(5_000, "{\"type\":\"action\",\"enabled\":false,\"config\":{\"actionId\":\"f\"}}");

    List<Step> steps =
        interpreter.start(
            definition, RunState.fresh(RunId.of("run_1"), WorkflowId.of("long")), Map.of());

    List<String> started = started(steps);
    assertThat(started).hasSize(5_001);
    assertThat(started.subList(0, 3)).containsExactly("t", "n0", "n1");
    assertThat(started.getLast()).isEqualTo("n4999");
    assertThat(steps.getLast()).isInstanceOf(Step.RunCompleted.class);
  }

  @Test
  void aRunThroughFiveThousandConditionsFollowsEachBranch() {
    WorkflowDefinition definition =
        chain(5_000, "{\"type\":\"condition\",\"config\":{\"expression\":\"true\"}}", "true");

    List<Step> steps =
        interpreter.start(
            definition, RunState.fresh(RunId.of("run_1"), WorkflowId.of("long")), Map.of());

    assertThat(started(steps)).hasSize(5_001).endsWith("n4999");
    assertThat(steps.getLast()).isInstanceOf(Step.RunCompleted.class);
  }

  @Test
  void branchesThatCompleteAtOnceRunDepthFirstInEdgeOrder() {
    WorkflowDefinition definition =
        new DefinitionParser(json)
            .parse(
                json.readTree(
                    """
                    {"id":"fan","nodes":[
                      {"id":"t","type":"trigger"},
                      {"id":"p","type":"parallel"},
                      {"id":"a1","type":"parallel"},
                      {"id":"a2","type":"end"},
                      {"id":"b1","type":"parallel"},
                      {"id":"b2","type":"end"},
                      {"id":"j","type":"join"},
                      {"id":"done","type":"end"}],
                     "edges":[{"source":"t","target":"p"},
                       {"source":"p","target":"a1"},{"source":"p","target":"b1"},
                       {"source":"a1","target":"a2"},{"source":"a1","target":"j"},
                       {"source":"b1","target":"b2"},{"source":"b1","target":"j"},
                       {"source":"j","target":"done"}]}
                    """));

    List<Step> steps =
        interpreter.start(
            definition, RunState.fresh(RunId.of("run_1"), WorkflowId.of("fan")), Map.of());

    // the join waits for both branches: a1's arrival starts nothing, b1's starts it
    assertThat(started(steps)).containsExactly("t", "p", "a1", "a2", "b1", "b2", "j", "done");
    assertThat(steps.getLast()).isInstanceOf(Step.RunCompleted.class);
  }

  /** A trigger and {@code length} nodes like {@code node} in a chain, ids n0, n1, ... */
  private WorkflowDefinition chain(int length, String node, String... branch) {
    StringBuilder nodes = new StringBuilder("{\"id\":\"t\",\"type\":\"trigger\"}");
    StringBuilder edges = new StringBuilder("{\"source\":\"t\",\"target\":\"n0\"}");
    for (int i = 0; i < length; i++) {
      nodes.append(",{\"id\":\"n").append(i).append("\",").append(node.substring(1));
      if (i > 0) {
        edges.append(",{\"source\":\"n").append(i - 1).append("\",\"target\":\"n").append(i);
        edges.append(branch.length == 0 ? "\"}" : "\",\"sourceHandle\":\"" + branch[0] + "\"}");
      }
    }
    return new DefinitionParser(json)
        .parse(
            json.readTree("{\"id\":\"long\",\"nodes\":[" + nodes + "],\"edges\":[" + edges + "]}"));
  }

  private static List<String> started(List<Step> steps) {
    List<String> ids = new ArrayList<>();
    for (Step step : steps) {
      if (step instanceof Step.NodeStarted started) {
        ids.add(started.node().id());
      }
    }
    return ids;
  }
}
