package dev.readmodel.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.model.Document;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The document writer against the JSON tree the server wrote documents through before: the same text. */
class DocumentJsonTest {
    private static String written(Document document) {
        return new String(JsonOut.bytes(DocumentJson.node(document)), StandardCharsets.UTF_8);
    }

    private static String throughTree(Document document) {
        return new String(JsonOut.bytes(JsonOut.mapper().valueToTree(document.fields())), StandardCharsets.UTF_8);
    }

    @Test
    void listsOfEveryItemTypeAreWrittenAsJsonArraysOfTheirItems() {
        Document document = Document.of("longs", List.of(Long.MIN_VALUE, 3L), "doubles", List.of(0.5, -2.25),
                "decimals", List.of(new BigDecimal("12.50"), new BigDecimal("1E+3")), "flags", List.of(true, false),
                "times", List.of(Instant.parse("2024-02-29T23:59:59.123Z")), "days", List.of(LocalDate.parse("2024-02-29")));

        assertThat(written(document)).isEqualTo("{\"longs\":[-9223372036854775808,3],\"doubles\":[0.5,-2.25],"
                + "\"decimals\":[12.5,1000],\"flags\":[true,false],\"times\":[\"2024-02-29T23:59:59.123Z\"],"
                + "\"days\":[\"2024-02-29\"]}");
    }

    @Test
    void numbersAreWrittenAsTheTreeHadThem() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("trailing", new BigDecimal("12.50"));
        fields.put("exponent", new BigDecimal("1E+3"));
        fields.put("zero", new BigDecimal("0.000"));
        fields.put("negative", new BigDecimal("-100"));
        fields.put("wide", new BigDecimal("123456789012345678901234567890.10"));
        fields.put("one", 1.0d);
        fields.put("large", 1.5e10d);
        fields.put("small", 1.0e-7d);
        fields.put("minusZero", -0.0d);
        fields.put("long", Long.MIN_VALUE);
        fields.put("int", 7);
        Document document = Document.of(fields);

        assertThat(written(document)).isEqualTo(throughTree(document))
                .contains("\"trailing\":12.5,").contains("\"one\":1,");
    }

    @Test
    void everyFieldTypeIsWrittenAsTheTreeHadIt() {
        Random random = new Random(16);
        for (int n = 0; n < 2_000; n++) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("keyword", text(random));
            fields.put("decimal", new BigDecimal(BigInteger.valueOf(random.nextLong() % 10_000_000L), random.nextInt(12) - 3));
            fields.put("double", random.nextBoolean() ? random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20)
                    : (double) random.nextInt(1000));
            fields.put("long", random.nextLong());
            fields.put("flag", random.nextBoolean());
            fields.put("at", Instant.ofEpochSecond(random.nextInt(2_000_000_000), random.nextInt(4) * 1_000_000L * random.nextInt(1000)));
            fields.put("day", LocalDate.ofEpochDay(random.nextInt(40_000)));
            fields.put("tags", List.of(text(random), text(random)));
            fields.put("missing", null);
            Document document = Document.of(fields);

            assertThat(written(document)).isEqualTo(throughTree(document));
        }
    }

    @Test
    void otherValuesStillGoThroughTheTree() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("amount", new BigDecimal("2.50"));
        Document document = Document.of("nested", nested, "mixed", new ArrayList<>(List.of("a", 1)), "float", 1.5f,
                "nan", Double.NaN);

        assertThat(written(document)).isEqualTo(throughTree(document));
    }

    private static String text(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            int kind = random.nextInt(10);
            text.appendCodePoint(kind == 0 ? random.nextInt(32) : kind == 1 ? 0x1F600 + random.nextInt(50)
                    : kind == 2 ? "\"\\/\u2028é".charAt(random.nextInt(5)) : 'a' + random.nextInt(26));
        }
        return text.toString();
    }
}
