package io.flowmesh.events.hook;

/**
 * A delivery that failed its hook's verification: a 401 naming the check that failed, never a
 * secret or an expected value. Nothing of it is stored.
 */
public class HookRefusedException extends RuntimeException {

  private final String reason;

  HookRefusedException(Verifier.Refusal refusal) {
    super("The request failed the hook's verification: " + refusal.detail() + ".");
    this.reason = refusal.reason().tag();
  }

  /** {@code missing-header}, {@code malformed-header}, {@code stale-timestamp}, ... */
  public String reason() {
    return reason;
  }
}
