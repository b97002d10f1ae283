package eu.passerelle.benchmarks;

import eu.passerelle.vouchers.Service;
import eu.passerelle.vouchers.VoucherCode;
import eu.passerelle.vouchers.VoucherCodes;
import eu.passerelle.vouchers.VoucherKeys;
import eu.passerelle.vouchers.VoucherTokens;
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
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * What making a voucher unforgeable costs: signing and verifying a typed code
 * ({@link VoucherCodes}, HMAC-SHA256 tag) and a QR token ({@link VoucherTokens}, Ed25519 JWS),
 * each against the bare JDK primitive on the very same bytes, which the setup proves (the raw
 * HMAC's first 8 bytes are the code's tag; the raw Ed25519 signature is the token's, Ed25519
 * being deterministic). 256 vouchers in turn, one per operation. Ratios are of medians (JMH
 * SampleTime): on a shared 2-CPU machine, means carry the other tenants' preemptions.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 3, jvmArgsAppend = {"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:MaxRAM=1g"})
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
public class VoucherCryptoBenchmarks {

    static final double RATIO_GOAL = 3.0;
    static final int VOUCHERS = 256;
    static final String PROVIDER = "PBENCH000042";

    @State(Scope.Thread)
    public static class Vouchers {
        VoucherCodes codes;
        VoucherTokens tokens;
        VoucherKeys.Key key;
        Service[] services;
        long[] serials;
        String[] providers;
        VoucherCode[] codesIssued;
        String[] typed;
        String[] tokensIssued;
        /** What VoucherCodes MACs, and what VoucherTokens signs, for each voucher. */
        byte[][] macInputs;
        byte[][] signingInputs;
        byte[][] signatures;
        LocalDate expiresOn;
        LocalDate today;
        Mac mac;
        Signature signer;
        Signature verifier;
        int next;

        @Setup(Level.Trial)
        public void issue() throws GeneralSecurityException {
            VoucherKeys keys = VoucherKeys.fromSeeds(Map.of(1, "benchmark-seed-one-0123456789abcdef",
                    2, "benchmark-seed-two-0123456789abcdef"), 2);
            key = keys.signing();
            codes = new VoucherCodes(keys);
            tokens = new VoucherTokens(keys);
            today = LocalDate.of(2026, 11, 23);
            expiresOn = today.plusMonths(12);
            Random random = new Random(4);
            services = new Service[VOUCHERS];
            serials = new long[VOUCHERS];
            providers = new String[VOUCHERS];
            codesIssued = new VoucherCode[VOUCHERS];
            typed = new String[VOUCHERS];
            tokensIssued = new String[VOUCHERS];
            macInputs = new byte[VOUCHERS][];
            signingInputs = new byte[VOUCHERS][];
            signatures = new byte[VOUCHERS][];
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.macKey(), "HmacSHA256"));
            signer = Signature.getInstance("Ed25519");
            signer.initSign(key.signing().getPrivate());
            verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key.signing().getPublic());
            for (int i = 0; i < VOUCHERS; i++) {
                services[i] = Service.values()[i % Service.values().length];
                serials[i] = random.nextLong() & ((1L << 38) - 1);
                providers[i] = i % 2 == 0 ? PROVIDER : null;
                VoucherCode code = codes.issue(services[i], serials[i], providers[i], expiresOn, 1);
                codesIssued[i] = code;
                typed[i] = code.format();
                tokensIssued[i] = tokens.issue(code, providers[i]);
                // VoucherCodes' message, byte for byte: checked against the tag just below.
                macInputs[i] = ("passerelle-voucher-v1|" + code.service().code() + "|" + code.id() + "|"
                        + (providers[i] == null ? "*" : providers[i]) + "|" + code.expiresOn() + "|" + code.ruleSequence())
                        .getBytes(StandardCharsets.UTF_8);
                if (ByteBuffer.wrap(mac.doFinal(macInputs[i])).getLong() != code.tag()) {
                    throw new IllegalStateException("The raw HMAC input is not what VoucherCodes signs");
                }
                String token = tokensIssued[i];
                signingInputs[i] = token.substring(0, token.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);
                signatures[i] = Base64.getUrlDecoder().decode(token.substring(token.lastIndexOf('.') + 1));
                signer.update(signingInputs[i]);
                if (!Arrays.equals(signer.sign(), signatures[i])) {
                    throw new IllegalStateException("The raw Ed25519 input is not what VoucherTokens signs");
                }
                if (codes.verify(code, PROVIDER, today) != VoucherCodes.Verdict.VALID || !tokens.signatureValid(token)) {
                    throw new IllegalStateException("A fresh voucher does not verify");
                }
            }
        }

        int take() {
            int i = next;
            next = (i + 1) % VOUCHERS;
            return i;
        }
    }

    // ---------------------------------------------------------------- typed codes (HMAC-SHA256)

    /** Issuing a typed code: message, HMAC, 128-bit code (what minting does per voucher, minus the QR). */
    @Benchmark
    public VoucherCode codeSign(Vouchers s) {
        int i = s.take();
        return s.codes.issue(s.services[i], s.serials[i], s.providers[i], s.expiresOn, 1);
    }

    /** Checking a parsed code for a provider: HMAC again, constant-time comparison, expiry. */
    @Benchmark
    public VoucherCodes.Verdict codeVerify(Vouchers s) {
        int i = s.take();
        return s.codes.verify(s.codesIssued[i], PROVIDER, s.today);
    }

    /** What a provider's typed code goes through: reading (alphabet, check symbol) then verifying. */
    @Benchmark
    public VoucherCodes.Verdict codeReadAndVerify(Vouchers s) {
        int i = s.take();
        VoucherCode.Reading reading = VoucherCode.read(s.typed[i]);
        return reading instanceof VoucherCode.Reading.Read read ? s.codes.verify(read.code(), PROVIDER, s.today) : null;
    }

    /** The bare primitive: HMAC-SHA256 of the same message with a ready Mac. */
    @Benchmark
    public byte[] rawHmac(Vouchers s) {
        return s.mac.doFinal(s.macInputs[s.take()]);
    }

    // ---------------------------------------------------------------- QR tokens (Ed25519)

    @Benchmark
    public String tokenSign(Vouchers s) {
        int i = s.take();
        return s.tokens.issue(s.codesIssued[i], s.providers[i]);
    }

    @Benchmark
    public boolean tokenVerify(Vouchers s) {
        return s.tokens.signatureValid(s.tokensIssued[s.take()]);
    }

    /** HMAC-SHA256 of the token's signing input: the goal's yardstick for tokens too. */
    @Benchmark
    public byte[] rawHmacTokenInput(Vouchers s) {
        return s.mac.doFinal(s.signingInputs[s.take()]);
    }

    @Benchmark
    public byte[] rawEd25519Sign(Vouchers s) throws GeneralSecurityException {
        s.signer.update(s.signingInputs[s.take()]);
        return s.signer.sign();
    }

    @Benchmark
    public boolean rawEd25519Verify(Vouchers s) throws GeneralSecurityException {
        int i = s.take();
        s.verifier.update(s.signingInputs[i]);
        return s.verifier.verify(s.signatures[i]);
    }

    // ------------------------------------------------------------------ the part

    static final class Part implements BenchmarkPart {

        @Override
        public String name() {
            return "crypto";
        }

        @Override
        public Report run(BenchmarkMain.Config config) throws Exception {
            long start = System.nanoTime();
            Map<String, Double> ns = new LinkedHashMap<>();
            Map<String, Double> means = new LinkedHashMap<>();
            Map<String, Double> p99s = new LinkedHashMap<>();
            var options = BenchmarkMain.options(config, Pattern.quote(VoucherCryptoBenchmarks.class.getName()) + "\\..*")
                    .mode(Mode.SampleTime).timeUnit(TimeUnit.NANOSECONDS);
            for (RunResult r : new Runner(options.build()).run()) {
                String name = r.getParams().getBenchmark();
                name = name.substring(name.lastIndexOf('.') + 1);
                var statistics = r.getPrimaryResult().getStatistics();
                ns.put(name, statistics.getPercentile(50));
                means.put(name, statistics.getMean());
                p99s.put(name, statistics.getPercentile(99));
            }
            Report.Builder report = Report.titled("Voucher signing and verification, one voucher per call, against the bare JDK"
                    + " primitive on the same bytes (JMH SampleTime, Lambda-like JVM flags; ratios of medians)");
            report.line("%-62s %12s %12s %12s", "benchmark", "p50 ns", "mean ns", "p99 ns");
            String[][] rows = {
                    {"codeSign", "typed code: VoucherCodes.issue (HMAC-SHA256 tag)"},
                    {"codeVerify", "typed code: VoucherCodes.verify"},
                    {"codeReadAndVerify", "typed code: VoucherCode.read + verify (as typed)"},
                    {"rawHmac", "raw HMAC-SHA256 (Mac.doFinal) of the code's message"},
                    {"tokenSign", "QR token: VoucherTokens.issue (Ed25519 JWS)"},
                    {"tokenVerify", "QR token: VoucherTokens.signatureValid"},
                    {"rawHmacTokenInput", "raw HMAC-SHA256 of the token's signing input"},
                    {"rawEd25519Sign", "raw Ed25519 sign (Signature) of the same input"},
                    {"rawEd25519Verify", "raw Ed25519 verify of the same input"}};
            for (String[] row : rows) {
                report.line("%-62s %12.0f %12.0f %12.0f", row[1], ns.get(row[0]), means.get(row[0]), p99s.get(row[0]));
                report.figure("crypto." + row[0] + ".ns", ns.get(row[0]));
            }
            double codeSign = ns.get("codeSign") / ns.get("rawHmac");
            double codeVerify = ns.get("codeVerify") / ns.get("rawHmac");
            double codeTyped = ns.get("codeReadAndVerify") / ns.get("rawHmac");
            double tokenSign = ns.get("tokenSign") / ns.get("rawHmacTokenInput");
            double tokenVerify = ns.get("tokenVerify") / ns.get("rawHmacTokenInput");
            report.goal("code sign ≤ 3x raw HMAC-SHA256", codeSign <= RATIO_GOAL, "%.2fx", codeSign);
            report.goal("code verify ≤ 3x raw HMAC-SHA256", codeVerify <= RATIO_GOAL, "%.2fx; read + verify of the typed"
                    + " string %.2fx", codeVerify, codeTyped);
            report.goal("QR token sign ≤ 3x raw HMAC-SHA256", tokenSign <= RATIO_GOAL, "%.0fx: Ed25519, an asymmetric"
                    + " signature the issue asks for offline checks; %.2fx raw Ed25519", tokenSign,
                    ns.get("tokenSign") / ns.get("rawEd25519Sign"));
            report.goal("QR token verify ≤ 3x raw HMAC-SHA256", tokenVerify <= RATIO_GOAL, "%.0fx; %.2fx raw Ed25519",
                    tokenVerify, ns.get("tokenVerify") / ns.get("rawEd25519Verify"));
            report.figure("crypto.codeSign.ratio", codeSign).figure("crypto.codeVerify.ratio", codeVerify)
                    .figure("crypto.tokenSign.ratioEd25519", ns.get("tokenSign") / ns.get("rawEd25519Sign"))
                    .figure("crypto.tokenVerify.ratioEd25519", ns.get("tokenVerify") / ns.get("rawEd25519Verify"));
            report.line("(crypto part in %.0f s)", (System.nanoTime() - start) / 1e9);
            return report.build();
        }
    }

}
