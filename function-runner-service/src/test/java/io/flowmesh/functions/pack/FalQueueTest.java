package io.flowmesh.functions.pack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Where fal's queue keeps a job's status and result: under the model id without its subpath. */
class FalQueueTest {

  @Test
  void aModelWithASubpathRunsInItsApp() {
    assertThat(FalQueue.app("/fal-ai/flux/dev")).isEqualTo("/fal-ai/flux");
    assertThat(FalQueue.app("/fal-ai/kling-video/v1/standard/text-to-video"))
        .isEqualTo("/fal-ai/kling-video");
  }

  @Test
  void aModelWithoutASubpathIsItsOwnApp() {
    assertThat(FalQueue.app("/fal-ai/birefnet")).isEqualTo("/fal-ai/birefnet");
  }
}
