package eu.passerelle.providers;

import java.time.Instant;
import java.util.Optional;

/**
 * Where a provider may be paid, and what an agent has checked of it. Only a reviewed account is
 * ever paid: the first is the one the agent saw when approving the provider; a change the provider
 * makes later waits, as a pending change, until an agent approves it. Meanwhile the last reviewed
 * account is paid (who takes over a provider's sign-in cannot redirect the money), unless the
 * provider said it is closed: then transfers are held (the sessions stay unsettled and the first
 * run after the review pays them).
 *
 * @param reviewed      the last account an agent reviewed, or null before the first approval
 * @param pending       a change the provider asked for, not reviewed yet, or null
 * @param lastRejection the last change an agent refused (shown to the provider), or null; the next change clears it
 */
public record BankDetails(Reviewed reviewed, Change pending, Rejected lastRejection) {

    public static final BankDetails NONE = new BankDetails(null, null, null);

    /**
     * An account an agent checked.
     *
     * @param holder     the name transfers carry (the display name the agent approved)
     * @param reviewedBy the agent's pseudonymous id (null for accounts approved before it was recorded)
     */
    public record Reviewed(BankAccount account, String holder, Instant reviewedAt, String reviewedBy) {
    }

    /**
     * A change of account the provider asked for.
     *
     * @param requestedBy           the provider's pseudonymous id (their sign-in subject)
     * @param previousAccountClosed the provider says the reviewed account no longer receives transfers
     */
    public record Change(BankAccount account, Instant requestedAt, String requestedBy, boolean previousAccountClosed) {
    }

    /** A change an agent refused, and why. */
    public record Rejected(BankAccount account, Instant decidedAt, String decidedBy, String reason,
                          boolean previousAccountClosed) {
    }

    /**
     * Bank details of records written before changes were reviewed apart: an approved (or
     * suspended) provider's account was reviewed with the record; any other record's was not.
     */
    public static BankDetails legacy(ProviderStatus status, Application application, Instant decidedAt) {
        if (application == null || application.bankAccount() == null
                || status != ProviderStatus.APPROVED && status != ProviderStatus.SUSPENDED) {
            return NONE;
        }
        return new BankDetails(new Reviewed(application.bankAccount(), application.displayName(), decidedAt, null), null, null);
    }

    /** The account the next transfer goes to: the last reviewed one, unless none is payable now. */
    public Optional<Reviewed> payable() {
        return holdReason().isPresent() ? Optional.empty() : Optional.of(reviewed);
    }

    /** Why transfers wait, in words the provider and the agents read; empty when they may be paid. */
    public Optional<String> holdReason() {
        if (reviewed == null) {
            return Optional.of("Aucun compte bancaire n'a encore été vérifié par un agent : les virements attendent cette vérification.");
        }
        if (pending != null && pending.previousAccountClosed()) {
            return Optional.of("Nouveau compte bancaire (" + pending.account().masked() + ") en attente de vérification, "
                    + "l'ancien étant déclaré clos : le virement attend la vérification et sera fait au premier remboursement qui la suit.");
        }
        if (pending == null && lastRejection != null && lastRejection.previousAccountClosed()) {
            return Optional.of("Le nouveau compte bancaire a été refusé et l'ancien est déclaré clos : "
                    + "le virement attend qu'un autre compte soit déclaré et vérifié.");
        }
        return Optional.empty();
    }

    /**
     * The provider declares {@code account}: nothing to review before the first approval (the
     * whole record is), none when it is the reviewed account (a pending change is withdrawn),
     * otherwise a pending change replacing any earlier one.
     */
    BankDetails declare(BankAccount account, boolean previousAccountClosed, Instant at, String provider) {
        if (reviewed == null) {
            return this;
        }
        if (account.equals(reviewed.account())) {
            // Keeping the reviewed account withdraws a pending change and answers a refusal.
            return pending == null && lastRejection == null ? this : new BankDetails(reviewed, null, null);
        }
        if (pending != null && pending.account().equals(account) && pending.previousAccountClosed() == previousAccountClosed) {
            return this;
        }
        return new BankDetails(reviewed, new Change(account, at, provider, previousAccountClosed), null);
    }

    /** The record is approved: its account is reviewed (the first time) and its holder is the name approved. */
    BankDetails approvedWith(Application application, Instant at, String agent) {
        BankAccount account = reviewed == null ? application.bankAccount() : reviewed.account();
        return new BankDetails(new Reviewed(account, application.displayName(), at, agent), pending, lastRejection);
    }

    BankDetails changeApproved(Instant at, String agent) {
        return new BankDetails(new Reviewed(pending.account(), reviewed.holder(), at, agent), null, null);
    }

    BankDetails changeRejected(Instant at, String agent, String reason) {
        return new BankDetails(reviewed, null, new Rejected(pending.account(), at, agent, reason, pending.previousAccountClosed()));
    }
}
