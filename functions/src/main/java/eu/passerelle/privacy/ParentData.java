package eu.passerelle.privacy;

import eu.passerelle.identity.Caller;
import eu.passerelle.questionnaire.Answers;
import eu.passerelle.questionnaire.SavedAnswers;
import eu.passerelle.vouchers.Voucher;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parent's right of access and right to erasure (GDPR art. 15 and 17). Payment records
 * (redemptions, ledgers, statements) name vouchers, never parents, so they stay whole and
 * consistent after an erasure: they are kept for their legal period ({@link Retention}).
 */
public final class ParentData {

    /** Everything held about the parent, as they download it. */
    public record Export(String subject, Instant exportedAt, List<Voucher> vouchers, Map<String, Integer> sessionsUsed,
                         Optional<Answers> questionnaire, String retention) {
    }

    /** What an erasure did. */
    public record Erasure(Instant erasedAt, int vouchers, boolean questionnaireDeleted, boolean accountDeleted) {
    }

    static final String RETENTION = "Réponses au questionnaire conservées un an si vous l'avez demandé ; bons non utilisés "
            + "supprimés " + Retention.GRACE.getDays() + " jours après leur fin de validité ; les paiements aux professionnels "
            + "sont conservés " + Retention.PAYMENT_RECORDS.getYears() + " ans sans votre identité.";

    private final ParentRecords records;
    private final SavedAnswers answers;
    private final SignInAccounts accounts;
    private final Clock clock;

    public ParentData(ParentRecords records, SavedAnswers answers, SignInAccounts accounts, Clock clock) {
        this.records = records;
        this.answers = answers;
        this.accounts = accounts;
        this.clock = clock;
    }

    public Export export(Caller parent) {
        return new Export(parent.subject(), clock.instant(), records.vouchers(parent.subject()),
                records.quotas(parent.subject()), answers.find(parent.subject()), RETENTION);
    }

    public Erasure erase(Caller parent) {
        Instant now = clock.instant();
        boolean hadAnswers = answers.find(parent.subject()).isPresent();
        answers.delete(parent.subject());
        int vouchers = records.erase(parent.subject(), now);
        // The account last: if this fails, the data is already gone and the parent, still able to
        // sign in, can ask again (erasing the data twice changes nothing).
        accounts.delete(parent.subject());
        return new Erasure(now, vouchers, hadAnswers, true);
    }
}
