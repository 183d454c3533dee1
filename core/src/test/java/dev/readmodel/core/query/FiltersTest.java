package dev.readmodel.core.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-memory evaluation of checked filters against single documents, as the memory store answers them. */
class FiltersTest {
    private static final ReadModel MODEL = ReadModel.named("items").key("id").field("name", FieldType.KEYWORD)
            .field("qty", FieldType.LONG).field("tags", FieldType.KEYWORD_LIST).build();
    private static final Document WIDGET = MODEL.conform("w1", Document.of("name", "widget", "qty", 5L,
            "tags", List.of("red", "big")));
    private static final Document BARE = MODEL.conform("b1", Document.of("name", "\uD83D\uDE00"));

    private static boolean matches(Document document, Filter... filters) {
        return Filters.matches(MODEL.check(Query.builder().where(filters).build()).filters(), document);
    }

    @Test
    void everyFilterMustHoldAndValuesAreComparedAsTheFieldsType() {
        assertThat(matches(WIDGET)).isTrue();
        assertThat(matches(WIDGET, Filter.eq("qty", "5"), Filter.eq("name", "widget"))).isTrue();
        assertThat(matches(WIDGET, Filter.eq("qty", "5"), Filter.eq("name", "gadget"))).isFalse();
        assertThat(matches(WIDGET, Filter.in("qty", List.of("4", "5")))).isTrue();
        assertThat(matches(WIDGET, Filter.in("qty", List.of("4", "6")))).isFalse();
    }

    @Test
    void rangesHonourInclusiveAndExclusiveBoundsAndNeverMatchAbsentValues() {
        assertThat(matches(WIDGET, Filter.gte("qty", "5"))).isTrue();
        assertThat(matches(WIDGET, Filter.gt("qty", "5"))).isFalse();
        assertThat(matches(WIDGET, Filter.lte("qty", "5"))).isTrue();
        assertThat(matches(WIDGET, Filter.lt("qty", "5"))).isFalse();
        assertThat(matches(WIDGET, Filter.between("qty", "1", "5"))).isFalse();
        assertThat(matches(BARE, Filter.gte("qty", "0"))).isFalse();
        assertThat(matches(BARE, Filter.eq("qty", null))).isTrue();
        assertThat(matches(WIDGET, Filter.eq("qty", null))).isFalse();
    }

    @Test
    void listsMatchAnyMemberAndStringsCompareByCodePoint() {
        assertThat(matches(WIDGET, Filter.eq("tags", "big"))).isTrue();
        assertThat(matches(WIDGET, Filter.in("tags", List.of("blue", "red")))).isTrue();
        assertThat(matches(WIDGET, Filter.eq("tags", "blue"))).isFalse();
        // U+1F600 is above U+FFFD by code point, though its UTF-16 surrogates sort below it
        assertThat(matches(BARE, Filter.gt("name", "\uFFFD"))).isTrue();
        assertThat(Filters.compare("\uD83D\uDE00", "\uFFFD")).isPositive();
    }
}
