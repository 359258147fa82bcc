package io.flowmesh.testinfra;

import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Randomness a failed test can replay. A test method of a class extended with
 * {@code @ExtendWith(TestSeed.class)} takes a {@link Random} parameter; its seed is new for every
 * test, or the value of {@code -Dflowmesh.test.seed=...} when given. The seed is printed to the
 * test's output, published as a report entry and attached to its failure, with the option that
 * replays it.
 *
 * <p>Several threads may share the one {@link Random} (it is thread-safe); thread scheduling is of
 * course not replayed. jqwik properties print and accept their own seeds and need none of this.
 */
public final class TestSeed implements ParameterResolver, TestExecutionExceptionHandler {

  /** The system property that fixes the seed of every test that uses this extension. */
  public static final String PROPERTY = "flowmesh.test.seed";

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(TestSeed.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Random.class;
  }

  @Override
  public Random resolveParameter(ParameterContext parameter, ExtensionContext context) {
    String fixed = System.getProperty(PROPERTY);
    long seed =
        fixed == null || fixed.isBlank()
            ? ThreadLocalRandom.current().nextLong()
            : Long.parseLong(fixed.strip());
    context.getStore(NAMESPACE).put(PROPERTY, seed);
    context.publishReportEntry(PROPERTY, Long.toString(seed));
    // Surefire and Failsafe keep report entries out of their reports; the test's output keeps it.
    System.out.printf(
        "%s %s: random seed %d; replay with -D%s=%d%n",
        context.getRequiredTestClass().getSimpleName(),
        context.getDisplayName(),
        seed,
        PROPERTY,
        seed);
    return new Random(seed);
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure)
      throws Throwable {
    Long seed = context.getStore(NAMESPACE).get(PROPERTY, Long.class);
    if (seed != null) {
      failure.addSuppressed(new SeedOfTheFailedTest(seed));
    }
    throw failure;
  }

  /** Not an error of its own: carries the seed in the failure's stack trace. */
  private static final class SeedOfTheFailedTest extends RuntimeException {
    SeedOfTheFailedTest(long seed) {
      super("random seed " + seed + "; replay with -D" + PROPERTY + "=" + seed, null, false, false);
    }
  }
}
