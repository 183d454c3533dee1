package dev.readmodel.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.error.ConfigurationException;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventTypeMatcherTest {

    @Test
    void exactNamesMatchOnlyThemselves() {
        EventTypeMatcher matcher = EventTypeMatcher.of("invoice.created", "invoice.paid");
        assertThat(matcher.matches("invoice.created")).isTrue();
        assertThat(matcher.matches("invoice.paid")).isTrue();
        assertThat(matcher.matches("invoice.created.v2")).isFalse();
        assertThat(matcher.matches("invoice")).isFalse();
        assertThat(matcher.exactTypes()).containsExactlyInAnyOrder("invoice.created", "invoice.paid");
    }

    @Test
    void prefixPatternMatchesTheFamilyButNotLookalikes() {
        EventTypeMatcher matcher = EventTypeMatcher.of("invoice.*");
        assertThat(matcher.matches("invoice.created")).isTrue();
        assertThat(matcher.matches("invoice.line_added")).isTrue();
        assertThat(matcher.matches("invoice.")).isTrue();
        assertThat(matcher.matches("invoices.created")).isFalse();
        assertThat(matcher.matches("invoice")).isFalse();
        assertThat(matcher.matches("xinvoice.created")).isFalse();
    }

    @Test
    void wildcardAnywhereAndDotsAreLiteral() {
        EventTypeMatcher matcher = EventTypeMatcher.of("*.deleted", "order.*.v2");
        assertThat(matcher.matches("product.deleted")).isTrue();
        assertThat(matcher.matches("order.item.v2")).isTrue();
        assertThat(matcher.matches("productXdeleted")).isFalse();
        assertThat(matcher.matches("order.item.v3")).isFalse();
    }

    @Test
    void starAloneMatchesEverything() {
        EventTypeMatcher matcher = EventTypeMatcher.of("order.created", "*");
        assertThat(matcher.matchesAll()).isTrue();
        assertThat(matcher.matches("anything.at-all")).isTrue();
        assertThat(EventTypeMatcher.all().matches("x")).isTrue();
    }

    @Test
    void unionKeepsBothSides() {
        EventTypeMatcher union = EventTypeMatcher.of("a.b").or(EventTypeMatcher.of("c.*"));
        assertThat(union.matches("a.b")).isTrue();
        assertThat(union.matches("c.d")).isTrue();
        assertThat(union.matches("a.c")).isFalse();
        assertThat(union.or(EventTypeMatcher.all()).matchesAll()).isTrue();
    }

    @Test
    void invalidPatternsAreRejectedWithThePattern() {
        assertThatThrownBy(() -> EventTypeMatcher.of("invoice created"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("[invoice created]");
        assertThatThrownBy(() -> EventTypeMatcher.of("")).isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> EventTypeMatcher.of("a'; drop table x")).isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> EventTypeMatcher.of(List.of())).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("at least one");
    }
}
