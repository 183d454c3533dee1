package dev.readmodel.core.engine;

import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.spi.ForwardingReadModelStore;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.core.spi.StoredDocument;
import dev.readmodel.core.spi.WriteBatch;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Delegates to another store and counts what the engine asks of it. */
class CountingStore extends ForwardingReadModelStore {
    volatile int commits;
    volatile int writes;
    volatile int loads;
    /** Each commit's {@link WriteBatch#reachesHead()}, in order. */
    final List<Boolean> reachedHead = new CopyOnWriteArrayList<>();

    CountingStore(ReadModelStore delegate) {
        super(delegate);
    }

    @Override
    public String name() {
        return "counting";
    }

    @Override
    public Map<String, StoredDocument> load(ReadModel model, Collection<String> ids) {
        loads++;
        return delegate.load(model, ids);
    }

    @Override
    public void commit(WriteBatch batch) {
        commits++;
        writes += batch.writes().size();
        reachedHead.add(batch.reachesHead());
        delegate.commit(batch);
    }
}
