package io.flowmesh.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The module boundaries of docs/architecture.md, checked on every module's compiled classes. */
class ArchitectureTest {

  /** The root package of each service. */
  private static final List<String> SERVICES =
      List.of(
          "io.flowmesh.gateway",
          "io.flowmesh.orchestrator",
          "io.flowmesh.functions",
          "io.flowmesh.events",
          "io.flowmesh.integrations",
          "io.flowmesh.webhooks");

  private static JavaClasses flowmesh;

  @BeforeAll
  static void importClasses() {
    flowmesh =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.flowmesh");
  }

  @Test
  void everyServiceIsImported() {
    // Guards the rules below against passing vacuously on an empty classpath.
    for (String service : SERVICES) {
      assertThat(flowmesh.stream().anyMatch(c -> c.getPackageName().startsWith(service)))
          .as("classes of %s are on the classpath", service)
          .isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "io.flowmesh.gateway",
        "io.flowmesh.orchestrator",
        "io.flowmesh.functions",
        "io.flowmesh.events",
        "io.flowmesh.integrations",
        "io.flowmesh.webhooks"
      })
  void aServiceNeverDependsOnAnotherServicesCode(String service) {
    String[] others =
        SERVICES.stream().filter(s -> !s.equals(service)).map(s -> s + "..").toArray(String[]::new);
    noClasses()
        .that()
        .resideInAPackage(service + "..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(others)
        .because("services talk over Kafka and HTTP, never through each other's classes")
        .check(flowmesh);
  }

  @Test
  void modulesAreFreeOfCycles() {
    slices()
        .matching("io.flowmesh.(*)..")
        .should()
        .beFreeOfCycles()
        .because("a library or service that needs another must not also be needed by it")
        .check(flowmesh);
  }

  /** Every module with feature packages; the single-package libraries have none to cycle. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "io.flowmesh.gateway",
        "io.flowmesh.orchestrator",
        "io.flowmesh.functions",
        "io.flowmesh.events",
        "io.flowmesh.integrations",
        "io.flowmesh.webhooks",
        "io.flowmesh.web",
        "io.flowmesh.model",
        "io.flowmesh.client"
      })
  void theFeaturePackagesOfAModuleAreFreeOfCycles(String module) {
    slices()
        .matching(module + ".(**)")
        .should()
        .beFreeOfCycles()
        .because("a feature that needs another feature's types must not also be needed by it")
        .check(flowmesh);
  }

  @Test
  void commonModelDependsOnNothingOfOursAndNoFramework() {
    classes()
        .that()
        .resideInAPackage("io.flowmesh.model..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("io.flowmesh.model..", "java..")
        .because("common-model holds wire contracts only")
        .check(flowmesh);
  }

  @Test
  void theClientDependsOnTheJdkJacksonAndStandardWebhooksOnly() {
    classes()
        .that()
        .resideInAPackage("io.flowmesh.client..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "io.flowmesh.client..",
            "java..",
            "com.sun.net.httpserver..",
            "tools.jackson..",
            "com.fasterxml.jackson.annotation..",
            "com.standardwebhooks..")
        .because("applications depend on the client without taking our framework (ADR 0044)")
        .check(flowmesh);
  }

  @Test
  void theCliCallsFlowmeshOnlyThroughTheClient() {
    classes()
        .that()
        .resideInAPackage("io.flowmesh.cli..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "io.flowmesh.cli..",
            "io.flowmesh.client..",
            "java..",
            "com.sun.net.httpserver..",
            "picocli..",
            "tools.jackson..")
        .because("the CLI is a user of the client, not a second HTTP client (ADR 0044)")
        .check(flowmesh);
  }

  @Test
  void librariesNeverDependOnServices() {
    String[] services = SERVICES.stream().map(s -> s + "..").toArray(String[]::new);
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.flowmesh.messaging..",
            "io.flowmesh.polling..",
            "io.flowmesh.groupcommit..",
            "io.flowmesh.outbox..",
            "io.flowmesh.web..",
            "io.flowmesh.model..",
            "io.flowmesh.health..",
            "io.flowmesh.ssrf..",
            "io.flowmesh.jsonschema..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(services)
        .check(flowmesh);
  }

  @Test
  void webAndMessagingAdaptersDoNotCallEachOther() {
    // The web-edge and messaging libraries are what adapters build on, not adapters themselves.
    DescribedPredicate<JavaClass> serviceWebAdapter = serviceAdapter("web");
    DescribedPredicate<JavaClass> serviceMessagingAdapter = serviceAdapter("messaging");
    noClasses()
        .that(serviceWebAdapter)
        .should()
        .dependOnClassesThat(serviceMessagingAdapter)
        .allowEmptyShould(true)
        .check(flowmesh);
    noClasses()
        .that(serviceMessagingAdapter)
        .should()
        .dependOnClassesThat(serviceWebAdapter)
        .allowEmptyShould(true)
        .check(flowmesh);
  }

  /** A service's {@code web} or {@code messaging} package, not the library of the same name. */
  private static DescribedPredicate<JavaClass> serviceAdapter(String kind) {
    return JavaClass.Predicates.resideInAPackage(".." + kind + "..")
        .and(
            DescribedPredicate.not(
                JavaClass.Predicates.resideInAPackage("io.flowmesh." + kind + "..")));
  }
}
