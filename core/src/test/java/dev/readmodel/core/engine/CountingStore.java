package dev.readmodel.core.engine;

import dev.readmodel.core.ReadModel;
import dev.readmodel.core.spi.ForwardingReadModelStore;
import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.core.spi.StoredDocument;
import dev.readmodel.core.spi.WriteBatch;
import java.util.Collection;
import java.util.Map;

/** Delegates to another store and counts what the engine asks of it. */
class CountingStore extends ForwardingReadModelStore {
    volatile int commits;
    volatile int writes;
    volatile int loads;

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
        delegate.commit(batch);
    }
}
