package eu.passerelle.functions.evaluation;

import eu.passerelle.evaluation.Evaluation;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CounterUpdatesTest {

    private static final YearMonth JUNE = YearMonth.of(2026, 6);

    @Test
    void paymentsIntoTwoDepartmentsUpdateTheNationalCellOnceWithTheSumOfBoth() {
        CounterUpdates updates = new CounterUpdates()
                .tallies("metrics", Evaluation.paid("75", JUNE, "psychologist", 6000), "PAS-1")
                .tallies("metrics", Evaluation.paid("93", JUNE, "psychologist", 5000), "PAS-1");

        List<TransactWriteItem> writes = updates.writes();

        Set<Map<String, AttributeValue>> keys = writes.stream().map(w -> w.update().key()).collect(Collectors.toSet());
        assertThat(keys).as("one update per distinct item").hasSize(writes.size()).hasSize(3);
        TransactWriteItem national = writes.stream().filter(w -> w.update().key().get("pk").s().equals("AREA#ALL"))
                .findFirst().orElseThrow();
        assertThat(national.update().expressionAttributeValues().values()).extracting(AttributeValue::n).containsExactly("11000");
    }

    @Test
    void anEventAndItsCancellationInOneTransactionLeaveNothingToWrite() {
        CounterUpdates updates = new CounterUpdates()
                .tallies("metrics", Evaluation.paid("75", JUNE, "psychologist", 6000), "x")
                .tallies("metrics", Evaluation.paid("75", JUNE, "psychologist", -6000), "x");

        assertThat(updates.writes()).isEmpty();
    }

    @Test
    void aProviderSessionSetsItsDescriptionAndAddsItsCountsInOneUpdatePerRow() {
        CounterUpdates updates = MetricsItems.providerSession(new CounterUpdates(), "metrics", "p1", "75", "psychologist",
                java.time.LocalDate.of(2026, 6, 3), true, 1);

        List<TransactWriteItem> writes = updates.writes();

        assertThat(writes).hasSize(2);
        assertThat(writes.get(0).update().updateExpression()).startsWith("SET ").contains(" ADD ");
        assertThat(writes.get(1).update().updateExpression()).isEqualTo("ADD #a0 :v0");
    }

    @Test
    void twoDifferentValuesForOneDescriptiveAttributeAreRefusedBeforeAnyWrite() {
        Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("PMONTH#2026-06"), "sk", AttributeValue.fromS("p1"));
        CounterUpdates updates = new CounterUpdates().set("metrics", key, "department", AttributeValue.fromS("75"));

        assertThatThrownBy(() -> updates.set("metrics", key, "department", AttributeValue.fromS("93")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
