package dev.readmodel.clickhouse.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Bounds a column cannot hold become their exact meaning, never the value the server would clamp them to. */
class ColumnRangeTest {
    private static final ColumnRange DATE = ColumnRange.of(ColumnKind.DATE);
    private static final ColumnRange DECIMAL = ColumnRange.of(ColumnKind.DECIMAL);
    private static final ColumnRange DATETIME64 = ColumnRange.of(ColumnKind.DATETIME64);

    @Test
    void datesPastTheLastDateTheColumnHoldsMatchEverythingBelowAndNothingAbove() {
        LocalDate later = LocalDate.parse("2150-01-01"); // the server would read toDate() of it as 2149-06-06
        assertThat(DATE.upper(later, false)).isEqualTo(ColumnRange.Edge.ALL);
        assertThat(DATE.lower(later, true)).isEqualTo(ColumnRange.Edge.NONE);
        assertThat(DATE.holds(later)).isFalse();
        LocalDate last = LocalDate.parse("2149-06-06");
        assertThat(DATE.lower(last, true)).isEqualTo(new ColumnRange.Edge.At(last, true));
        assertThat(DATE.lower(last, false)).isEqualTo(ColumnRange.Edge.NONE);
        assertThat(DATE.upper(LocalDate.parse("1969-12-31"), true)).isEqualTo(ColumnRange.Edge.NONE);
    }

    @Test
    void decimalsWithMorePlacesThanTheColumnBecomeTheNearestHeldValueInside() {
        BigDecimal bound = new BigDecimal("1.0000001"); // the server would round it to 1
        assertThat(DECIMAL.lower(bound, false)).isEqualTo(new ColumnRange.Edge.At(new BigDecimal("1.000001"), true));
        assertThat(DECIMAL.lower(bound, true)).isEqualTo(new ColumnRange.Edge.At(new BigDecimal("1.000001"), true));
        assertThat(DECIMAL.upper(bound, false)).isEqualTo(new ColumnRange.Edge.At(new BigDecimal("1.000000"), true));
        assertThat(DECIMAL.holds(bound)).isFalse();
        assertThat(DECIMAL.holds(new BigDecimal("1.5000000"))).isTrue();
        assertThat(DECIMAL.upper(new BigDecimal("1e40"), true)).isEqualTo(ColumnRange.Edge.ALL);
        assertThat(DECIMAL.lower(new BigDecimal("-1e40"), true)).isEqualTo(ColumnRange.Edge.ALL);
        assertThat(DECIMAL.lower(new BigDecimal("1e40"), true)).isEqualTo(ColumnRange.Edge.NONE);
    }

    @Test
    void timestampsOutsideDateTime64AndBetweenItsMillisecondsAreExact() {
        assertThat(DATETIME64.lower(Instant.parse("1800-01-01T00:00:00Z"), true)).isEqualTo(ColumnRange.Edge.ALL);
        assertThat(DATETIME64.upper(Instant.parse("1800-01-01T00:00:00Z"), true)).isEqualTo(ColumnRange.Edge.NONE);
        assertThat(DATETIME64.lower(Instant.parse("2020-01-01T00:00:00.0005Z"), true))
                .isEqualTo(new ColumnRange.Edge.At(Instant.parse("2020-01-01T00:00:00.001Z"), true));
        assertThat(DATETIME64.upper(Instant.parse("2020-01-01T00:00:00.0005Z"), false))
                .isEqualTo(new ColumnRange.Edge.At(Instant.parse("2020-01-01T00:00:00Z"), true));
        assertThat(ColumnRange.of(ColumnKind.MILLIS).upper(Instant.MAX, true)).isEqualTo(ColumnRange.Edge.ALL);
    }

    @Test
    void stringsAndIntegersAreHeldAsTheyAre() {
        assertThat(ColumnRange.of(ColumnKind.STRING).lower("zz", false)).isEqualTo(new ColumnRange.Edge.At("zz", false));
        assertThat(ColumnRange.of(ColumnKind.INT64).holds(Long.MAX_VALUE)).isTrue();
    }
}
