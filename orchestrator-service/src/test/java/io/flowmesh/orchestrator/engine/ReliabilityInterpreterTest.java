package io.flowmesh.orchestrator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmesh.model.run.ExecutionError;
import io.flowmesh.orchestrator.RunId;
import io.flowmesh.orchestrator.WorkflowId;
import io.flowmesh.orchestrator.definition.DefinitionParser;
import io.flowmesh.orchestrator.definition.WorkflowDefinition;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Retries, timeouts, timer nodes, approval timeouts, error edges and the run's failure handler, as
 * the pure interpreter decides them (a fixed clock and a fixed jitter draw).
 */
class ReliabilityInterpreterTest {

  private static final Instant NOW = Instant.parse("2030-01-01T09:00:00Z");
  private static final ExecutionError UNAVAILABLE = new ExecutionError("HTTP_503", "down", true);

  private final JsonMapper json = JsonMapper.builder().build();
  private final AtomicInteger ids = new AtomicInteger();
  private final Interpreter interpreter =
      new Interpreter(() -> "exe" + ids.incrementAndGet(), InstantSource.fixed(NOW), () -> 0.5);

  private WorkflowDefinition definition(String document) {
    return new DefinitionParser(json).parse(json.readTree(document));
  }

  private static <T extends Step> List<T> only(List<Step> steps, Class<T> type) {
    return steps.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static List<String> kinds(List<Step> steps) {
    return steps.stream().map(step -> step.getClass().getSimpleName()).toList();
  }

  private final WorkflowDefinition retrying =
      definition(
          """
          {"id":"retrying","nodes":[
            {"id":"t","type":"trigger"},
            {"id":"call","type":"action","config":{"actionId":"http/get","url":"{{trigger.url}}",
              "retry":{"maxAttempts":3,"initialInterval":"PT1S","multiplier":2,"jitter":0.5,
                       "nonRetryableErrorCodes":["HTTP_404"]}}},
            {"id":"end","type":"end"}],
           "edges":[{"source":"t","target":"call"},{"source":"call","target":"end"}]}
          """);

  @Test
  void aRetryableFailureSchedulesTheNextAttemptBehindADurableBackoffTimer() {
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("retrying"));
    Step.FunctionCalled first =
        only(interpreter.start(retrying, state, Map.of("url", "u")), Step.FunctionCalled.class)
            .getFirst();
    assertThat(first.input()).isEqualTo(Map.of("url", "u")); // retry is a setting, not input

    List<Step> failed =
        interpreter.fail(retrying, state, "call", first.executionId(), 1, UNAVAILABLE);

    assertThat(kinds(failed)).containsExactly("NodeFailed", "AttemptScheduled", "TimerSet");
    Step.AttemptScheduled next = (Step.AttemptScheduled) failed.get(1);
    Step.TimerSet timer = (Step.TimerSet) failed.get(2);
    assertThat(next.attempt()).isEqualTo(2);
    assertThat(next.executionId()).isNotEqualTo(first.executionId());
    // random 0.5 sits at the middle of the jitter range: the base wait exactly
    assertThat(next.dueAt()).isEqualTo(NOW.plusSeconds(1));
    assertThat(timer.kind()).isEqualTo(TimerKind.RETRY);
    assertThat(timer.executionId()).isEqualTo(next.executionId());
    assertThat(timer.attempt()).isEqualTo(2);
    assertThat(timer.dueAt()).isEqualTo(next.dueAt());
  }

  @Test
  void theBackoffTimerStartsTheAttemptAndTheLastFailureFailsTheRun() {
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("retrying"));
    String exe1 =
        only(interpreter.start(retrying, state, Map.of("url", "u")), Step.FunctionCalled.class)
            .getFirst()
            .executionId();
    Step.TimerSet retry1 =
        only(interpreter.fail(retrying, state, "call", exe1, 1, UNAVAILABLE), Step.TimerSet.class)
            .getFirst();

    List<Step> second =
        interpreter.timerFired(
            retrying, state, "call", retry1.executionId(), 2, TimerKind.RETRY, null);
    assertThat(kinds(second)).containsExactly("NodeStarted", "FunctionCalled");
    Step.FunctionCalled call2 = (Step.FunctionCalled) second.get(1);
    assertThat(call2.attempt()).isEqualTo(2);
    assertThat(call2.executionId()).isEqualTo(retry1.executionId());
    assertThat(call2.input()).isEqualTo(Map.of("url", "u"));

    List<Step> failed2 =
        interpreter.fail(retrying, state, "call", call2.executionId(), 2, UNAVAILABLE);
    Step.TimerSet retry2 = only(failed2, Step.TimerSet.class).getFirst();
    assertThat(retry2.dueAt()).isEqualTo(NOW.plusSeconds(2)); // initial * multiplier
    assertThat(retry2.attempt()).isEqualTo(3);

    interpreter.timerFired(retrying, state, "call", retry2.executionId(), 3, TimerKind.RETRY, null);
    List<Step> last =
        interpreter.fail(retrying, state, "call", retry2.executionId(), 3, UNAVAILABLE);
    assertThat(kinds(last)).containsExactly("NodeFailed", "RunFailed");
    assertThat(last.getLast()).isEqualTo(new Step.RunFailed("call", UNAVAILABLE));
  }

  @Test
  void aRetryThatSucceedsCompletesTheRun() {
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("retrying"));
    String exe1 =
        only(interpreter.start(retrying, state, Map.of("url", "u")), Step.FunctionCalled.class)
            .getFirst()
            .executionId();
    Step.TimerSet retry =
        only(interpreter.fail(retrying, state, "call", exe1, 1, UNAVAILABLE), Step.TimerSet.class)
            .getFirst();
    interpreter.timerFired(retrying, state, "call", retry.executionId(), 2, TimerKind.RETRY, null);

    List<Step> done = interpreter.complete(retrying, state, "call", retry.executionId(), 2, "ok");

    assertThat(done).last().isInstanceOf(Step.RunCompleted.class);
    assertThat(((Step.NodeCompleted) done.getFirst()).attempt()).isEqualTo(2);
  }

  @Test
  void aPendingRetryKeepsTheRunOpenWhileAParallelBranchFinishes() {
    WorkflowDefinition fan =
        definition(
            """
            {"id":"fan","nodes":[
              {"id":"t","type":"trigger"},
              {"id":"a","type":"action","config":{"actionId":"x/a","retry":{"maxAttempts":2}}},
              {"id":"b","type":"action","config":{"actionId":"x/b"}}],
             "edges":[{"source":"t","target":"a"},{"source":"t","target":"b"}]}
            """);
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("fan"));
    List<Step.FunctionCalled> calls =
        only(interpreter.start(fan, state, Map.of()), Step.FunctionCalled.class);
    interpreter.fail(fan, state, "a", calls.get(0).executionId(), 1, UNAVAILABLE);

    List<Step> bDone = interpreter.complete(fan, state, "b", calls.get(1).executionId(), 1, "b");

    assertThat(bDone).noneMatch(Step.RunCompleted.class::isInstance);
  }

  @Test
  void nonRetryableErrorsFailAtOnce() {
    for (ExecutionError error :
        List.of(
            new ExecutionError("FUNCTION_NOT_FOUND", "gone", false),
            new ExecutionError("HTTP_404", "listed as non-retryable", true))) {
      RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("retrying"));
      String exe =
          only(interpreter.start(retrying, state, Map.of("url", "u")), Step.FunctionCalled.class)
              .getFirst()
              .executionId();

      List<Step> steps = interpreter.fail(retrying, state, "call", exe, 1, error);

      assertThat(kinds(steps)).as(error.code()).containsExactly("NodeFailed", "RunFailed");
    }
  }

  @Test
  void anActionWithATimeoutSetsATimerAndFailsRetryablyWhenItFires() {
    WorkflowDefinition timed =
        definition(
            """
            {"id":"timed","nodes":[
              {"id":"t","type":"trigger"},
              {"id":"slow","type":"action","timeout":"PT30S","config":{"actionId":"x/slow"}}],
             "edges":[{"source":"t","target":"slow"}]}
            """);
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("timed"));
    List<Step> started = interpreter.start(timed, state, Map.of());
    Step.TimerSet timeout = only(started, Step.TimerSet.class).getFirst();
    assertThat(kinds(started)).endsWith("FunctionCalled", "TimerSet");
    assertThat(timeout.kind()).isEqualTo(TimerKind.TIMEOUT);
    assertThat(timeout.dueAt()).isEqualTo(NOW.plusSeconds(30));

    List<Step> fired =
        interpreter.timerFired(
            timed, state, "slow", timeout.executionId(), 1, TimerKind.TIMEOUT, null);

    Step.NodeFailed failed = only(fired, Step.NodeFailed.class).getFirst();
    assertThat(failed.error().code()).isEqualTo("TIMEOUT");
    assertThat(failed.error().retryable()).isTrue();
    assertThat(failed.error().message()).contains("'slow'").contains("PT30S");
    assertThat(fired).last().isInstanceOf(Step.RunFailed.class);
  }

  @Test
  void aTimeoutIsRetriedByThePolicyAndTheNewAttemptGetsItsOwnTimeout() {
    WorkflowDefinition timed =
        definition(
            """
            {"id":"timed","nodes":[
              {"id":"t","type":"trigger"},
              {"id":"slow","type":"action","config":{"actionId":"x/slow","timeoutSeconds":10,
                "retry":{"maxAttempts":2,"initialInterval":"PT5S","jitter":0}}}],
             "edges":[{"source":"t","target":"slow"}]}
            """);
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("timed"));
    Step.TimerSet timeout =
        only(interpreter.start(timed, state, Map.of()), Step.TimerSet.class).getFirst();
    assertThat(timeout.dueAt()).isEqualTo(NOW.plusSeconds(10)); // the seed's timeoutSeconds

    List<Step> timedOut =
        interpreter.timerFired(
            timed, state, "slow", timeout.executionId(), 1, TimerKind.TIMEOUT, null);
    Step.TimerSet retry = only(timedOut, Step.TimerSet.class).getFirst();
    assertThat(retry.kind()).isEqualTo(TimerKind.RETRY);
    assertThat(retry.dueAt()).isEqualTo(NOW.plusSeconds(5));

    List<Step> second =
        interpreter.timerFired(timed, state, "slow", retry.executionId(), 2, TimerKind.RETRY, null);
    Step.TimerSet secondTimeout = only(second, Step.TimerSet.class).getFirst();
    assertThat(secondTimeout.kind()).isEqualTo(TimerKind.TIMEOUT);
    assertThat(secondTimeout.executionId()).isEqualTo(retry.executionId());
    assertThat(secondTimeout.attempt()).isEqualTo(2);
  }

  private final WorkflowDefinition waiting =
      definition(
          """
          {"id":"waiting","nodes":[
            {"id":"t","type":"trigger"},
            {"id":"pause","type":"timer","label":"Wait 5 Minutes","config":{"duration":"PT5M"}},
            {"id":"after","type":"action","config":{"actionId":"x/a","v":"{{pause.v}}"}}],
           "edges":[{"source":"t","target":"pause"},{"source":"pause","target":"after"}]}
          """);

  @Test
  void aTimerNodeWaitsForItsTimerAndThenPassesItsInputOn() {
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("waiting"));
    List<Step> started = interpreter.start(waiting, state, Map.of("v", 7));
    Step.TimerSet timer = only(started, Step.TimerSet.class).getFirst();
    assertThat(started).noneMatch(Step.RunCompleted.class::isInstance);
    assertThat(timer.kind()).isEqualTo(TimerKind.TIMER);
    assertThat(timer.dueAt()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
    assertThat(timer.payload()).isEqualTo(Map.of("v", 7));

    List<Step> fired =
        interpreter.timerFired(
            waiting, state, "pause", timer.executionId(), 1, TimerKind.TIMER, timer.payload());

    assertThat(kinds(fired)).containsExactly("NodeCompleted", "NodeStarted", "FunctionCalled");
    assertThat(only(fired, Step.FunctionCalled.class).getFirst().input()).isEqualTo(Map.of("v", 7));
  }

  @Test
  void aTimerUntilATimestampFromATemplateOrALiteral() {
    WorkflowDefinition until =
        definition(
            """
            {"id":"until","nodes":[
              {"id":"t","type":"trigger"},
              {"id":"byTemplate","type":"timer","config":{"until":"{{trigger.at}}"}},
              {"id":"byLiteral","type":"timer","config":{"until":"2031-06-01T12:00:00+02:00"}}],
             "edges":[{"source":"t","target":"byTemplate"},{"source":"t","target":"byLiteral"}]}
            """);
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("until"));

    List<Step.TimerSet> timers =
        only(
            interpreter.start(until, state, Map.of("at", "2030-01-02T00:00:00Z")),
            Step.TimerSet.class);

    assertThat(timers)
        .extracting(Step.TimerSet::dueAt)
        .containsExactly(
            Instant.parse("2030-01-02T00:00:00Z"), Instant.parse("2031-06-01T10:00:00Z"));
  }

  @Test
  void aTimerWhoseUntilIsNoTimestampFailsTheNodeSayingWhy() {
    WorkflowDefinition until =
        definition(
            """
            {"id":"until","nodes":[
              {"id":"t","type":"trigger"},
              {"id":"wait","type":"timer","config":{"until":"{{trigger.at}}"}}],
             "edges":[{"source":"t","target":"wait"}]}
            """);

    List<Step> bad =
        interpreter.start(
            until, RunState.fresh(RunId.of("r"), WorkflowId.of("until")), Map.of("at", "soon"));
    List<Step> missing =
        interpreter.start(until, RunState.fresh(RunId.of("r"), WorkflowId.of("until")), Map.of());

    assertThat(only(bad, Step.NodeFailed.class).getFirst().error().code())
        .isEqualTo("INVALID_TIMESTAMP");
    assertThat(only(bad, Step.NodeFailed.class).getFirst().error().message())
        .contains("'soon'")
        .contains("RFC 3339");
    assertThat(only(missing, Step.NodeFailed.class).getFirst().error().code())
        .isEqualTo("TEMPLATE_UNRESOLVED");
    assertThat(bad).last().isInstanceOf(Step.RunFailed.class);
  }

  private final WorkflowDefinition gate =
      definition(
          """
          {"id":"gate","nodes":[
            {"id":"t","type":"trigger"},
            {"id":"approval","type":"approval-gate","config":{"eventName":"approved","timeout":"PT1H"}},
            {"id":"approved","type":"action","config":{"actionId":"x/pay"}},
            {"id":"expired","type":"action","config":{"actionId":"x/remind","t":"{{approval.timedOut}}"}}],
           "edges":[{"source":"t","target":"approval"},
                    {"source":"approval","target":"approved"},
                    {"source":"approval","target":"expired","sourceHandle":"timeout"}]}
          """);

  @Test
  void anApprovalGateThatTimesOutFollowsOnlyItsTimeoutBranch() {
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("gate"));
    Step.TimerSet timeout =
        only(interpreter.start(gate, state, Map.of()), Step.TimerSet.class).getFirst();
    assertThat(timeout.kind()).isEqualTo(TimerKind.TIMEOUT);
    assertThat(timeout.dueAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));

    List<Step> fired =
        interpreter.timerFired(
            gate, state, "approval", timeout.executionId(), 1, TimerKind.TIMEOUT, null);

    Step.NodeCompleted gateDone = only(fired, Step.NodeCompleted.class).getFirst();
    assertThat(gateDone.output()).isEqualTo(Map.of("timedOut", true));
    assertThat(only(fired, Step.FunctionCalled.class))
        .singleElement()
        .satisfies(
            call -> {
              assertThat(call.node().id()).isEqualTo("expired");
              assertThat(call.input()).isEqualTo(Map.of("t", true));
            });
  }

  @Test
  void anApprovedGateFollowsItsNormalEdgesNotTheTimeoutBranch() {
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("gate"));
    String gateExecution =
        only(interpreter.start(gate, state, Map.of()), Step.NodeStarted.class)
            .getLast()
            .executionId();

    List<Step> approved =
        interpreter.complete(gate, state, "approval", gateExecution, 1, Map.of("by", "ann"));

    assertThat(only(approved, Step.FunctionCalled.class))
        .extracting(call -> call.node().id())
        .containsExactly("approved");
  }

  @Test
  void aGateTimeoutWithoutATimeoutBranchFailsTheRun() {
    WorkflowDefinition strict =
        definition(
            """
            {"id":"strict","nodes":[
              {"id":"t","type":"trigger"},
              {"id":"approval","type":"approval-gate","config":{"eventName":"ok","timeoutHours":24}},
              {"id":"end","type":"end"}],
             "edges":[{"source":"t","target":"approval"},{"source":"approval","target":"end"}]}
            """);
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("strict"));
    Step.TimerSet timeout =
        only(interpreter.start(strict, state, Map.of()), Step.TimerSet.class).getFirst();
    assertThat(timeout.dueAt()).isEqualTo(NOW.plus(Duration.ofHours(24))); // the seed's form

    List<Step> fired =
        interpreter.timerFired(
            strict, state, "approval", timeout.executionId(), 1, TimerKind.TIMEOUT, null);

    assertThat(kinds(fired)).containsExactly("NodeFailed", "RunFailed");
    ExecutionError error = ((Step.RunFailed) fired.getLast()).error();
    assertThat(error.code()).isEqualTo("TIMEOUT");
    assertThat(error.retryable()).isFalse();
    assertThat(error.message()).contains("'ok'").contains("PT24H");
  }

  private final WorkflowDefinition fallback =
      definition(
          """
          {"id":"fallback","nodes":[
            {"id":"t","type":"trigger"},
            {"id":"fetch","type":"action","config":{"actionId":"x/fetch","retry":{"maxAttempts":2,"jitter":0}}},
            {"id":"use","type":"action","config":{"actionId":"x/use"}},
            {"id":"cached","type":"action","label":"Use Cache",
             "config":{"actionId":"x/cache","why":"{{fetch.error.code}}: {{fetch.error.message}}"}}],
           "edges":[{"source":"t","target":"fetch"},
                    {"source":"fetch","target":"use"},
                    {"source":"fetch","target":"cached","sourceHandle":"error"}]}
          """);

  @Test
  void aNodeThatFailsForGoodFollowsItsErrorEdgeWithTheErrorAsData() {
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("fallback"));
    String exe1 =
        only(interpreter.start(fallback, state, Map.of()), Step.FunctionCalled.class)
            .getFirst()
            .executionId();

    // the retry policy comes first: the first failure is retried, not handled
    List<Step> firstFailure = interpreter.fail(fallback, state, "fetch", exe1, 1, UNAVAILABLE);
    assertThat(firstFailure).noneMatch(Step.FunctionCalled.class::isInstance);
    String exe2 = only(firstFailure, Step.TimerSet.class).getFirst().executionId();
    interpreter.timerFired(fallback, state, "fetch", exe2, 2, TimerKind.RETRY, null);

    List<Step> handled = interpreter.fail(fallback, state, "fetch", exe2, 2, UNAVAILABLE);

    assertThat(handled).noneMatch(Step.RunFailed.class::isInstance);
    Step.FunctionCalled handler = only(handled, Step.FunctionCalled.class).getFirst();
    assertThat(handler.node().id()).isEqualTo("cached");
    assertThat(handler.input()).isEqualTo(Map.of("why", "HTTP_503: down"));
    assertThat(state.outputs().get("fetch"))
        .isEqualTo(
            Map.of(
                "error",
                Map.of(
                    "code", "HTTP_503", "message", "down", "retryable", true, "nodeId", "fetch")));

    List<Step> done =
        interpreter.complete(fallback, state, "cached", handler.executionId(), 1, "c");
    assertThat(done).last().isInstanceOf(Step.RunCompleted.class);
  }

  @Test
  void aNodeThatSucceedsNeverRunsItsErrorHandler() {
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("fallback"));
    String exe1 =
        only(interpreter.start(fallback, state, Map.of()), Step.FunctionCalled.class)
            .getFirst()
            .executionId();

    List<Step> done = interpreter.complete(fallback, state, "fetch", exe1, 1, "data");

    assertThat(only(done, Step.FunctionCalled.class))
        .extracting(call -> call.node().id())
        .containsExactly("use");
  }

  @Test
  void aConditionWhoseExpressionFailsCanBeHandledByAnErrorEdge() {
    WorkflowDefinition guarded =
        definition(
            """
            {"id":"guarded","nodes":[
              {"id":"t","type":"trigger"},
              {"id":"check","type":"condition","config":{"expression":"trigger.amount > 10"}},
              {"id":"yes","type":"end"},{"id":"no","type":"end"},{"id":"oops","type":"end"}],
             "edges":[{"source":"t","target":"check"},
                      {"source":"check","target":"yes","sourceHandle":"true"},
                      {"source":"check","target":"no","sourceHandle":"false"},
                      {"source":"check","target":"oops","sourceHandle":"error"}]}
            """);

    List<Step> steps =
        interpreter.start(
            guarded, RunState.fresh(RunId.of("r"), WorkflowId.of("guarded")), Map.of());

    assertThat(only(steps, Step.NodeStarted.class))
        .extracting(s -> s.node().id())
        .containsExactly("t", "check", "oops");
    assertThat(steps).last().isInstanceOf(Step.RunCompleted.class);
  }

  private final WorkflowDefinition handled =
      definition(
          """
          {"id":"handled","onFailure":"notify",
           "nodes":[
            {"id":"t","type":"trigger"},
            {"id":"charge","type":"action","config":{"actionId":"x/charge"}},
            {"id":"ship","type":"action","config":{"actionId":"x/ship"}},
            {"id":"notify","type":"action","config":{"actionId":"x/notify","failed":"{{run.error.nodeId}}","code":"{{run.error.code}}"}},
            {"id":"notified","type":"end"}],
           "edges":[{"source":"t","target":"charge"},{"source":"charge","target":"ship"},
                    {"source":"notify","target":"notified"}]}
          """);

  @Test
  void aFailingRunRunsItsFailureHandlerAndThenFailsWithTheOriginalError() {
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("handled"));
    String charge =
        only(interpreter.start(handled, state, Map.of()), Step.FunctionCalled.class)
            .getFirst()
            .executionId();
    ExecutionError declined = new ExecutionError("CARD_DECLINED", "declined", false);

    List<Step> failing = interpreter.fail(handled, state, "charge", charge, 1, declined);

    assertThat(kinds(failing))
        .containsExactly("NodeFailed", "FailureHandlerStarted", "NodeStarted", "FunctionCalled");
    assertThat(failing.get(1)).isEqualTo(new Step.FailureHandlerStarted("charge", declined));
    Step.FunctionCalled notify = only(failing, Step.FunctionCalled.class).getFirst();
    assertThat(notify.node().id()).isEqualTo("notify");
    assertThat(notify.input()).isEqualTo(Map.of("failed", "charge", "code", "CARD_DECLINED"));

    // the next transition rebuilds the state; the run row's error says it is failing
    RunState reloaded =
        new RunState(
            RunId.of("run_1"),
            WorkflowId.of("handled"),
            state.outputs(),
            java.util.Set.of("t", "charge", "notify"),
            java.util.Set.of("notify"),
            java.util.Set.of("t"));
    reloaded.failing("charge", declined);
    List<Step> done =
        interpreter.complete(handled, reloaded, "notify", notify.executionId(), 1, "sent");

    assertThat(kinds(done))
        .containsExactly("NodeCompleted", "NodeStarted", "NodeCompleted", "RunFailed");
    assertThat(done.getLast()).isEqualTo(new Step.RunFailed("charge", declined));
  }

  @Test
  void theFailureHandlerRunsOnceEvenIfItFailsItself() {
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("handled"));
    String charge =
        only(interpreter.start(handled, state, Map.of()), Step.FunctionCalled.class)
            .getFirst()
            .executionId();
    ExecutionError declined = new ExecutionError("CARD_DECLINED", "declined", false);
    String notify =
        only(
                interpreter.fail(handled, state, "charge", charge, 1, declined),
                Step.FunctionCalled.class)
            .getFirst()
            .executionId();

    List<Step> handlerFailed =
        interpreter.fail(handled, state, "notify", notify, 1, new ExecutionError("X", "x", false));

    assertThat(kinds(handlerFailed)).containsExactly("NodeFailed", "RunFailed");
    assertThat(handlerFailed.getLast()).isEqualTo(new Step.RunFailed("charge", declined));
  }

  @Test
  void whileTheHandlerRunsTheFailedFlowStartsNothingNewAndDoesNotHoldTheRunOpen() {
    WorkflowDefinition parallel =
        definition(
            """
            {"id":"parallel","onFailure":"cleanup","nodes":[
              {"id":"t","type":"trigger"},
              {"id":"a","type":"action","config":{"actionId":"x/a"}},
              {"id":"gate","type":"approval-gate","config":{"eventName":"go"}},
              {"id":"afterGate","type":"action","config":{"actionId":"x/b"}},
              {"id":"cleanup","type":"action","config":{"actionId":"x/cleanup"}}],
             "edges":[{"source":"t","target":"a"},{"source":"t","target":"gate"},
                      {"source":"gate","target":"afterGate"}]}
            """);
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("parallel"));
    List<Step> started = interpreter.start(parallel, state, Map.of());
    String a = only(started, Step.FunctionCalled.class).getFirst().executionId();
    String gateExecution =
        only(started, Step.NodeStarted.class).stream()
            .filter(s -> s.node().id().equals("gate"))
            .findFirst()
            .orElseThrow()
            .executionId();
    String cleanup =
        only(interpreter.fail(parallel, state, "a", a, 1, UNAVAILABLE), Step.FunctionCalled.class)
            .getFirst()
            .executionId();

    RunState approvedFirst =
        new RunState(
            RunId.of("run_1"),
            WorkflowId.of("parallel"),
            state.outputs(),
            java.util.Set.of("t", "a", "gate", "cleanup"),
            java.util.Set.of("gate", "cleanup"),
            java.util.Set.of("t"));
    approvedFirst.failing("a", UNAVAILABLE);
    List<Step> approvedMeanwhile =
        interpreter.complete(parallel, approvedFirst, "gate", gateExecution, 1, Map.of());
    assertThat(kinds(approvedMeanwhile)).containsExactly("NodeCompleted");

    // the gate still waits in this state, and the run fails when the handler is done
    List<Step> cleaned = interpreter.complete(parallel, state, "cleanup", cleanup, 1, "ok");
    assertThat(cleaned).last().isEqualTo(new Step.RunFailed("a", UNAVAILABLE));
  }

  @Test
  void aFailingRunStartsNoPendingRetryOfItsFailedFlow() {
    WorkflowDefinition both =
        definition(
            """
            {"id":"both","onFailure":"cleanup","nodes":[
              {"id":"t","type":"trigger"},
              {"id":"a","type":"action","config":{"actionId":"x/a","retry":{"maxAttempts":2}}},
              {"id":"b","type":"action","config":{"actionId":"x/b"}},
              {"id":"cleanup","type":"action","config":{"actionId":"x/cleanup"}}],
             "edges":[{"source":"t","target":"a"},{"source":"t","target":"b"}]}
            """);
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("both"));
    List<Step.FunctionCalled> calls =
        only(interpreter.start(both, state, Map.of()), Step.FunctionCalled.class);
    String retry =
        only(
                interpreter.fail(both, state, "a", calls.get(0).executionId(), 1, UNAVAILABLE),
                Step.TimerSet.class)
            .getFirst()
            .executionId();
    ExecutionError fatal = new ExecutionError("BAD", "bad", false);
    String cleanup =
        only(
                interpreter.fail(both, state, "b", calls.get(1).executionId(), 1, fatal),
                Step.FunctionCalled.class)
            .getFirst()
            .executionId();

    List<Step> retryDue = interpreter.timerFired(both, state, "a", retry, 2, TimerKind.RETRY, null);

    assertThat(retryDue).isEmpty();
    assertThat(interpreter.complete(both, state, "cleanup", cleanup, 1, "ok"))
        .last()
        .isEqualTo(new Step.RunFailed("b", fatal));
  }
}
