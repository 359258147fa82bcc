package io.flowmesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BannerTest {

  @Test
  void theSampleRequestPostsTheInlineHelloWorkflowWithTheKeyAndThenFetchesTheRun() {
    String curl = Banner.sampleCurl("http://127.0.0.1:8080", "fm_dev_abc");

    assertThat(curl)
        .contains("curl -s -X POST http://127.0.0.1:8080/api/v1/runs")
        .contains("-H 'Authorization: Bearer fm_dev_abc'")
        .contains("\"function\":\"core/echo\"")
        .contains("\"triggerData\": {\"message\":\"hello\"}")
        .contains("curl -s http://127.0.0.1:8080/api/v1/runs/$RUN_ID");
    // the JSON sits in single quotes: one inside would end it early
    assertThat(Banner.SAMPLE_RUN).doesNotContain("'");
  }

  @Test
  void theSampleDefinitionIsBalancedJson() {
    int depth = 0;
    boolean inString = false;
    for (char c : Banner.SAMPLE_RUN.toCharArray()) {
      if (c == '"') {
        inString = !inString;
      } else if (!inString && (c == '{' || c == '[')) {
        depth++;
      } else if (!inString && (c == '}' || c == ']')) {
        depth--;
        assertThat(depth).isNotNegative();
      }
    }
    assertThat(depth).isZero();
    assertThat(inString).isFalse();
  }
}
