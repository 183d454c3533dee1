package dev.readmodel.testkit;

import dev.readmodel.core.Document;
import dev.readmodel.core.Query;
import dev.readmodel.core.ReadModel;
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
            for (int offset = 0; ; offset += Query.MAX_LIMIT) {
                List<Document> page = store.query(model, Query.builder().orderBy(model.keyField())
                        .limit(Query.MAX_LIMIT).offset(offset).build());
                all.addAll(page);
                if (page.size() < Query.MAX_LIMIT) {
                    break;
                }
            }
            contents.put(model.name(), all);
        }
        return contents;
    }
}
