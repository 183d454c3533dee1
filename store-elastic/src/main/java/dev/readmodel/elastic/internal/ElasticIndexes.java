package dev.readmodel.elastic.internal;

import dev.readmodel.core.error.StoreException;
import dev.readmodel.core.model.ReadModel;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Index administration: each read model is an alias over one physical index (so rebuilds can swap it),
 * shadow indexes for zero-downtime rebuilds, and bulk-load settings. Thread-safe.
 */
public final class ElasticIndexes {
    private static final AtomicLong GENERATION = new AtomicLong(System.currentTimeMillis());

    private final ElasticsearchClient client;
    private final String prefix;
    private final int replicas;
    private final Map<String, String> shadows = new ConcurrentHashMap<>();

    public ElasticIndexes(ElasticsearchClient client, String prefix, int replicas) {
        this.client = client;
        this.prefix = prefix;
        this.replicas = replicas;
    }

    /** The alias queries and live writes use. */
    public String alias(ReadModel model) {
        return prefix + "-" + model.name();
    }

    /** The physical indexes behind the alias; empty when it does not exist. */
    public List<String> physical(ReadModel model) {
        try {
            return new ArrayList<>(ElasticCalls.call("Resolving alias [" + alias(model) + "]",
                    () -> client.indices().getAlias(g -> g.name(alias(model)))).result().keySet());
        } catch (dev.readmodel.core.error.StoreException e) {
            if (e.getCause() instanceof ElasticsearchException es && es.status() == 404) {
                return List.of();
            }
            throw e;
        }
    }

    /** Creates a new physical index for {@code model}, with bulk-load settings if asked; returns its name. */
    public String createPhysical(ReadModel model, boolean bulkLoading) {
        String name = alias(model) + "-" + GENERATION.incrementAndGet();
        ObjectNode body = ElasticJson.indexBody(model, bulkLoading, replicas);
        ElasticCalls.call("Creating index [" + name + "]", () -> client.indices().create(c -> c
                .withJson(new StringReader(body.toString())).index(name)));
        return name;
    }

    /**
     * Creates the first physical index and its alias in one request, under a fixed name
     * ({@code <alias>-0}), so that processes preparing the same read model at once all end with that one
     * index: the first creates it, the others find it there. With a name of its own per process, each
     * had put its own index behind the alias, and an alias over several indexes refuses every write and
     * every get by id (the Kafka consumers' owner rows, prepared by each instance, stalled on it).
     */
    public void createBehindAlias(ReadModel model, boolean bulkLoading) {
        String name = alias(model) + "-0";
        ObjectNode body = ElasticJson.indexBody(model, bulkLoading, replicas);
        body.putObject("aliases").putObject(alias(model));
        try {
            ElasticCalls.call("Creating index [" + name + "] behind alias [" + alias(model) + "]", () -> client.indices()
                    .create(c -> c.withJson(new StringReader(body.toString())).index(name)));
        } catch (StoreException e) {
            if (!String.valueOf(e.getMessage()).contains("resource_already_exists")) {
                throw e;
            }
            if (physical(model).isEmpty()) {
                // an index of that name that no alias reaches (left by an interrupted rebuild): a new one instead
                moveAlias(model, List.of(), createPhysical(model, bulkLoading));
            }
        }
    }

    /** Points the alias at {@code to} instead of {@code from}, in one atomic request. */
    public void moveAlias(ReadModel model, List<String> from, String to) {
        ObjectNode body = ElasticJson.NODES.objectNode();
        ArrayNode actions = body.putArray("actions");
        for (String old : from) {
            actions.addObject().putObject("remove").put("index", old).put("alias", alias(model));
        }
        actions.addObject().putObject("add").put("index", to).put("alias", alias(model));
        updateAliases(body, "Pointing alias [" + alias(model) + "] at [" + to + "]");
    }

    private void updateAliases(ObjectNode body, String what) {
        ElasticCalls.call(what, () -> client.indices().updateAliases(u -> u.withJson(new StringReader(body.toString()))));
    }

    /** After a bulk load: refresh on, replicas back, and refreshed now. */
    public void finishBulkLoad(String index, int replicas) {
        String settings = "{\"index\":{\"refresh_interval\":\"1s\",\"number_of_replicas\":" + replicas + "}}";
        ElasticCalls.call("Restoring settings of [" + index + "]", () -> client.indices().putSettings(p -> p.index(index)
                .withJson(new StringReader(settings))));
        refresh(List.of(index));
    }

    /** Makes every write to {@code names} (aliases or indexes) searchable now; names since deleted are passed over. */
    public void refresh(Collection<String> names) {
        ElasticCalls.call("Refreshing " + names, () -> client.indices().refresh(r -> r.index(List.copyOf(names))
                .ignoreUnavailable(true).allowNoIndices(true)));
    }

    /** Deletes a physical index. */
    public void delete(String index) {
        ElasticCalls.call("Deleting index [" + index + "]", () -> client.indices().delete(d -> d.index(index)));
    }

    /** Creates a shadow index for a zero-downtime rebuild of {@code model}, replacing an earlier one. */
    public void newShadow(ReadModel model) {
        dropShadow(model);
        shadows.put(model.name(), createPhysical(model, true));
    }

    /** The shadow index of {@code model}. */
    public String shadow(ReadModel model) {
        String shadow = shadows.get(model.name());
        if (shadow == null) {
            throw new IllegalStateException("No shadow index for read model [" + model.name() + "]");
        }
        return shadow;
    }

    /**
     * Moves every alias to its shadow in one atomic request.
     *
     * @return deletes the old indexes, which no alias reaches any more; to run once the checkpoint has moved,
     *     so that a failed delete is retried with the swap instead of failing a swap that already happened
     */
    public Runnable swapShadows(List<ReadModel> models) {
        ObjectNode body = ElasticJson.NODES.objectNode();
        ArrayNode actions = body.putArray("actions");
        List<String> old = new ArrayList<>();
        for (ReadModel model : models) {
            for (String index : physical(model)) {
                actions.addObject().putObject("remove").put("index", index).put("alias", alias(model));
                old.add(index);
            }
            actions.addObject().putObject("add").put("index", shadow(model)).put("alias", alias(model));
        }
        updateAliases(body, "Swapping in rebuilt indexes");
        models.forEach(m -> shadows.remove(m.name()));
        return () -> old.forEach(this::delete);
    }

    /** Deletes the shadow of {@code model}, if any. */
    public void dropShadow(ReadModel model) {
        String shadow = shadows.remove(model.name());
        if (shadow != null) {
            delete(shadow);
        }
    }
}
