package eu.passerelle.providers;

import eu.passerelle.Rejection;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What an agent decides on a provider, and from which status each decision may be taken. */
public enum Decision {
    APPROVE(ProviderStatus.SUBMITTED, ProviderStatus.APPROVED, false),
    REJECT(ProviderStatus.SUBMITTED, ProviderStatus.REJECTED, true),
    SUSPEND(ProviderStatus.APPROVED, ProviderStatus.SUSPENDED, true),
    REINSTATE(ProviderStatus.SUSPENDED, ProviderStatus.APPROVED, false);

    private final ProviderStatus from;
    private final ProviderStatus to;
    private final boolean needsReason;

    Decision(ProviderStatus from, ProviderStatus to, boolean needsReason) {
        this.from = from;
        this.to = to;
        this.needsReason = needsReason;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean needsReason() {
        return needsReason;
    }

    public static Optional<Decision> fromCode(String code) {
        for (Decision d : values()) {
            if (d.code().equals(code)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** The status after this decision, or a conflict saying why it cannot be taken now. */
    public ProviderStatus apply(ProviderStatus current) {
        if (current != from) {
            throw new Rejection(Rejection.Kind.CONFLICT, "invalid-transition", "Décision impossible",
                    "On ne peut pas " + verb() + " un dossier " + describe(current) + " (seulement un dossier "
                            + describe(from) + ").", List.of());
        }
        return to;
    }

    private String verb() {
        return switch (this) {
            case APPROVE -> "agréer";
            case REJECT -> "refuser";
            case SUSPEND -> "suspendre";
            case REINSTATE -> "rétablir";
        };
    }

    static String describe(ProviderStatus status) {
        return switch (status) {
            case SUBMITTED -> "en attente d'examen";
            case APPROVED -> "agréé";
            case REJECTED -> "refusé";
            case SUSPENDED -> "suspendu";
        };
    }
}
