package io.flowmesh.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The Grafana dashboards in monitoring/grafana/dashboards as Grafana provisions them: each is a
 * dashboard with a unique uid and a Prometheus datasource chosen by variable, every panel has a
 * query, and every query is PromQL that Prometheus parses (promtool checks them as recording
 * rules).
 */
class DashboardsTest {

  static final String DASHBOARDS = "monitoring/grafana/dashboards";

  @Test
  void theFourDashboardsAreProvisionedWithUniqueUids() throws IOException {
    List<Map<String, Object>> dashboards = dashboards();
    assertThat(dashboards)
        .extracting(d -> d.get("title"))
        .containsExactlyInAnyOrder(
            "Flowmesh / Platform overview",
            "Flowmesh / Engine",
            "Flowmesh / Webhooks",
            "Flowmesh / Events");
    assertThat(dashboards).extracting(d -> d.get("uid")).doesNotHaveDuplicates();
    String provider =
        Files.readString(
            Repo.resolve("monitoring/grafana/provisioning/dashboards/flowmesh.yml"),
            StandardCharsets.UTF_8);
    assertThat(Files.readString(Repo.resolve("docker-compose.yml"), StandardCharsets.UTF_8))
        .as("compose mounts the dashboards where the provider reads them")
        .contains("./" + DASHBOARDS + ":/var/lib/grafana/dashboards/flowmesh:ro");
    assertThat(provider).contains("path: /var/lib/grafana/dashboards/flowmesh");
  }

  @Test
  void everyPanelQueriesTheChosenPrometheusWithPromqlThatParses(@TempDir Path dir)
      throws IOException {
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard-queries\n    rules:\n");
    Set<String> titles = new HashSet<>();
    int n = 0;
    for (Map<String, Object> dashboard : dashboards()) {
      for (Map<String, Object> panel : list(dashboard.get("panels"))) {
        String title = dashboard.get("title") + ": " + panel.get("title");
        assertThat(titles.add(title)).as("unique panel title %s", title).isTrue();
        assertThat(map(panel.get("datasource")))
            .as(title)
            .containsEntry("type", "prometheus")
            .containsEntry("uid", "${datasource}");
        List<Map<String, Object>> targets = list(panel.get("targets"));
        assertThat(targets).as("%s has queries", title).isNotEmpty();
        for (Map<String, Object> target : targets) {
          String expr = (String) target.get("expr");
          assertThat(expr).as(title).isNotBlank();
          rules
              .append("      - record: dashboard:query:")
              .append(++n)
              .append("\n        expr: '")
              .append(expr.replace("'", "''"))
              .append("'\n");
        }
      }
    }
    Path file = dir.resolve("dashboard-queries.yml");
    Files.writeString(file, rules, StandardCharsets.UTF_8);
    assertThat(Promtool.run("check", "rules", file.toString())).contains("SUCCESS");
  }

  /** Every dashboard JSON file, parsed. */
  static List<Map<String, Object>> dashboards() throws IOException {
    List<Map<String, Object>> dashboards = new ArrayList<>();
    try (Stream<Path> files = Files.list(Repo.resolve(DASHBOARDS))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          // JSON is YAML: SnakeYAML reads it without another parser on the classpath.
          dashboards.add(map(new Yaml(new SafeConstructor(new LoaderOptions())).load(reader)));
        }
      }
    }
    return dashboards;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    assertThat(value).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Object value) {
    assertThat(value).isInstanceOf(List.class);
    return (List<Map<String, Object>>) value;
  }
}
