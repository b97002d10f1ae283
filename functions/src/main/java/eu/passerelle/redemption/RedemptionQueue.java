package eu.passerelle.redemption;

/** Where accepted redemptions wait for the consumer: a FIFO queue, one group per voucher. */
public interface RedemptionQueue {

    /**
     * @param deduplicationId equal for the same provider's same attempt on the same voucher, so a
     *                        resend is dropped by the queue within its deduplication window
     */
    void send(RedemptionMessage message, String groupId, String deduplicationId);
}
