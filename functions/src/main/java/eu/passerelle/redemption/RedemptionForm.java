package eu.passerelle.redemption;

/**
 * One redemption as a provider's software sends it (the JSON body, or one item of a batch).
 *
 * @param sessionDate the day the session took place, {@code YYYY-MM-DD}
 * @param reference   the provider's own reference, echoed back in batch results (optional)
 */
public record RedemptionForm(String code, String sessionDate, String reference) {
}
