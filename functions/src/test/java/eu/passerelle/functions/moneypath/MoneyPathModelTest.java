package eu.passerelle.functions.moneypath;

import eu.passerelle.functions.support.LocalTables;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.stateful.ActionSequence;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A model-based (stateful) test of the whole money path: jqwik generates random sequences of
 * actions (providers approved, suspended and reinstated; rule versions published mid-period;
 * vouchers minted across departments, months, services and income tiers; declarations single,
 * in batches, duplicated, at once, by the wrong provider, on bad dates; the consumer applying in
 * order, shuffled with duplicates, at once, or dying mid-write; cancellations before and after
 * payment; vouchers given back and expired; bank details changed and reviewed; reimbursement
 * runs, runs dying mid-write and resumed (or left for abandoned while an agent starts another), two
 * runs at once; the queue down and the sweeper; time passing) over the real domain services and
 * the real DynamoDB stores of template.yaml on the local emulator, and after every step compares
 * what is stored with a simple in-memory model ({@link MoneyPath#checkInvariants()}): every
 * applied redemption paid exactly once or reversed exactly once, statements, run counters and the
 * pain.001 file agreeing, transfers only to the reviewed account, quotas kept, every run
 * terminating, the coordination's figures equal to the model's counts. A failure is shrunk by
 * jqwik to a minimal sequence of readable steps.
 *
 * <p>In {@code mvn verify} it runs a fixed seed, a bounded number of sequences of bounded length
 * (a few minutes on two cores). The long mode:</p>
 * <pre>
 * mvn -B -pl functions -am verify -Dtest=MoneyPathModelTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dmoney.model.tries=2000 -Dmoney.model.seed=random -Dmoney.model.steps=60 [-Dmoney.model.shrinking=BOUNDED]
 * </pre>
 * <p>({@code money.model.seed} takes a seed jqwik printed to replay a failure.)</p>
 */
class MoneyPathModelTest {

    static final int CI_TRIES = 20;
    static final String CI_SEED = "20261203";
    static final int CI_STEPS = 40;

    private static LocalTables tables;
    private static final AtomicLong SEQUENCES = new AtomicLong();
    private static final AtomicLong STEPS = new AtomicLong();

    @BeforeContainer
    static void start() {
        tables = LocalTables.start();
    }

    @AfterContainer
    static void stop() {
        System.out.println("Money path model: " + SEQUENCES.get() + " sequences, " + STEPS.get() + " steps run");
        MoneyPath.HAPPENED.forEach((what, n) -> System.out.println("  " + what + ": " + n));
        tables.close();
    }

    @Property(tries = CI_TRIES, seed = CI_SEED, shrinking = ShrinkingMode.FULL)
    @AddLifecycleHook(LongMode.class)
    void everyStepOfTheMoneyPathKeepsTheModelsInvariants(@ForAll("sequences") ActionSequence<MoneyPath> sequence) {
        MoneyPath m = new MoneyPath(tables);
        if (SEQUENCES.incrementAndGet() % 50 == 0) {
            System.out.println("Money path model: " + SEQUENCES.get() + " sequences, " + STEPS.get() + " steps so far");
        }
        sequence.withInvariant("the money path agrees with the model", MoneyPath::checkInvariants)
                .peek(x -> STEPS.incrementAndGet())
                .run(m);
        MoneyPathActions.drain(m);
        m.checkInvariants();
    }

    @Provide
    Arbitrary<ActionSequence<MoneyPath>> sequences() {
        return Arbitraries.sequences(MoneyPathActions.actions()).ofSize(Integer.getInteger("money.model.steps", CI_STEPS));
    }

    /** The long mode's system properties, over the CI defaults of the annotation. */
    public static final class LongMode implements AroundPropertyHook {
        @Override
        public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
            String tries = System.getProperty("money.model.tries");
            if (tries != null && !tries.isBlank()) {
                context.attributes().setTries(Integer.parseInt(tries.strip()));
            }
            String seed = System.getProperty("money.model.seed");
            if (seed != null && !seed.isBlank()) {
                context.attributes().setSeed(seed.strip().equals("random") ? "" : seed.strip());
            }
            // BOUNDED or OFF reports a long run's failure in seconds (full shrinking of 60-step sequences can take hours).
            String shrinking = System.getProperty("money.model.shrinking");
            if (shrinking != null && !shrinking.isBlank()) {
                context.attributes().setShrinking(ShrinkingMode.valueOf(shrinking.strip().toUpperCase(java.util.Locale.ROOT)));
            }
            return property.execute();
        }
    }
}
