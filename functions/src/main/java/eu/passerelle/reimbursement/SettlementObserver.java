package eu.passerelle.reimbursement;

/**
 * Told of each statement once it is committed (the watermark moved with it): where figures of
 * money paid (per department, month and service) can be counted. It is called after the commit,
 * once: a crash between the commit and the call loses that call (the resumed run does not visit a
 * settled provider again), so a counter that must never miss one keys its counts by
 * {@link Statement#reference()} and can be rebuilt from {@link ReimbursementStore#statements}.
 */
public interface SettlementObserver {

    SettlementObserver NONE = statement -> {
    };

    void settled(Statement statement);
}
