package eu.passerelle.providers;

import eu.passerelle.Rejection;
import eu.passerelle.directory.PostalCodeDirectory;
import eu.passerelle.identity.Caller;
import eu.passerelle.identity.Role;
import eu.passerelle.reimbursement.Payee;
import eu.passerelle.reimbursement.ProviderPayees;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A provider's change of bank account is paid only once an agent approved it: the rules of
 * {@link ProviderService} and {@link ProviderPayees} on an in-memory store.
 */
class BankChangeReviewTest {

    private static final String FIRST = "FR7630006000011234567890189";
    private static final String SECOND = "BE68539007547034";
    private static final String THIRD = "FR1420041010050500013M02606";
    private static final Caller AGENT = new Caller("agent-7", Set.of(Role.AGENT), null);

    private static PostalCodeDirectory postalCodes;

    private InMemoryProviders store;
    private ProviderService service;
    private ProviderPayees payees;
    private Instant now;
    private Caller caller;
    private Provider approved;

    @BeforeAll
    static void loadPostalCodes() {
        postalCodes = PostalCodeDirectory.load();
    }

    @BeforeEach
    void anApprovedProvider() {
        store = new InMemoryProviders();
        now = Instant.parse("2026-06-01T08:00:00Z");
        Clock clock = new Clock() {
            @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() { return now; }
        };
        service = new ProviderService(store, postalCodes, clock);
        payees = new ProviderPayees(store);
        caller = new Caller("sub-provider-1", Set.of(Role.PROVIDER), null);
        Provider p = service.apply(caller, Forms.psychologistIn75018("1000000001"));
        now = now.plus(Duration.ofHours(1));
        approved = service.decide(AGENT, p.id(), Decision.APPROVE, null);
        now = now.plus(Duration.ofDays(2));
    }

    private Provider changeBank(String iban, String bic, boolean previousClosed) {
        ApplicationForm f = Forms.psychologistIn75018("1000000001");
        return service.correct(caller, new ApplicationForm(f.displayName(), f.profession(), f.credential(), f.address(),
                f.area(), f.languages(), f.remoteSessions(), f.wheelchairAccessible(), f.contact(),
                new ApplicationForm.BankAccountForm(iban, bic, previousClosed), f.charter()));
    }

    @Test
    void theAccountSeenAtApprovalIsTheFirstReviewedAccountAndIsPaid() {
        assertThat(approved.bank().reviewed().account().iban()).isEqualTo(FIRST);
        assertThat(approved.bank().reviewed().reviewedBy()).isEqualTo("agent-7");
        assertThat(approved.bank().reviewed().holder()).isEqualTo("Claire Martin");
        assertThat(payees.payee(approved.id())).contains(new Payee(approved.id(), "Claire Martin", FIRST, "AGRIFRPP"));
        assertThat(payees.holdReason(approved.id())).isEmpty();
        AuditEntry approval = store.audit(approved.id()).get(1);
        assertThat(approval.action()).isEqualTo("approve");
        assertThat(approval.after()).containsEntry("bankAccount", "FR76 •••• 0189 AGRIFRPP");
    }

    @Test
    void beforeApprovalNothingIsPayableAndAnAccountChangeNeedsNoSeparateReview() {
        Caller other = new Caller("sub-provider-2", Set.of(Role.PROVIDER), null);
        Provider p = service.apply(other, Forms.mediatorInBrussels());
        assertThat(payees.payee(p.id())).isEmpty();
        assertThat(payees.holdReason(p.id())).isPresent();
        ApplicationForm f = Forms.withBank(Forms.mediatorInBrussels(), FIRST, "AGRIFRPP");
        Provider corrected = service.correct(other, f);
        assertThat(corrected.bank().pending()).as("the whole application is still to review").isNull();
        Provider approvedNow = service.decide(AGENT, p.id(), Decision.APPROVE, null);
        assertThat(approvedNow.bank().reviewed().account().iban()).isEqualTo(FIRST);
    }

    @Test
    void aNewIbanIsAPendingChangeTheProviderStaysApprovedAndTheReviewedAccountIsStillPaid() {
        Provider changed = changeBank(SECOND, "GEBABEBB", false);

        assertThat(changed.status()).as("approval for services is kept").isEqualTo(ProviderStatus.APPROVED);
        assertThat(changed.application().bankAccount().iban()).isEqualTo(SECOND);
        assertThat(changed.bank().pending().account().iban()).isEqualTo(SECOND);
        assertThat(changed.bank().pending().requestedBy()).isEqualTo("sub-provider-1");
        assertThat(payees.payee(changed.id())).map(Payee::iban).contains(FIRST);
        assertThat(payees.holdReason(changed.id())).isEmpty();
        assertThat(service.pendingBankChanges(null, 10).items()).extracting(Provider::id).containsExactly(changed.id());

        AuditEntry request = store.audit(changed.id()).get(store.audit(changed.id()).size() - 1);
        assertThat(request.action()).isEqualTo("request-bank-change");
        assertThat(request.actor()).isEqualTo("sub-provider-1");
        assertThat(request.actorRole()).isEqualTo("provider");
        assertThat(request.at()).isEqualTo(now);
        assertThat(request.after().get("bankAccount")).contains("7034").doesNotContain("539007547034");
    }

    @Test
    void anAgentsApprovalMakesTheNewAccountThePaidOneAndIsAudited() {
        Provider changed = changeBank(SECOND, "GEBABEBB", false);
        now = now.plus(Duration.ofHours(3));
        Provider decided = service.decideBankChange(AGENT, changed.id(), ProviderService.BankDecision.APPROVE, null, SECOND);

        assertThat(decided.bank().pending()).isNull();
        assertThat(decided.bank().reviewed().account().iban()).isEqualTo(SECOND);
        assertThat(decided.bank().reviewed().reviewedBy()).isEqualTo("agent-7");
        assertThat(decided.bank().reviewed().holder()).isEqualTo("Claire Martin");
        assertThat(payees.payee(decided.id())).map(Payee::iban).contains(SECOND);
        assertThat(service.pendingBankChanges(null, 10).items()).isEmpty();
        AuditEntry decision = store.audit(decided.id()).get(store.audit(decided.id()).size() - 1);
        assertThat(decision.action()).isEqualTo("approve-bank-change");
        assertThat(decision.actor()).isEqualTo("agent-7");
        assertThat(decision.actorRole()).isEqualTo("agent");
        assertThat(decision.at()).isEqualTo(now);
        assertThat(decision.after()).containsEntry("requestedBy", "sub-provider-1");
        assertThat(decision.before().get("bankAccount")).contains("0189");
        assertThat(decision.after().get("bankAccount")).contains("7034");
    }

    @Test
    void aRejectionNeedsAReasonKeepsTheReviewedAccountAndTellsTheProvider() {
        Provider changed = changeBank(SECOND, "GEBABEBB", false);
        assertThatThrownBy(() -> service.decideBankChange(AGENT, changed.id(), ProviderService.BankDecision.REJECT, " ", null))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.type()).isEqualTo("reason-required"));

        Provider rejected = service.decideBankChange(AGENT, changed.id(), ProviderService.BankDecision.REJECT,
                "Le RIB joint ne porte pas votre nom.", null);
        assertThat(rejected.bank().pending()).isNull();
        assertThat(rejected.bank().lastRejection().reason()).isEqualTo("Le RIB joint ne porte pas votre nom.");
        assertThat(rejected.application().bankAccount().iban()).as("the form shows the account paid").isEqualTo(FIRST);
        assertThat(payees.payee(rejected.id())).map(Payee::iban).contains(FIRST);
        assertThat(store.audit(rejected.id())).extracting(AuditEntry::action).endsWith("reject-bank-change");
        assertThat(store.audit(rejected.id()).get(store.audit(rejected.id()).size() - 1).reason())
                .isEqualTo("Le RIB joint ne porte pas votre nom.");
    }

    @Test
    void aDecisionNeedsAPendingChangeAndRefusesAnAccountChangedSinceTheAgentLooked() {
        assertThatThrownBy(() -> service.decideBankChange(AGENT, approved.id(), ProviderService.BankDecision.APPROVE, null, null))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.type()).isEqualTo("no-pending-bank-change"));
        changeBank(SECOND, "GEBABEBB", false);
        changeBank(THIRD, "PSSTFRPP", false);
        assertThatThrownBy(() -> service.decideBankChange(AGENT, approved.id(), ProviderService.BankDecision.APPROVE, null, SECOND))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.type()).isEqualTo("concurrent-change"));
        assertThat(payees.payee(approved.id())).map(Payee::iban).contains(FIRST);
    }

    @Test
    void aPreviousAccountDeclaredClosedHoldsTransfersUntilTheReview() {
        Provider changed = changeBank(SECOND, "GEBABEBB", true);
        assertThat(payees.holdReason(changed.id())).hasValueSatisfying(reason -> assertThat(reason)
                .contains("en attente de vérification").contains("7034").doesNotContain("539007547034"));
        assertThat(payees.payee(changed.id())).as("never the unreviewed account").map(Payee::iban).contains(FIRST);

        service.decideBankChange(AGENT, changed.id(), ProviderService.BankDecision.APPROVE, null, null);
        assertThat(payees.holdReason(changed.id())).isEmpty();
        assertThat(payees.payee(changed.id())).map(Payee::iban).contains(SECOND);
    }

    @Test
    void aClosedAccountWhoseReplacementIsRejectedStaysHeldUntilAnotherIsApproved() {
        Provider changed = changeBank(SECOND, "GEBABEBB", true);
        service.decideBankChange(AGENT, changed.id(), ProviderService.BankDecision.REJECT, "IBAN d'un tiers.", null);
        assertThat(payees.holdReason(changed.id())).isPresent();
        changeBank(THIRD, "PSSTFRPP", true);
        assertThat(payees.holdReason(changed.id())).isPresent();
        service.decideBankChange(AGENT, changed.id(), ProviderService.BankDecision.APPROVE, null, THIRD);
        assertThat(payees.holdReason(changed.id())).isEmpty();
        assertThat(payees.payee(changed.id())).map(Payee::iban).contains(THIRD);
    }

    @Test
    void goingBackToTheReviewedAccountWithdrawsThePendingChange() {
        changeBank(SECOND, "GEBABEBB", false);
        Provider back = changeBank(FIRST, "AGRIFRPP", false);
        assertThat(back.bank().pending()).isNull();
        assertThat(service.pendingBankChanges(null, 10).items()).isEmpty();
        assertThat(back.status()).isEqualTo(ProviderStatus.APPROVED);
    }

    @Test
    void otherCorrectionsKeepTheirBehaviourAndTheBankChangeSurvivesAReapproval() {
        Provider changed = changeBank(SECOND, "GEBABEBB", false);
        ApplicationForm renamed = Forms.withName(Forms.psychologistIn75018("1000000001"), "Claire Martin-Durand");
        Provider resubmitted = service.correct(caller, new ApplicationForm(renamed.displayName(), renamed.profession(),
                renamed.credential(), renamed.address(), renamed.area(), renamed.languages(), renamed.remoteSessions(),
                renamed.wheelchairAccessible(), renamed.contact(), null, renamed.charter()));
        assertThat(resubmitted.status()).as("a new name still goes back to review").isEqualTo(ProviderStatus.SUBMITTED);
        assertThat(resubmitted.bank().pending().account().iban()).isEqualTo(SECOND);
        assertThat(payees.payee(changed.id())).as("the reviewed holder name until the agent approves the new one")
                .map(Payee::name).contains("Claire Martin");

        Provider reapproved = service.decide(AGENT, changed.id(), Decision.APPROVE, null);
        assertThat(reapproved.bank().reviewed().account().iban()).as("approving the record does not approve the new account")
                .isEqualTo(FIRST);
        assertThat(reapproved.bank().reviewed().holder()).isEqualTo("Claire Martin-Durand");
        assertThat(reapproved.bank().pending().account().iban()).isEqualTo(SECOND);
    }

    @Test
    void aRecordWrittenBeforeReviewsWereKeptApartIsReadAsItsStatusImplies() {
        Provider legacyApproved = new Provider("p", "a", ProviderStatus.APPROVED, approved.application(), now, now, null, 3);
        assertThat(legacyApproved.bank().reviewed().account().iban()).isEqualTo(FIRST);
        Provider legacyResubmitted = new Provider("p", "a", ProviderStatus.SUBMITTED, approved.application(), now, now, null, 3);
        assertThat(legacyResubmitted.bank().holdReason()).as("an account changed under the old rules was never reviewed")
                .isPresent();
        assertThat(List.of(legacyResubmitted.bank().payable())).containsExactly(java.util.Optional.empty());
    }
}
