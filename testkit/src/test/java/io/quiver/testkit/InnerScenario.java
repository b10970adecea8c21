package io.quiver.testkit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Marks a nested scenario class that a test runs itself with {@link EngineTestKit} (for example
 * one that fails on purpose): annotated {@code @ExtendWith(InnerScenario.class)}, it is disabled
 * in the normal test run and enabled only inside {@link #run(Class)}.
 */
public final class InnerScenario implements ExecutionCondition {

    private static final String ENABLED = "quiver.testkit.innerScenario";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return context.getConfigurationParameter(ENABLED).filter("true"::equals)
                .map(value -> ConditionEvaluationResult.enabled("run by its enclosing test"))
                .orElse(ConditionEvaluationResult.disabled("a scenario that its enclosing test runs itself"));
    }

    /** Runs the scenario class on the Jupiter engine and returns what happened. */
    public static EngineExecutionResults run(Class<?> scenario) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(scenario))
                .configurationParameter(ENABLED, "true")
                .execute();
    }
}
