package io.flowmesh.functions.container;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JobTemplateTest {

  @Test
  void jobNamesAreValidDnsLabelsDerivedFromTheExecutionId() {
    assertThat(JobTemplate.name("exe_01934F2E8C1A7B3E")).isEqualTo("fn-exe-01934f2e8c1a7b3e");
    String longName = JobTemplate.name("exe_" + "a".repeat(100));
    assertThat(longName).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    assertThat(JobTemplate.name("exe_" + "a".repeat(100))).isEqualTo(longName);
  }
}
