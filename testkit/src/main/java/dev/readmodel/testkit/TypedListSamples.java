package dev.readmodel.testkit;

import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.typed.Key;
import dev.readmodel.core.typed.ReadModelName;
import dev.readmodel.core.typed.TypedReadModel;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A record with a list component of every scalar type, and samples whose items sit at the edges every store
 * keeps exactly (the scalar edges of {@link TypedSamples}), each with the record a store must give back: for
 * {@link TypedReadModelContract}.
 */
public final class TypedListSamples {
    private TypedListSamples() {
    }

    /**
     * A record of every list component type.
     *
     * @param key the document key
     * @param longs a LONG_LIST
     * @param ints a LONG_LIST read back as ints
     * @param ratios a DOUBLE_LIST
     * @param amounts a DECIMAL_LIST
     * @param flags a BOOLEAN_LIST
     * @param times a TIMESTAMP_LIST
     * @param days a DATE_LIST
     */
    @ReadModelName("typed_list_samples")
    public record ListSample(@Key String key, List<Long> longs, List<Integer> ints, List<Double> ratios,
            List<BigDecimal> amounts, List<Boolean> flags, List<Instant> times, List<LocalDate> days) {
    }

    /** The typed read model of {@link ListSample}. */
    public static final TypedReadModel<ListSample> LIST_SAMPLES = ReadModel.of(ListSample.class);

    /**
     * One record as written and as every store must give it back, decimals by value.
     *
     * @param written what the handler writes
     * @param expected what a typed read gives back
     */
    public record ListCase(ListSample written, ListSample expected) {
    }

    private static final BigDecimal LARGEST = new BigDecimal("99999999999999999999999999999999.999999");

    /** The cases, in key order: items in their written order, duplicates kept, empty lists as empty. */
    public static final List<ListCase> LIST_CASES = List.of(
            same(new ListSample("l-1", List.of(Long.MAX_VALUE, Long.MIN_VALUE, 0L, Long.MAX_VALUE),
                    List.of(Integer.MAX_VALUE, Integer.MIN_VALUE), List.of(-Double.MAX_VALUE, 1e-300, Double.MAX_VALUE),
                    List.of(LARGEST, LARGEST.negate(), new BigDecimal("0.000001")), List.of(true, false, true),
                    List.of(Instant.parse("2299-12-31T23:59:59.999Z"), Instant.parse("1900-01-01T00:00:00Z")),
                    List.of(LocalDate.of(2105, 12, 31), LocalDate.of(1970, 1, 1)))),
            same(new ListSample("l-2", List.of(7L), List.of(-1), List.of(-2.25), List.of(BigDecimal.ONE), List.of(false),
                    List.of(Instant.parse("1969-12-31T23:59:59.999Z")), List.of(LocalDate.of(2000, 2, 29)))),
            same(new ListSample("l-3", List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of())),
            new ListCase(new ListSample("l-4", List.of(7L, 8L), null, List.of(-0.0, 1.5),
                    List.of(new BigDecimal("12.500000"), new BigDecimal("1E+2")), null,
                    List.of(Instant.parse("2024-02-29T12:34:56.123456789Z")), null),
                    new ListSample("l-4", List.of(7L, 8L), List.of(), List.of(0.0, 1.5),
                            List.of(new BigDecimal("12.5"), new BigDecimal("100")), List.of(),
                            List.of(Instant.parse("2024-02-29T12:34:56.123Z")), List.of())));

    private static ListCase same(ListSample sample) {
        return new ListCase(sample, sample);
    }
}
