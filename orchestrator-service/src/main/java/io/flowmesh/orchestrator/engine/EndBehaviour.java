package io.flowmesh.orchestrator.engine;

/** An end node completes at once, with no output, and nothing follows it. */
final class EndBehaviour implements NodeBehaviour {

  static final EndBehaviour INSTANCE = new EndBehaviour();

  private EndBehaviour() {}

  @Override
  public void activate(Transition transition, Attempt attempt, Object input) {
    transition.state().completed(attempt.nodeId());
    transition.add(attempt.started(input));
    transition.add(attempt.completed(null));
  }
}
