package io.flowmesh.orchestrator.run.credentials;

/**
 * integration-service could not store or delete a run's credentials, so the start or purge that
 * needed it did not happen. The message names the run and what failed, never a credential.
 */
public class RunCredentialsUnavailableException extends RuntimeException {

  public RunCredentialsUnavailableException(String message) {
    super(message);
  }
}
