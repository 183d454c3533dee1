package dev.readmodel.server;

/** The query server over Elasticsearch read models (a fresh index prefix), search included; events in memory. */
class ElasticQueryServerIT extends QueryServerContract {
    @Override
    protected ServedStores stores() {
        return ServedStores.elastic();
    }
}
