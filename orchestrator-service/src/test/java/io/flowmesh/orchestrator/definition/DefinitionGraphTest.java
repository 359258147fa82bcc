package io.flowmesh.orchestrator.definition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The parser's graph walks, on graphs whose shape makes a wrong answer visible. */
class DefinitionGraphTest {

  @Test
  void upstreamFollowsEveryPathThroughADiamondAndNothingBesideIt() {
    // t -> a -> b -> j, a -> c -> j, t -> side
    DefinitionGraph graph =
        graph(
            List.of("t", "a", "b", "c", "j", "side"),
            List.of("t>a", "a>b", "a>c", "b>j", "c>j", "t>side"));

    Map<String, Set<String>> upstream =
        graph.upstreamAmong(
            Map.of(
                "j", Set.of("t", "a", "b", "c", "side", "j"),
                "c", Set.of("b", "a"),
                "side", Set.of("t", "a")));

    assertThat(upstream.get("j")).containsExactlyInAnyOrder("t", "a", "b", "c");
    assertThat(upstream.get("c")).containsExactly("a");
    assertThat(upstream.get("side")).containsExactly("t");
  }

  @Test
  void upstreamReachesTheStartOfAVeryLongChain() {
    List<String> ids = new ArrayList<>();
    List<String> edges = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      ids.add("n" + i);
      if (i > 0) {
        edges.add("n" + (i - 1) + ">n" + i);
      }
    }
    DefinitionGraph graph = graph(ids, edges);

    assertThat(graph.upstreamAmong(Map.of("n19999", Set.of("n0", "n19999"))).get("n19999"))
        .containsExactly("n0");
    assertThat(graph.reachableFrom(List.of("n0"))).hasSize(20_000);
    assertThat(graph.findCycle()).isEmpty();
  }

  @Test
  void theCycleReportedIsTheOneADepthFirstWalkInDocumentOrderMeets() {
    DefinitionGraph graph =
        graph(List.of("t", "a", "b", "c"), List.of("t>a", "a>b", "b>c", "c>b", "b>a"));

    assertThat(graph.findCycle()).containsExactly("b", "c", "b");
  }

  @Test
  void aLongPathIsDescribedWithoutItsMiddle() {
    List<String> path = new ArrayList<>();
    for (int i = 0; i < 13; i++) {
      path.add("n" + i);
    }

    assertThat(DefinitionGraph.describe(path.subList(0, 12)))
        .isEqualTo("n0 -> n1 -> n2 -> n3 -> n4 -> n5 -> n6 -> n7 -> n8 -> n9 -> n10 -> n11");
    assertThat(DefinitionGraph.describe(path))
        .isEqualTo(
            "n0 -> n1 -> n2 -> n3 -> n4 -> n5 -> ... (1 more) ... -> n7 -> n8 -> n9 -> n10 -> n11"
                + " -> n12");
  }

  private static DefinitionGraph graph(List<String> ids, List<String> edges) {
    List<Node> nodes =
        ids.stream().map(id -> new Node(id, NodeKind.ACTION, null, true, Map.of())).toList();
    List<Edge> parsed = new ArrayList<>();
    for (String edge : edges) {
      String[] ends = edge.split(">");
      parsed.add(new Edge("e" + parsed.size(), ends[0], ends[1]));
    }
    return new DefinitionGraph(nodes, parsed);
  }
}
