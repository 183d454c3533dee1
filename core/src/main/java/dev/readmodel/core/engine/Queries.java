package dev.readmodel.core.engine;

import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.query.Aggregation;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.query.SearchQuery;
import dev.readmodel.core.query.SearchResult;
import dev.readmodel.core.spi.SearchableStore;
import dev.readmodel.core.status.RebuildMarker;
import java.util.List;

/**
 * Answers from read models: checks each query against the read model's declaration, runs it in the
 * store its projection writes to, and lets {@link PartialAnswers} refuse or re-run it around a truncate
 * rebuild. Thread-safe.
 */
final class Queries {
    private final Runners runners;
    private final PartialAnswers answers;

    Queries(Runners runners, PartialAnswers answers) {
        this.runners = runners;
        this.answers = answers;
    }

    ReadModel readModel(String name) {
        return runners.owner(name).projection().readModel(name).orElseThrow();
    }

    List<Document> query(String readModelName, Query query) {
        ProjectionRunner owner = runners.owner(readModelName);
        ReadModel model = readModel(readModelName);
        Query checked = model.check(query);
        return answers.answer(readModelName, owner, () -> owner.store().query(model, checked));
    }

    List<Document> aggregate(String readModelName, Aggregation aggregation) {
        ProjectionRunner owner = runners.owner(readModelName);
        ReadModel model = readModel(readModelName);
        Aggregation checked = model.check(aggregation);
        return answers.answer(readModelName, owner, () -> owner.store().aggregate(model, checked));
    }

    /** @throws ConfigurationException when the read model's store has no full-text search */
    SearchResult search(String readModelName, SearchQuery search) {
        ProjectionRunner owner = runners.owner(readModelName);
        ReadModel model = readModel(readModelName);
        if (!(owner.store() instanceof SearchableStore searchable)) {
            throw new ConfigurationException("Read model [" + readModelName + "] is in store [" + owner.store().name()
                    + "], which has no full-text search");
        }
        SearchQuery checked = model.check(search);
        return answers.answer(readModelName, owner, () -> searchable.search(model, checked));
    }

    boolean isPartial(String readModelName) {
        return answers.marker(runners.owner(readModelName)).map(RebuildMarker::partial).orElse(false);
    }
}
