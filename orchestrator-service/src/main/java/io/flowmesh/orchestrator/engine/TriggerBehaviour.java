package io.flowmesh.orchestrator.engine;

/** The trigger completes at once with the trigger data, kept in the outputs as {@code trigger}. */
final class TriggerBehaviour implements NodeBehaviour {

  static final TriggerBehaviour INSTANCE = new TriggerBehaviour();

  private TriggerBehaviour() {}

  @Override
  public void activate(Transition transition, Attempt attempt, Object input) {
    transition.state().outputs().put("trigger", input);
    transition.completeAtOnce(attempt, input, input);
  }
}
