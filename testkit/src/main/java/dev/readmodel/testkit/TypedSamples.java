package dev.readmodel.testkit;

import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.typed.Key;
import dev.readmodel.core.typed.ReadModelName;
import dev.readmodel.core.typed.Text;
import dev.readmodel.core.typed.TypedReadModel;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A record with a component of every type a typed read model holds, and samples of it at the edges every
 * store keeps exactly, each with the record a store must give back: for {@link TypedReadModelContract}.
 */
public final class TypedSamples {
    private TypedSamples() {
    }

    /** An order's state, to show that enums are stored by constant name. */
    public enum Stage { NEW, PAID, SHIPPED }

    /**
     * A record of every component type.
     *
     * @param key the document key
     * @param note full text
     * @param label a keyword
     * @param count a long
     * @param boxedCount a nullable long
     * @param small an int
     * @param boxedSmall a nullable int
     * @param ratio a double
     * @param boxedRatio a nullable double
     * @param amount a decimal
     * @param fee a second decimal
     * @param flag a boolean
     * @param boxedFlag a nullable boolean
     * @param at an instant
     * @param day a date
     * @param stage an enum
     * @param tags a list of strings
     * @param history a list of enums
     */
    @ReadModelName("typed_samples")
    public record Sample(@Key String key, @Text String note, String label, long count, Long boxedCount, int small,
            Integer boxedSmall, double ratio, Double boxedRatio, BigDecimal amount, BigDecimal fee, boolean flag,
            Boolean boxedFlag, Instant at, LocalDate day, Stage stage, List<String> tags, List<Stage> history) {
        /** This sample with {@code count} one higher. */
        public Sample counted() {
            return new Sample(key, note, label, count + 1, boxedCount, small, boxedSmall, ratio, boxedRatio, amount, fee,
                    flag, boxedFlag, at, day, stage, tags, history);
        }
    }

    /** The typed read model of {@link Sample}. */
    public static final TypedReadModel<Sample> SAMPLES = ReadModel.of(Sample.class);

    /**
     * One record as written and as every store must give it back, decimals by value (stores keep the value; the
     * scale they give back differs).
     *
     * @param written what the handler writes
     * @param expected what a typed read gives back
     */
    public record Case(Sample written, Sample expected) {
    }

    private static final BigDecimal LARGEST = new BigDecimal("99999999999999999999999999999999.999999");

    /** The cases, in key order. */
    public static final List<Case> CASES = List.of(
            same(new Sample("k-1", "Waterproof jacket for O'Brien", "é 中文 \uD83D\uDE80 ' OR '1'='1", Long.MAX_VALUE,
                    Long.MIN_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE, -Double.MAX_VALUE, 1e-300, LARGEST,
                    LARGEST.negate(), true, false, Instant.parse("2299-12-31T23:59:59.999Z"), LocalDate.of(2105, 12, 31),
                    Stage.SHIPPED, List.of("z", "a", "z"), List.of(Stage.NEW, Stage.PAID, Stage.SHIPPED))),
            same(new Sample("k-2", "", "", 0, 0L, 0, 0, 0.0, Double.MAX_VALUE, new BigDecimal("-0.000001"),
                    new BigDecimal("0.000001"), false, true, Instant.parse("1900-01-01T00:00:00Z"),
                    LocalDate.of(1970, 1, 1), Stage.NEW, List.of(""), List.of(Stage.PAID))),
            same(new Sample("k-3", null, null, -1, null, -1, null, -2.25, null, null, null, false, null, null, null,
                    null, List.of(), List.of())),
            new Case(new Sample("k-4", "scale", "x", 1, 2L, 3, 4, 1.5, -0.0, new BigDecimal("12.500000"),
                    new BigDecimal("100.00"), true, true, Instant.parse("2024-02-29T12:34:56.123456789Z"),
                    LocalDate.of(2000, 2, 29), Stage.PAID, List.of("tag"), List.of(Stage.SHIPPED, Stage.SHIPPED)),
                    new Sample("k-4", "scale", "x", 1, 2L, 3, 4, 1.5, 0.0, new BigDecimal("12.5"), new BigDecimal("1E+2"),
                            true, true, Instant.parse("2024-02-29T12:34:56.123Z"), LocalDate.of(2000, 2, 29), Stage.PAID,
                            List.of("tag"), List.of(Stage.SHIPPED, Stage.SHIPPED))),
            same(new Sample("k-5", "before the epoch", "y", 42, null, 7, null, 1e-300, null, BigDecimal.ONE, null, true,
                    null, Instant.parse("1969-12-31T23:59:59.999Z"), LocalDate.of(2105, 1, 1), Stage.SHIPPED,
                    List.of("%_wild*?"), List.of())));

    private static Case same(Sample sample) {
        return new Case(sample, sample);
    }
}
