package io.flowmesh.orchestrator.engine;

/** Fan-out: every successor starts; each branch advances on its own results. */
final class ParallelBehaviour implements NodeBehaviour {

  static final ParallelBehaviour INSTANCE = new ParallelBehaviour();

  private ParallelBehaviour() {}

  @Override
  public void activate(Transition transition, Attempt attempt, Object input) {
    transition.state().outputs().put(attempt.nodeId(), input);
    transition.completeAtOnce(attempt, input, input);
  }
}
