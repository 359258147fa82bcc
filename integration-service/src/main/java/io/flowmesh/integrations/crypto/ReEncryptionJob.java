package io.flowmesh.integrations.crypto;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs {@link ReEncryption} shortly after startup and then periodically, so rotating the active
 * master key (and redeploying) is enough: old key ids drain without an operator step.
 */
@Component
@ConditionalOnProperty(
    name = "flowmesh.integrations.re-encryption.enabled",
    havingValue = "true",
    matchIfMissing = true)
class ReEncryptionJob {

  private final ReEncryption reEncryption;

  ReEncryptionJob(ReEncryption reEncryption) {
    this.reEncryption = reEncryption;
  }

  @Scheduled(
      initialDelayString = "${flowmesh.integrations.re-encryption.initial-delay:30s}",
      fixedDelayString = "${flowmesh.integrations.re-encryption.interval:1h}")
  void run() {
    reEncryption.run();
  }
}
