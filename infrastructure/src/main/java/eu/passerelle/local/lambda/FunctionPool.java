package eu.passerelle.local.lambda;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The execution environments of one function. Like Lambda, each environment serves one request
 * at a time and a new one starts (cold) when all are busy, up to a concurrency limit beyond which
 * requests wait rather than fail: a developer's machine has little to spare.
 */
public final class FunctionPool implements AutoCloseable {

    private final FunctionSpec spec;
    private final int maxContainers;
    private final Consumer<String> log;
    private final Deque<LambdaContainer> idle = new ArrayDeque<>();
    private int started;
    private boolean closed;

    public FunctionPool(FunctionSpec spec, int maxContainers, Consumer<String> log) {
        this.spec = spec;
        this.maxContainers = maxContainers;
        this.log = log;
    }

    public FunctionSpec spec() {
        return spec;
    }

    /** Starts one environment ahead of traffic. */
    public void warm() {
        release(acquire());
    }

    public InvocationResult invoke(byte[] event) {
        String requestId = UUID.randomUUID().toString();
        LambdaContainer container = acquire();
        InvocationResult result;
        try {
            result = container.invoke(event, requestId);
        } catch (RuntimeException e) {
            discard(container);
            throw e;
        }
        if ("Sandbox.Timedout".equals(result.errorType())) {
            discard(container);
        } else {
            release(container);
        }
        return result;
    }

    private LambdaContainer acquire() {
        synchronized (this) {
            while (true) {
                if (closed) {
                    throw new IllegalStateException("Function " + spec.logicalId() + " is stopped");
                }
                if (!idle.isEmpty()) {
                    return idle.pop();
                }
                if (started < maxContainers) {
                    started++;
                    break;
                }
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for " + spec.logicalId(), e);
                }
            }
        }
        try {
            LambdaContainer container = LambdaContainer.start(spec);
            log.accept("cold start of " + spec.logicalId() + " in " + container.initMillis() + " ms");
            return container;
        } catch (RuntimeException e) {
            synchronized (this) {
                started--;
                notifyAll();
            }
            throw e;
        }
    }

    private synchronized void release(LambdaContainer container) {
        if (closed) {
            container.close();
            return;
        }
        idle.push(container);
        notifyAll();
    }

    private synchronized void discard(LambdaContainer container) {
        container.close();
        started--;
        notifyAll();
    }

    @Override
    public synchronized void close() {
        closed = true;
        idle.forEach(LambdaContainer::close);
        idle.clear();
        notifyAll();
    }
}
