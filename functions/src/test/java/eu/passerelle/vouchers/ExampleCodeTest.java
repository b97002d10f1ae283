package eu.passerelle.vouchers;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example code people read in messages, the OpenAPI document and the provider's pages is a
 * code of the alphabet, of the right length and with its check symbol: a provider who copies its
 * shape is not misled (the example once held a Z, which the alphabet lacks, and a symbol too few).
 */
class ExampleCodeTest {

    /** Anything shaped like a printed code: a service prefix, then groups of symbols or letters. */
    private static final Pattern CODE_LIKE = Pattern.compile("\\b(PSY|MED|AVC|TSS)(-[0-9A-Z]{2,4}){4,}\\b");

    @Test
    void theExampleIsAWellFormedCodeOfTheAlphabet() {
        assertThat(VoucherCode.read(VoucherCode.EXAMPLE)).isInstanceOf(VoucherCode.Reading.Read.class);
        String symbols = VoucherCode.EXAMPLE.replace("-", "");
        assertThat(symbols).hasSize(VoucherCode.LENGTH);
        symbols.chars().forEach(c -> assertThat(CodeAlphabet.SYMBOLS.indexOf(c)).as("symbol %s", (char) c)
                .isGreaterThanOrEqualTo(0));
    }

    @Test
    void theIncompleteCodeMessageShowsTheExample() {
        assertThat(VoucherService.incompleteCode("#/code", 3).detail()).contains(VoucherCode.EXAMPLE);
    }

    @Test
    void everyExampleCodeInTheDocumentsAndPagesIsTheExample() throws IOException {
        Path root = Files.isDirectory(Path.of("web")) ? Path.of(".") : Path.of("..");
        List<Path> files = new ArrayList<>();
        files.add(root.resolve("functions/src/main/resources/openapi.json"));
        try (Stream<Path> pages = Files.walk(root.resolve("web/assets"))) {
            pages.filter(p -> p.toString().endsWith(".js") && !p.toString().contains("vendor")).forEach(files::add);
        }
        try (Stream<Path> sources = Files.walk(root.resolve("functions/src/main/java"))) {
            sources.filter(p -> p.toString().endsWith(".java")).forEach(files::add);
        }
        int found = 0;
        for (Path file : files) {
            Matcher m = CODE_LIKE.matcher(Files.readString(file));
            while (m.find()) {
                found++;
                assertThat(m.group()).as("example code in %s", file).isEqualTo(VoucherCode.EXAMPLE);
            }
        }
        assertThat(found).as("the OpenAPI document and two provider pages show the example").isGreaterThanOrEqualTo(3);
    }
}
