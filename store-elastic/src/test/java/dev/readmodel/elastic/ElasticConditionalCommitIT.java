package dev.readmodel.elastic;

import dev.readmodel.core.spi.ReadModelStore;
import dev.readmodel.testkit.ConditionalCommitContract;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link ConditionalCommitContract} on Elasticsearch, a {@code CONDITIONAL_CHECKPOINT} store: the checkpoint
 * is indexed with {@code if_seq_no}/{@code if_primary_term}, so of racing writers exactly one moves it.
 */
class ElasticConditionalCommitIT extends ConditionalCommitContract {
    @AutoClose
    private static ElasticReadModelStore store;

    @BeforeAll
    static void start() {
        store = new ElasticReadModelStore(ElasticServer.freshPrefix());
    }

    @Override
    protected ReadModelStore store() {
        return store;
    }
}
