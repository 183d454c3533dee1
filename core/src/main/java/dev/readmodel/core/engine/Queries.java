package dev.readmodel.core.engine;

import dev.readmodel.core.error.ConfigurationException;
import dev.readmodel.core.error.ReadModelBehindException;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.query.Aggregation;
import dev.readmodel.core.query.Consistency;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.Query;
import dev.readmodel.core.query.SearchQuery;
import dev.readmodel.core.query.SearchResult;
import dev.readmodel.core.spi.SearchableStore;
import dev.readmodel.core.status.RebuildMarker;
import dev.readmodel.core.typed.TypedReadModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Answers from read models: checks each query against the read model's declaration, runs it in the
 * store its projection writes to, and lets {@link PartialAnswers} refuse or re-run it around a truncate
 * rebuild. Thread-safe.
 */
final class Queries {
    private final Runners runners;
    private final PartialAnswers answers;
    private final Notices notices;
    private final Waits waits;

    Queries(Runners runners, PartialAnswers answers, Notices notices, Waits waits) {
        this.runners = runners;
        this.answers = answers;
        this.notices = notices;
        this.waits = waits;
    }

    ReadModel readModel(String name) {
        return runners.owner(name).projection().readModel(name).orElseThrow();
    }

    List<Document> query(String readModelName, Query query) {
        ProjectionRunner owner = runners.owner(readModelName);
        ReadModel model = readModel(readModelName);
        Query checked = model.check(query);
        return cached(readModelName, owner, checked, () -> answers.answer(readModelName, owner,
                () -> owner.store().query(model, checked)));
    }

    /** {@link #query} on a typed read model, as records; the engine's declaration must be the typed one's. */
    <R extends Record> List<R> query(TypedReadModel<R> typed, Query query) {
        String name = typed.readModel().name();
        if (!readModel(name).equals(typed.readModel())) {
            throw new ConfigurationException("Read model [" + name + "] is declared by its projection as "
                    + readModel(name) + ", not as record [" + typed.type().getName() + "] declares it: "
                    + typed.readModel());
        }
        List<Document> documents = query(name, query);
        List<R> records = new ArrayList<>(documents.size());
        for (Document document : documents) {
            records.add(typed.fromDocument(document));
        }
        return records;
    }

    /** The record of {@code typed} whose key is {@code id}, by a query on the key field. */
    <R extends Record> Optional<R> findById(TypedReadModel<R> typed, String id) {
        List<R> found = query(typed, Query.builder().where(Filter.eq(typed.readModel().keyField(), id)).limit(1).build());
        return found.stream().findFirst();
    }

    /**
     * {@link #query} once the owning projection has committed {@code consistency}'s position.
     *
     * @throws ReadModelBehindException when it has not within the wait
     */
    List<Document> query(String readModelName, Query query, Consistency consistency) throws InterruptedException {
        awaitPosition(readModelName, consistency);
        return query(readModelName, query);
    }

    /**
     * Waits until the projection owning {@code readModelName} has committed {@code consistency}'s position.
     *
     * @throws ReadModelBehindException when it has not within the wait
     */
    void awaitPosition(String readModelName, Consistency consistency) throws InterruptedException {
        ProjectionRunner owner = runners.owner(readModelName);
        if (consistency.minPosition() > 0
                && !waits.awaitReadable(owner.name(), consistency.minPosition(), consistency.maxWait())) {
            throw new ReadModelBehindException(readModelName, owner.name(), consistency.minPosition(),
                    owner.status().checkpoint(), consistency.maxWait());
        }
    }

    /**
     * The answer from the read model's query cache when it is on and this instance runs the projection
     * (only then do its commits drop stale answers), otherwise from {@code load}.
     */
    private List<Document> cached(String readModelName, ProjectionRunner owner, Object question,
            Supplier<List<Document>> load) {
        Optional<QueryCache> cache = notices.cache(readModelName);
        return cache.isPresent() && owner.runsHere() ? cache.get().answer(question, load) : load.get();
    }

    List<Document> aggregate(String readModelName, Aggregation aggregation) {
        ProjectionRunner owner = runners.owner(readModelName);
        ReadModel model = readModel(readModelName);
        Aggregation checked = model.check(aggregation);
        return cached(readModelName, owner, checked, () -> answers.answer(readModelName, owner,
                () -> owner.store().aggregate(model, checked)));
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
