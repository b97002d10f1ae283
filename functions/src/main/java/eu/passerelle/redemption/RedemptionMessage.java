package eu.passerelle.redemption;

import java.time.Instant;
import java.time.LocalDate;

/**
 * What the redemption endpoint queues for the consumer: enough to apply the redemption without
 * the HTTP request. Its FIFO group is the voucher; its deduplication id is derived from the
 * voucher and the provider.
 */
public record RedemptionMessage(String redemptionId, String providerId, String voucherId, String code,
                                LocalDate sessionDate, Instant acceptedAt) {
}
