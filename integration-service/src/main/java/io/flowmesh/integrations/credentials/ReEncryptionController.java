package io.flowmesh.integrations.credentials;

import io.flowmesh.integrations.crypto.ReEncryption;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operator endpoints for master key rotation, on the internal path (service token, never routed by
 * the gateway): re-encryption spans all tenants, so it is no tenant's API.
 */
@RestController
class ReEncryptionController {

  private final ReEncryption reEncryption;

  ReEncryptionController(ReEncryption reEncryption) {
    this.reEncryption = reEncryption;
  }

  /** Rewraps now every data key not under the active master key. */
  @PostMapping("/internal/v1/re-encryption")
  Map<String, Object> run() {
    ReEncryption.Result result = reEncryption.run();
    return Map.of(
        "rewrapped", result.rewrapped(),
        "failed", result.failed(),
        "connectionsByKeyId", reEncryption.countsByKeyId());
  }

  /** How many connections each master key id still wraps: an old id may go when it shows 0. */
  @GetMapping("/internal/v1/re-encryption")
  Map<String, Object> status() {
    return Map.of("connectionsByKeyId", reEncryption.countsByKeyId());
  }
}
