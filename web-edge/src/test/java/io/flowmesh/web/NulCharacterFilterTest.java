package io.flowmesh.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class NulCharacterFilterTest {

  private static final String NUL = "\\" + "u0000";

  private final NulCharacterFilter filter = new NulCharacterFilter();

  @Test
  void aBodyWithoutNulReachesTheControllerUnchanged() throws Exception {
    String json = "{\"name\": \"plain\", \"list\": [1, 2]}";
    MockFilterChain chain = new MockFilterChain();

    MockHttpServletResponse response = send("application/json", json, chain);

    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(chain.getRequest()).isNotNull();
    assertThat(chain.getRequest().getInputStream().readAllBytes())
        .isEqualTo(json.getBytes(StandardCharsets.UTF_8));
    assertThat(chain.getRequest().getContentLength()).isEqualTo(json.length());
  }

  @Test
  void aNulInANestedValueIsRefusedNamingItsPath() throws Exception {
    MockFilterChain chain = new MockFilterChain();

    MockHttpServletResponse response =
        send(
            "application/json; charset=utf-8",
            "{\"triggerData\": {\"items\": [\"ok\", {\"name\": \"a" + NUL + "b\"}]}}",
            chain);

    assertThat(response.getStatus()).isEqualTo(400);
    assertThat(response.getContentType()).isEqualTo("application/problem+json");
    String body = response.getContentAsString();
    assertThat(JsonPath.<String>read(body, "$.errors[0].field"))
        .isEqualTo("triggerData.items[1].name");
    assertThat(JsonPath.<String>read(body, "$.detail")).startsWith("triggerData.items[1].name: ");
    assertThat(chain.getRequest()).as("the controller is never reached").isNull();
  }

  @Test
  void aNulInAPropertyNameOrACloudEventIsRefusedToo() throws Exception {
    MockHttpServletResponse name =
        send("application/json", "{\"input\": {\"k" + NUL + "\": 1}}", new MockFilterChain());
    MockHttpServletResponse event =
        send(
            "application/cloudevents+json",
            "{\"specversion\": \"1.0\", \"id\": \"x" + NUL + "\"}",
            new MockFilterChain());

    assertThat(JsonPath.<String>read(name.getContentAsString(), "$.errors[0].field"))
        .isEqualTo("input (a property name)");
    assertThat(JsonPath.<String>read(event.getContentAsString(), "$.errors[0].field"))
        .isEqualTo("id");
  }

  @Test
  void anEscapedBackslashBeforeU0000IsTextAndPasses() throws Exception {
    MockFilterChain chain = new MockFilterChain();

    MockHttpServletResponse response =
        send("application/json", "{\"path\": \"C:\\\\" + "u0000\"}", chain);

    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(chain.getRequest()).isNotNull();
  }

  @Test
  void bodiesThatAreNotJsonAreNotLookedAt() throws Exception {
    MockFilterChain chain = new MockFilterChain();

    MockHttpServletResponse response = send("text/plain", "a" + NUL + "b", chain);

    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(chain.getRequest()).isNotNull();
  }

  @Test
  void malformedJsonIsLeftForTheReaderToReport() throws Exception {
    MockFilterChain chain = new MockFilterChain();

    MockHttpServletResponse response = send("application/json", "{\"a\": \"" + NUL, chain);

    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(chain.getRequest()).isNotNull();
  }

  private MockHttpServletResponse send(String contentType, String body, MockFilterChain chain)
      throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/runs");
    request.setContentType(contentType);
    request.setContent(body.getBytes(StandardCharsets.UTF_8));
    MockHttpServletResponse response = new MockHttpServletResponse();
    filter.doFilter(request, response, chain);
    return response;
  }
}
