package dev.readmodel.testkit;

import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.spi.ReadModelStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads whole read models out of a store, page by page, for comparisons in tests. */
public final class StoreContents {
    private StoreContents() {
    }

    /** Every document of each model, in key order, keyed by model name. */
    public static Map<String, List<Document>> of(ReadModelStore store, List<ReadModel> models) {
        Map<String, List<Document>> contents = new LinkedHashMap<>();
        for (ReadModel model : models) {
            List<Document> all = new ArrayList<>();
            // pages after the last key seen rather than by offset: offsets end at Query.MAX_WINDOW
            for (String last = null; ; ) {
                Query.Builder page = Query.builder().orderBy(model.keyField()).limit(Query.MAX_LIMIT);
                if (last != null) {
                    page.where(Filter.gt(model.keyField(), last));
                }
                List<Document> documents = store.query(model, page.build());
                all.addAll(documents);
                if (documents.size() < Query.MAX_LIMIT) {
                    break;
                }
                last = documents.get(documents.size() - 1).string(model.keyField());
            }
            contents.put(model.name(), all);
        }
        return contents;
    }
}
