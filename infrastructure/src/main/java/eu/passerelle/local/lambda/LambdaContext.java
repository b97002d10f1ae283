package eu.passerelle.local.lambda;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;

/**
 * The {@code com.amazonaws.services.lambda.runtime.Context} of one invocation, built as a proxy
 * of the interface as the function's own class loader sees it (the runtime does not share
 * classes with functions, as on Lambda).
 */
final class LambdaContext {

    private LambdaContext() {
    }

    static Object create(ClassLoader functionLoader, String requestId, String functionName, String functionArn,
                         int memoryMb, long deadlineNanos, String logGroup) throws ClassNotFoundException {
        Class<?> contextType = functionLoader.loadClass("com.amazonaws.services.lambda.runtime.Context");
        Class<?> loggerType = functionLoader.loadClass("com.amazonaws.services.lambda.runtime.LambdaLogger");
        Object logger = Proxy.newProxyInstance(functionLoader, new Class<?>[] {loggerType}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "log" -> {
                    Object message = args[0];
                    System.out.print(message instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : message);
                    return null;
                }
                default -> {
                    return objectMethod(proxy, method.getName(), args, "LambdaLogger");
                }
            }
        });
        InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
            case "getAwsRequestId" -> requestId;
            case "getLogGroupName" -> logGroup;
            case "getLogStreamName" -> "local/" + functionName;
            case "getFunctionName" -> functionName;
            case "getFunctionVersion" -> "$LATEST";
            case "getInvokedFunctionArn" -> functionArn;
            case "getIdentity", "getClientContext" -> null;
            case "getRemainingTimeInMillis" -> (int) Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
            case "getMemoryLimitInMB" -> memoryMb;
            case "getLogger" -> logger;
            default -> objectMethod(proxy, method.getName(), args, "Context " + requestId);
        };
        return Proxy.newProxyInstance(functionLoader, new Class<?>[] {contextType}, handler);
    }

    private static Object objectMethod(Object proxy, String name, Object[] args, String description) {
        return switch (name) {
            case "toString" -> description;
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> null;
        };
    }
}
