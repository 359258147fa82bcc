package io.flowmesh.gateway.oidc;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real OpenID provider for the gateway's tests: Spring Authorization Server on loopback, issuing
 * client-credentials access tokens signed with an RSA key that {@link #rotateKey} replaces, as a
 * provider rotating its keys does. Its clients are in {@code oidc-test-issuer.properties}.
 */
final class OidcTestIssuer implements AutoCloseable {

  static final String AUDIENCE = "flowmesh-api";

  private final ConfigurableApplicationContext context;
  private final HttpClient http = HttpClient.newHttpClient();

  private OidcTestIssuer(ConfigurableApplicationContext context) {
    this.context = context;
  }

  static OidcTestIssuer start() {
    return new OidcTestIssuer(
        new SpringApplicationBuilder(Provider.class)
            .web(WebApplicationType.SERVLET)
            .run("--spring.config.name=oidc-test-issuer"));
  }

  /** The issuer identifier its tokens carry, derived from the address it is reached at. */
  String issuerUri() {
    return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  /**
   * An access token of the client for the scopes it asks for (space-separated), from the token
   * endpoint (RFC 6749 section 4.4).
   */
  String accessToken(String clientId, String secret, String scopes) {
    String basic =
        Base64.getEncoder()
            .encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(issuerUri() + "/oauth2/token"))
                  .header("Authorization", "Basic " + basic)
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "grant_type=client_credentials&scope="
                              + URLEncoder.encode(scopes, StandardCharsets.UTF_8)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("token endpoint answered " + response.body());
      }
      return JsonMapper.builder().build().readTree(response.body()).get("access_token").asString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Signs from now on with a new key, and publishes only that one. */
  void rotateKey() {
    context.getBean(SigningKey.class).rotate();
  }

  @Override
  public void close() {
    context.close();
  }

  /** The one key the provider signs with and publishes. */
  static final class SigningKey {
    private final AtomicReference<RSAKey> current = new AtomicReference<>(generate());

    void rotate() {
      current.set(generate());
    }

    JWKSet set() {
      return new JWKSet(current.get());
    }

    private static RSAKey generate() {
      try {
        return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
      } catch (com.nimbusds.jose.JOSEException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** The provider's application: Spring Boot's authorization server with this key and claims. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class Provider {

    @Bean
    SigningKey signingKey() {
      return new SigningKey();
    }

    @Bean
    JWKSource<SecurityContext> jwkSource(SigningKey key) {
      return (selector, securityContext) -> selector.select(key.set());
    }

    /** Tenant and audience claims, as a company's provider would be configured to add them. */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> flowmeshClaims() {
      return context -> {
        String client = context.getRegisteredClient().getClientId();
        if (client.startsWith("acme-")) {
          context.getClaims().claim("flowmesh_tenant", "acme");
          context.getClaims().audience(List.of(AUDIENCE));
        }
      };
    }
  }
}
