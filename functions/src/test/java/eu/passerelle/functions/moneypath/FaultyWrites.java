package eu.passerelle.functions.moneypath;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A process that dies at its Nth write to DynamoDB: before the write reaches the table (nothing
 * written) or after it landed (written, but the caller never hears of it). Installed on a client
 * of the same tables, so that only the code given that client crashes.
 */
final class FaultyWrites implements ExecutionInterceptor {

    /** Where the fault strikes the Nth write. */
    enum When { BEFORE_IT_LANDS, AFTER_IT_LANDED }

    /** The process died. */
    static final class Crash extends RuntimeException {
        Crash(String operation, When when) {
            super("injected crash " + (when == When.BEFORE_IT_LANDS ? "before " : "after ") + operation);
        }
    }

    private static final Set<String> WRITES = Set.of("PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems",
            "BatchWriteItem");

    private final AtomicInteger left = new AtomicInteger(-1);
    private volatile When when = When.BEFORE_IT_LANDS;
    private volatile boolean struck;

    /** The {@code nth} write from now fails (1: the next one). */
    void arm(int nth, When when) {
        this.when = when;
        this.struck = false;
        left.set(nth);
    }

    void disarm() {
        left.set(-1);
    }

    /** Whether the armed fault struck. */
    boolean struck() {
        return struck;
    }

    private boolean strikes(ExecutionAttributes attributes, When at) {
        if (when != at || !WRITES.contains(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
            return false;
        }
        return left.get() > 0 && left.decrementAndGet() == 0;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (strikes(attributes, When.BEFORE_IT_LANDS)) {
            struck = true;
            throw new Crash(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), When.BEFORE_IT_LANDS);
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (strikes(attributes, When.AFTER_IT_LANDED)) {
            struck = true;
            throw new Crash(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), When.AFTER_IT_LANDED);
        }
    }

    /** Whether {@code e} is (or was caused by) an injected crash. */
    static boolean isCrash(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Crash) {
                return true;
            }
        }
        return false;
    }
}
