package eu.passerelle.functions;

import java.util.function.Supplier;

/**
 * A value computed on first use and kept for the life of the container: reference data is loaded
 * by the function that needs it, not by every function sharing the jar.
 */
public final class Once<T> implements Supplier<T> {

    private final Supplier<T> factory;
    private volatile T value;

    public Once(Supplier<T> factory) {
        this.factory = factory;
    }

    @Override
    public T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) {
                    v = factory.get();
                    value = v;
                }
            }
        }
        return v;
    }
}
