package dev.readmodel.clickhouse.internal;

import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.spi.SequentialShadowTables;
import dev.readmodel.core.spi.StoredDocument;
import dev.readmodel.core.spi.WriteBatch;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shadow tables of one zero-downtime rebuild. ClickHouse has no transactions, so each step's own
 * work is durable before its checkpoint step; the swap is one {@code EXCHANGE TABLES} per table or one
 * multi-table {@code RENAME} ({@link ClickHouseTables#swapIn}), and the replaced tables are dropped only
 * after the checkpoint moved. Thread-safe, though one rebuild uses it.
 */
public final class ClickHouseShadowTables implements SequentialShadowTables {
    private final ClickHouseTables tables;
    private final ClickHouseCopy live;
    private final ClickHouseCopy shadow;
    private final String projection;
    /** The shadow tables' server ids as made, by name: how a retried swap knows which are live already. */
    private final Map<String, String> shadowIds = new ConcurrentHashMap<>();

    /** The shadow tables of {@code projection}'s rebuild, swapped in for {@code live}'s. */
    public ClickHouseShadowTables(ClickHouseTables tables, ClickHouseCopy live, ClickHouseCopy shadow, String projection) {
        this.tables = tables;
        this.live = live;
        this.shadow = shadow;
        this.projection = projection;
    }

    @Override
    public void create(List<ReadModel> models) {
        for (ReadModel model : models) {
            tables.fresh(model, shadow.nameOf(model));
            shadowIds.put(shadow.nameOf(model), tables.idOf(shadow.nameOf(model)));
        }
    }

    @Override
    public Map<String, StoredDocument> load(ReadModel model, Collection<String> ids) {
        return shadow.load(model, ids);
    }

    @Override
    public List<String> matchingIds(ReadModel model, List<Filter> filters, int limit) {
        return shadow.matchingIds(model, filters, limit);
    }

    @Override
    public void write(WriteBatch batch) {
        shadow.write(batch);
    }

    @Override
    public Runnable swapIn(List<ReadModel> models) {
        List<ClickHouseTable[]> pairs = new ArrayList<>();
        for (ReadModel model : models) {
            pairs.add(new ClickHouseTable[] {live.table(model), shadow.table(model)});
        }
        List<String> old = tables.swapIn(pairs, shadowIds, "Swapping in the rebuilt tables of projection [" + projection + "]");
        return () -> old.forEach(tables::drop);
    }

    @Override
    public void drop(List<ReadModel> models) {
        for (ReadModel model : models) {
            tables.drop(shadow.nameOf(model));
        }
    }
}
