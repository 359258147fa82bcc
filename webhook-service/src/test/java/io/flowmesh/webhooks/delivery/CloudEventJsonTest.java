package io.flowmesh.webhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmesh.messaging.InboundEvent;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class CloudEventJsonTest {

  private final CloudEventJson cloudEvents = new CloudEventJson(JsonMapper.builder().build());

  @Test
  void rendersTheJsonEventFormatWithEmbeddedData() {
    InboundEvent event =
        new InboundEvent(
            "0190f7a1-b2c3-7d4e-8f9a-0b1c2d3e4f50",
            "io.flowmesh.run.completed.v1",
            "/flowmesh/orchestrator-service",
            "run_1",
            "acme",
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            OffsetDateTime.of(2025, 3, 1, 12, 0, 0, 123_000_000, ZoneOffset.UTC),
            "run_1",
            "{\"runId\":\"run_1\",\"outputs\":{\"echo\":[1,2]}}".getBytes(StandardCharsets.UTF_8));

    String body = cloudEvents.render(event, "run_1");

    assertThat(body)
        .isEqualTo(
            "{\"specversion\":\"1.0\",\"id\":\"0190f7a1-b2c3-7d4e-8f9a-0b1c2d3e4f50\","
                + "\"source\":\"/flowmesh/orchestrator-service\","
                + "\"type\":\"io.flowmesh.run.completed.v1\",\"subject\":\"run_1\","
                + "\"time\":\"2025-03-01T12:00:00.123Z\",\"datacontenttype\":\"application/json\","
                + "\"tenant\":\"acme\",\"partitionkey\":\"run_1\","
                + "\"data\":{\"runId\":\"run_1\",\"outputs\":{\"echo\":[1,2]}}}");
  }

  @Test
  void dataThatIsNotJsonTravelsBase64Encoded() {
    InboundEvent event =
        new InboundEvent(
            "e1", "t", "/s", null, "acme", null, null, "k", new byte[] {(byte) 0xff, 0x00});

    String body = cloudEvents.render(event, "k");

    assertThat(body)
        .isEqualTo(
            "{\"specversion\":\"1.0\",\"id\":\"e1\",\"source\":\"/s\",\"type\":\"t\","
                + "\"tenant\":\"acme\",\"partitionkey\":\"k\",\"data_base64\":\"/wA=\"}");
  }
}
