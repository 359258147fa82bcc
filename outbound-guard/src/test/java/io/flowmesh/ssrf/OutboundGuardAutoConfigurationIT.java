package io.flowmesh.ssrf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The guard a service gets from naming its settings prefix, as the services configure it. */
class OutboundGuardAutoConfigurationIT {

  private static final URI LOOPBACK = URI.create("http://127.0.0.1:8080/hook");

  private final ApplicationContextRunner service =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(OutboundGuardAutoConfiguration.class))
          .withPropertyValues(
              "flowmesh.outbound-guard.settings-prefix=flowmesh.webhooks",
              "flowmesh.outbound-guard.targets=webhook endpoints");

  @Test
  void theOperatorsExceptionsAreReadUnderTheServicesOwnPrefix() {
    service
        .withPropertyValues(
            "flowmesh.webhooks.allow-loopback=true", "flowmesh.functions.allowed-cidrs=10.0.0.0/8")
        .run(
            context -> {
              SsrfGuard guard = context.getBean(SsrfGuard.class);
              assertThat(guard.check(LOOPBACK).address().isLoopbackAddress()).isTrue();
              assertThatThrownBy(() -> guard.check(URI.create("http://10.1.2.3/")))
                  .isInstanceOf(ForbiddenTargetException.class);
            });
  }

  @Test
  void withoutExceptionsOnlyPublicAddressesPassAndTheMessageNamesTheTargets() {
    service.run(
        context ->
            assertThatThrownBy(() -> context.getBean(SsrfGuard.class).check(LOOPBACK))
                .isInstanceOf(ForbiddenTargetException.class)
                .hasMessageContaining("webhook endpoints must be publicly reachable (loopback)"));
  }

  @Test
  void aServiceThatNamesNoPrefixGetsNoGuard() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(OutboundGuardAutoConfiguration.class))
        .withPropertyValues("flowmesh.webhooks.allow-loopback=true")
        .run(context -> assertThat(context).doesNotHaveBean(SsrfGuard.class));
  }

  @Test
  void aServicesOwnGuardReplacesTheConfiguredOne() {
    SsrfGuard own = new SsrfGuard(new SsrfProperties(true, null), "own targets");
    service
        .withBean(SsrfGuard.class, () -> own)
        .run(context -> assertThat(context).getBean(SsrfGuard.class).isSameAs(own));
  }
}
