package io.flowmesh.events.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.flowmesh.model.InternalHeaders;
import java.io.UnsupportedEncodingException;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** event-service's API as the gateway calls it: with the gateway token and a tenant. */
public final class EventServiceApi {

  private final MockMvcTester mvc;
  private final String gatewayToken;

  public EventServiceApi(MockMvcTester mvc, String gatewayToken) {
    this.mvc = mvc;
    this.gatewayToken = gatewayToken;
  }

  public MvcTestResult post(String tenant, String uri, String body) {
    return mvc.post()
        .uri(uri)
        .header(InternalHeaders.GATEWAY_TOKEN, gatewayToken)
        .header(InternalHeaders.TENANT, tenant)
        .contentType(MediaType.APPLICATION_JSON)
        .content(body)
        .exchange();
  }

  public MvcTestResult get(String tenant, String uri) {
    return mvc.get()
        .uri(uri)
        .header(InternalHeaders.GATEWAY_TOKEN, gatewayToken)
        .header(InternalHeaders.TENANT, tenant)
        .exchange();
  }

  /** Creates a trigger; returns its id. */
  public String createTrigger(String tenant, String body) {
    MvcTestResult created = post(tenant, "/api/v1/triggers", body);
    assertThat(created).hasStatus(201);
    return JsonPath.read(body(created), "$.id");
  }

  /** Sends one structured CloudEvent; returns its stored id. */
  public String send(String tenant, String event) {
    MvcTestResult sent =
        mvc.post()
            .uri("/api/v1/events")
            .header(InternalHeaders.GATEWAY_TOKEN, gatewayToken)
            .header(InternalHeaders.TENANT, tenant)
            .contentType("application/cloudevents+json")
            .content(event)
            .exchange();
    assertThat(sent).hasStatus(202);
    return JsonPath.read(body(sent), "$.events[0].id");
  }

  /** A CloudEvent of the type with a fresh id, from {@code /test}, with the JSON data. */
  public static String event(String type, String data) {
    return """
        {"specversion": "1.0", "id": "%s", "source": "/test", "type": "%s", "data": %s}
        """
        .formatted(UUID.randomUUID(), type, data);
  }

  public static String body(MvcTestResult result) {
    try {
      return result.getResponse().getContentAsString();
    } catch (UnsupportedEncodingException e) {
      throw new IllegalStateException(e);
    }
  }
}
