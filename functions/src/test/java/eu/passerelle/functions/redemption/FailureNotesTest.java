package eu.passerelle.functions.redemption;

import eu.passerelle.functions.PasserelleFunctions;
import eu.passerelle.functions.support.LocalTables;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Why redemption messages failed, kept for the dead letters page, against the DynamoDB engine. */
class FailureNotesTest {

    static LocalTables tables;
    static FailureNotes notes;

    @BeforeAll
    static void start() {
        tables = LocalTables.start();
        notes = new FailureNotes(tables::client, () -> tables.table(PasserelleFunctions.LEDGER_TABLE));
    }

    @AfterAll
    static void stop() {
        tables.close();
    }

    @Test
    void theLastFailureOfEachRedemptionIsReadBack() {
        Instant first = Instant.parse("2026-11-23T09:00:00Z");
        notes.note("R-A", "Erreur technique (SdkClientException).", first);
        notes.note("R-A", "La déclaration R-A est introuvable dans la base.", first.plusSeconds(30));
        notes.note("R-B", "Message illisible.", first);
        Map<String, FailureNotes.Note> read = notes.of(Set.of("R-A", "R-B", "R-never-failed"));
        assertThat(read).containsOnlyKeys("R-A", "R-B");
        assertThat(read.get("R-A")).isEqualTo(new FailureNotes.Note("La déclaration R-A est introuvable dans la base.",
                first.plusSeconds(30)));
    }

    @Test
    void moreThanOneBatchOfIdsIsRead() {
        Set<String> ids = new HashSet<>();
        IntStream.range(0, 130).forEach(i -> {
            ids.add("R-many-" + i);
            notes.note("R-many-" + i, "Erreur technique (n° " + i + ").", Instant.parse("2026-11-23T10:00:00Z"));
        });
        assertThat(notes.of(ids)).hasSize(130);
    }

    @Test
    void notesExpireWithTheTableTtl() {
        Instant at = Instant.parse("2026-11-23T11:00:00Z");
        notes.note("R-ttl", "Message illisible.", at);
        var item = tables.client().getItem(g -> g.tableName(tables.table(PasserelleFunctions.LEDGER_TABLE))
                .key(FailureNotes.key("R-ttl"))).item();
        assertThat(Long.parseLong(item.get("expiresAt").n())).isEqualTo(at.plus(FailureNotes.KEPT).getEpochSecond());
    }
}
