package io.flowmesh.functions.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FunctionCatalogTest {

  @Test
  void theNextVersionIncreasesTheLastNumber() {
    assertThat(FunctionCatalog.nextVersion("1.0.0")).isEqualTo("1.0.1");
    assertThat(FunctionCatalog.nextVersion("2.9")).isEqualTo("2.10");
    assertThat(FunctionCatalog.nextVersion("v7")).isEqualTo("v8");
    assertThat(FunctionCatalog.nextVersion("beta")).isEqualTo("beta.1");
  }
}
