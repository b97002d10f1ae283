package eu.passerelle.local.lambda;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * One Lambda execution environment: the function's code in a class loader of its own (parent:
 * the JDK only, as on Lambda), its handler instantiated once, one invocation at a time.
 * Handlers follow the Java runtime's stream contract: {@code handleRequest(InputStream,
 * OutputStream[, Context])}; Spring Cloud Function's {@code FunctionInvoker} is one.
 */
public final class LambdaContainer implements AutoCloseable {

    /** Class loading and static state are per container; construction is serialised because a
     * Spring application reads its function definition from system properties while starting. */
    private static final Object STARTUP_LOCK = new Object();

    private final FunctionSpec spec;
    private final URLClassLoader loader;
    private final Object handler;
    private final Method method;
    private final boolean takesContext;
    private final ExecutorService thread;
    private final long initMillis;

    private LambdaContainer(FunctionSpec spec, URLClassLoader loader, Object handler, Method method,
                            boolean takesContext, long initMillis) {
        this.spec = spec;
        this.loader = loader;
        this.handler = handler;
        this.method = method;
        this.takesContext = takesContext;
        this.initMillis = initMillis;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "lambda-" + spec.logicalId());
            t.setDaemon(true);
            t.setContextClassLoader(loader);
            return t;
        });
    }

    /** Starts a container: the cold start of Lambda (init phase). */
    public static LambdaContainer start(FunctionSpec spec) {
        long start = System.nanoTime();
        URLClassLoader loader = new URLClassLoader("lambda-" + spec.logicalId(), classpath(spec.codePath()),
                ClassLoader.getPlatformClassLoader());
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        synchronized (STARTUP_LOCK) {
            current.setContextClassLoader(loader);
            Map<String, String> startupProperties = spec.startupProperties();
            startupProperties.forEach(System::setProperty);
            try {
                String[] handlerParts = spec.handler().split("::", 2);
                Class<?> type = Class.forName(handlerParts[0], true, loader);
                String methodName = handlerParts.length > 1 ? handlerParts[1] : "handleRequest";
                Method method = findMethod(type, methodName);
                Object instance = type.getDeclaredConstructor().newInstance();
                boolean takesContext = method.getParameterCount() == 3;
                return new LambdaContainer(spec, loader, instance, method, takesContext,
                        (System.nanoTime() - start) / 1_000_000);
            } catch (InvocationTargetException e) {
                closeQuietly(loader);
                throw new IllegalStateException("Function " + spec.logicalId() + " failed to initialise", e.getCause());
            } catch (ReflectiveOperationException e) {
                closeQuietly(loader);
                throw new IllegalStateException("Function " + spec.logicalId() + " has no usable handler " + spec.handler(), e);
            } finally {
                startupProperties.keySet().forEach(System::clearProperty);
                current.setContextClassLoader(previous);
            }
        }
    }

    private static Method findMethod(Class<?> type, String name) throws NoSuchMethodException {
        for (Method m : type.getMethods()) {
            Class<?>[] p = m.getParameterTypes();
            if (m.getName().equals(name) && p.length >= 2 && p.length <= 3
                    && p[0] == InputStream.class && p[1] == OutputStream.class
                    && (p.length == 2 || p[2].getName().equals("com.amazonaws.services.lambda.runtime.Context"))) {
                return m;
            }
        }
        throw new NoSuchMethodException(type.getName() + "::" + name + "(InputStream, OutputStream[, Context])");
    }

    private static URL[] classpath(Path code) {
        try {
            List<URL> urls = new ArrayList<>();
            if (Files.isDirectory(code)) {
                urls.add(code.toUri().toURL());
                Path lib = code.resolve("lib");
                if (Files.isDirectory(lib)) {
                    try (Stream<Path> jars = Files.list(lib)) {
                        for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                            urls.add(jar.toUri().toURL());
                        }
                    }
                }
            } else if (Files.isRegularFile(code)) {
                urls.add(code.toUri().toURL());
            } else {
                throw new IllegalStateException("CodeUri " + code + " does not exist: build the functions first (mvn package)");
            }
            return urls.toArray(URL[]::new);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + code, e);
        }
    }

    public long initMillis() {
        return initMillis;
    }

    /**
     * Runs one invocation within the function's timeout.
     *
     * @return the result; a timed-out container must be discarded, as Lambda does
     */
    public InvocationResult invoke(byte[] event, String requestId) {
        long start = System.nanoTime();
        long deadline = start + spec.timeoutSeconds() * 1_000_000_000L;
        Future<byte[]> running = thread.submit(() -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            InputStream in = new ByteArrayInputStream(event);
            if (takesContext) {
                Object context = LambdaContext.create(loader, requestId, spec.functionName(), spec.functionArn(),
                        spec.memorySize(), deadline, spec.logGroup());
                method.invoke(handler, in, out, context);
            } else {
                method.invoke(handler, in, out);
            }
            return out.toByteArray();
        });
        try {
            byte[] output = running.get(spec.timeoutSeconds(), TimeUnit.SECONDS);
            return InvocationResult.success(output, elapsed(start));
        } catch (TimeoutException e) {
            running.cancel(true);
            return InvocationResult.failure("Sandbox.Timedout",
                    "Task timed out after " + spec.timeoutSeconds() + " seconds", elapsed(start));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof InvocationTargetException ite ? ite.getCause() : e.getCause();
            StringWriter trace = new StringWriter();
            cause.printStackTrace(new PrintWriter(trace));
            System.err.println("Function " + spec.logicalId() + " threw: " + trace);
            return InvocationResult.failure(cause.getClass().getName(), String.valueOf(cause.getMessage()), elapsed(start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.cancel(true);
            return InvocationResult.failure("Runtime.Interrupted", "Invocation interrupted", elapsed(start));
        }
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Override
    public void close() {
        thread.shutdownNow();
        closeQuietly(loader);
    }

    private static void closeQuietly(URLClassLoader loader) {
        try {
            loader.close();
        } catch (IOException ignored) {
            // The JVM reclaims it anyway once unreachable.
        }
    }
}
