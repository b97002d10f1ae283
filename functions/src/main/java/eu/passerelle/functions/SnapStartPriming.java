package eu.passerelle.functions;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * Runs a function's primer just before Lambda takes the SnapStart snapshot, so that restored
 * containers start with reference data loaded and the request path already compiled.
 * Without SnapStart (or locally) the hook never fires and the first request does that work.
 */
final class SnapStartPriming implements Resource {

    private static final Log LOG = LogFactory.getLog(SnapStartPriming.class);

    /** CRaC holds resources weakly: keep the registered one reachable. */
    private static volatile SnapStartPriming registered;

    private final LambdaFunction function;

    private SnapStartPriming(LambdaFunction function) {
        this.function = function;
    }

    static void register(LambdaFunction function) {
        SnapStartPriming priming = new SnapStartPriming(function);
        registered = priming;
        Core.getGlobalContext().register(priming);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        long start = System.nanoTime();
        function.primer().run();
        LOG.info("Primed " + function.name() + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to refresh: the functions hold no clocks, sockets or credentials yet.
    }
}
