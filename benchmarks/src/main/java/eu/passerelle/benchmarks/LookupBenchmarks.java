package eu.passerelle.benchmarks;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import eu.passerelle.directory.Country;
import eu.passerelle.directory.GeoPoint;
import eu.passerelle.directory.NearbyPublicService;
import eu.passerelle.directory.PostalArea;
import eu.passerelle.directory.PostalCodeDirectory;
import eu.passerelle.directory.PublicServiceDirectory;
import eu.passerelle.directory.PublicServiceType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * In-function latency of {@code GET /api/postal-codes/{code}} at full reference data, warm: every
 * code of the directory in a shuffled order, one per operation. The annotations are the defaults
 * of a bare JMH run; {@link BenchmarkMain} sets modes, units and iterations itself.
 */
@BenchmarkMode({Mode.SampleTime, Mode.Throughput})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 3, jvmArgsAppend = {"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:MaxRAM=1g"})
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
public class LookupBenchmarks {

    /** What a Lambda function container holds: the Spring function, started as on Lambda. */
    @State(Scope.Thread)
    public static class SpringFunction {
        FunctionInvoker invoker;
        byte[][] events;
        int next;
        final ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        final Context context = new StubContext("benchmark");

        @Setup(Level.Trial)
        public void start() throws IOException {
            System.setProperty("MAIN_CLASS", "eu.passerelle.functions.PasserelleFunctions");
            invoker = new FunctionInvoker("lookupPostalCode");
            events = lookupEvents(PostalCodeDirectory.load());
            // The answer must be the lookup's, not a problem: check one of each country.
            for (int i = 0; i < events.length; i++) {
                out.reset();
                invoker.handleRequest(new ByteArrayInputStream(events[i]), out, context);
                String response = out.toString(StandardCharsets.UTF_8);
                if (!response.contains("\"statusCode\":200")) {
                    throw new IllegalStateException("Not a 200: " + response);
                }
                if (i >= 20) {
                    break;
                }
            }
        }
    }

    /** The plain handler with the runtime's own event (de)serialisation, per invocation. */
    @State(Scope.Thread)
    public static class PlainFunction {
        PlainLookupHandler handler;
        PojoSerializer<APIGatewayV2HTTPEvent> input;
        PojoSerializer<APIGatewayV2HTTPResponse> output;
        byte[][] events;
        int next;
        final ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        final Context context = new StubContext("benchmark");

        @Setup(Level.Trial)
        public void start() {
            handler = new PlainLookupHandler();
            ClassLoader loader = getClass().getClassLoader();
            input = LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, loader);
            output = LambdaEventSerializers.serializerFor(APIGatewayV2HTTPResponse.class, loader);
            events = lookupEvents(PostalCodeDirectory.load());
        }
    }

    @State(Scope.Thread)
    public static class Directory {
        PostalCodeDirectory directory;
        Country[] countries;
        String[] codes;
        int next;

        @Setup(Level.Trial)
        public void load() {
            directory = PostalCodeDirectory.load();
            List<Events.Code> all = Events.everyCodeShuffled(directory);
            countries = all.stream().map(Events.Code::country).toArray(Country[]::new);
            codes = all.stream().map(Events.Code::code).toArray(String[]::new);
        }
    }

    /** GET /api/services at its default radius, around every located French postal code. */
    @State(Scope.Thread)
    public static class Services {
        static final double RADIUS_KM = 15;
        PublicServiceDirectory services;
        GeoPoint[] origins;
        int next;

        @Setup(Level.Trial)
        public void load() {
            services = PublicServiceDirectory.load();
            PostalCodeDirectory directory = PostalCodeDirectory.load();
            List<GeoPoint> points = new ArrayList<>();
            for (String code : directory.codes(Country.FR)) {
                GeoPoint p = directory.find(Country.FR, code).map(PostalArea::location).orElse(null);
                if (p != null) {
                    points.add(p);
                }
            }
            Collections.shuffle(points, new Random(20261123L));
            origins = points.toArray(GeoPoint[]::new);
        }
    }

    static byte[][] lookupEvents(PostalCodeDirectory directory) {
        byte[] template = Events.lookupEvent();
        return Events.everyCodeShuffled(directory).stream().map(c -> Events.lookupEvent(template, c))
                .toArray(byte[][]::new);
    }

    /** The Lambda entry point on the real event bytes: JSON in, function, JSON out. */
    @Benchmark
    public int lookupFunctionInvoker(SpringFunction s) throws IOException {
        byte[] event = s.events[s.next++ % s.events.length];
        s.out.reset();
        s.invoker.handleRequest(new ByteArrayInputStream(event), s.out, s.context);
        return s.out.size();
    }

    /** The same through the plain handler and the runtime's serialisers: Spring's per-call share. */
    @Benchmark
    public int lookupPlainHandler(PlainFunction s) {
        byte[] event = s.events[s.next++ % s.events.length];
        s.out.reset();
        APIGatewayV2HTTPResponse response = s.handler.handleRequest(
                s.input.fromJson(new ByteArrayInputStream(event)), s.context);
        s.output.toJson(response, s.out);
        return s.out.size();
    }

    /** The bare domain call. */
    @Benchmark
    public Optional<PostalArea> directoryFind(Directory s) {
        int i = s.next++ % s.codes.length;
        return s.directory.find(s.countries[i], s.codes[i]);
    }

    /** Public services within 15 km, as GET /api/services searches them. */
    @Benchmark
    public List<NearbyPublicService> publicServicesNear(Services s) {
        GeoPoint origin = s.origins[s.next++ % s.origins.length];
        return s.services.near(origin, Services.RADIUS_KM, Set.<PublicServiceType>of());
    }
}
