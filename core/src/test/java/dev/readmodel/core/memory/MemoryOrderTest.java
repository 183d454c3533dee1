package dev.readmodel.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.query.SearchQuery;
import dev.readmodel.core.spi.DocumentWrite;
import dev.readmodel.core.spi.WriteBatch;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The memory store orders strings by code point, as PostgreSQL ("C"), ClickHouse and Elasticsearch do. */
class MemoryOrderTest {
    private static final ReadModel NOTES = ReadModel.named("notes").key("id").field("text", FieldType.TEXT)
            .field("name", FieldType.KEYWORD).build();
    private static final String ROCKET = "\uD83D\uDE80"; // U+1F680: a surrogate pair in UTF-16
    private static final String FULLWIDTH_Z = "\uFF5A"; // U+FF5A: above the surrogates in UTF-16, below U+1F680

    private final InMemoryReadModelStore store = new InMemoryReadModelStore();

    private void write(String... idAndName) {
        store.prepare(List.of(NOTES));
        List<DocumentWrite> writes = new java.util.ArrayList<>();
        for (int i = 0; i < idAndName.length; i += 2) {
            writes.add(new DocumentWrite.Put(NOTES, idAndName[i], NOTES.conform(idAndName[i],
                    Document.of("name", idAndName[i + 1], "text", "same words")), 1));
        }
        store.commit(new WriteBatch("p", writes, 1));
    }

    private List<String> ids(Query query) {
        return store.query(NOTES, NOTES.check(query)).stream().map(d -> d.string("id")).toList();
    }

    @Test
    void stringsCompareByCodePointInOrderRangesAndKeyTies() {
        write("a", ROCKET, "b", FULLWIDTH_Z, "c", "z");
        assertThat(ids(Query.builder().orderBy("name").build())).containsExactly("c", "b", "a");
        assertThat(ids(Query.builder().where(Filter.gt("name", FULLWIDTH_Z)).build())).containsExactly("a");
        assertThat(ids(Query.builder().where(Filter.lt("name", FULLWIDTH_Z)).build())).containsExactly("c");
    }

    @Test
    void searchTiesBreakOnTheKeyAscendingByCodePoint() {
        write(ROCKET, "x", FULLWIDTH_Z, "x", "k2", "x", "k10", "x");
        var hits = store.search(NOTES, NOTES.check(SearchQuery.matching("same").in("text", 1).build())).hits();
        assertThat(hits).extracting(h -> h.document().string("id")).containsExactly("k10", "k2", FULLWIDTH_Z, ROCKET);
    }

    @Test
    void aKeywordFieldIsSearchedForTheWholeTextExactlyAsElasticsearchSearchesIt() {
        write("a", "Rain Jacket", "b", "rain", "c", "Rain");
        var search = SearchQuery.matching("Rain").in("name", 1).build();
        assertThat(store.search(NOTES, NOTES.check(search)).hits()).extracting(h -> h.document().string("id"))
                .containsExactly("c");
        var words = SearchQuery.matching("rain jacket").in("name", 1).build();
        assertThat(store.search(NOTES, NOTES.check(words)).total()).isZero();
    }
}
