package dev.readmodel.server.internal;

import dev.readmodel.core.change.CommitListener;
import dev.readmodel.core.change.CommitNotice;
import dev.readmodel.core.change.Committed;
import dev.readmodel.core.change.DocumentChange;
import dev.readmodel.core.change.Overflowed;
import dev.readmodel.core.change.Replaced;
import dev.readmodel.core.change.Resumed;
import dev.readmodel.core.change.Subscription;
import dev.readmodel.core.change.SubscriptionOptions;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.server.FeedConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's one subscription to the engine, fanned out to feed clients. It keeps a {@link FeedWindow} per
 * served read model; a client that resumes is given, under the same lock that new notices take, the kept
 * messages after its position and then every new one, so nothing is lost or sent twice. Clients of the
 * operations feed get every served read model's messages and, when it changed, the projections' status.
 * Never waits for a client. Thread-safe.
 */
public final class FeedHub implements CommitListener, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(FeedHub.class.getName());

    private final Api api;
    private final FeedConfig config;
    private final FeedLimits limits;
    /** Guarded by {@code this}: windows and clients per served read model, in the engine's order. */
    private final Map<String, FeedWindow> windows = new LinkedHashMap<>();
    /** Guarded by {@code this}: the projection that writes each served read model. */
    private final Map<String, String> owners = new HashMap<>();
    private final Map<String, Set<FeedConnection>> clients = new HashMap<>();
    private final Set<FeedConnection> operations = new LinkedHashSet<>();
    private final FeedStatus status;
    private final ExecutorService writers;
    private final ScheduledExecutorService ticks;
    private Subscription subscription;
    private boolean closed;

    /** A hub for {@code api}'s served read models; {@link #start()} subscribes. */
    public FeedHub(Api api) {
        this.api = api;
        this.config = api.config.feed();
        this.limits = new FeedLimits(config);
        this.status = new FeedStatus(api.engine);
        AtomicInteger n = new AtomicInteger();
        this.writers = Executors.newCachedThreadPool(r -> daemon(r, "readmodel-feed-writer-" + n.incrementAndGet()));
        this.ticks = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "readmodel-feed-ticks"));
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Subscribes to the engine's commits of the served read models and starts the keep-alive and status ticks. */
    public void start() {
        List<ReadModel> served = api.served();
        synchronized (this) {
            served.forEach(m -> windows.put(m.name(), new FeedWindow(config.window(), config.windowBytes(), FeedWindow.UNKNOWN)));
            served.forEach(m -> clients.put(m.name(), new LinkedHashSet<>()));
        }
        if (served.isEmpty()) {
            return;
        }
        subscription = api.engine.subscribe(this, SubscriptionOptions.readModels(served.stream().map(ReadModel::name)
                .toArray(String[]::new)).withBufferSize(Math.max(SubscriptionOptions.DEFAULT_BUFFER, config.window())));
        // every commit after where the subscription starts comes as a notice (taken under the engine's
        // publishing lock: a batch committed meanwhile is either before it or delivered)
        for (ReadModel model : served) {
            OptionalLong start = subscription.startedAfter(api.projectionOf(model));
            synchronized (this) {
                owners.put(model.name(), api.projectionOf(model));
                // not taken up here yet: the window's start stays unknown until the projection's Resumed
                start.ifPresent(windows.get(model.name())::known);
            }
        }
        long keepAlive = config.keepAlive().toMillis();
        ticks.scheduleWithFixedDelay(this::keepAlive, keepAlive, keepAlive, TimeUnit.MILLISECONDS);
        long interval = config.statusInterval().toMillis();
        ticks.scheduleWithFixedDelay(this::statusTick, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** The connection bounds, checked before a stream starts. */
    FeedLimits limits() {
        return limits;
    }

    @Override
    public void onNotice(CommitNotice notice) {
        synchronized (this) {
            if (notice instanceof Committed committed) {
                Map<String, List<DocumentChange>> byModel = new LinkedHashMap<>();
                for (DocumentChange change : committed.changes()) {
                    byModel.computeIfAbsent(change.readModel(), m -> new ArrayList<>()).add(change);
                }
                byModel.forEach((model, changes) -> publish(model, FeedMessage.commit(committed.projection(), model,
                        committed.position(), changes), false));
            } else if (notice instanceof Replaced replaced) {
                replaced.readModels().forEach(model -> publish(model, FeedMessage.replaced(model, replaced.position(),
                        replaced.reason()), true));
            } else if (notice instanceof Resumed resumed) {
                resumed(resumed);
            } else if (notice instanceof Overflowed overflowed) {
                lost(overflowed);
            }
        }
    }

    /** Guarded by {@code this}. */
    private void publish(String model, FeedMessage message, boolean replacement) {
        FeedWindow window = windows.get(model);
        if (window == null) {
            return; // not served
        }
        if (replacement) {
            window.replaced(message);
        } else {
            window.add(message);
        }
        clients.get(model).forEach(c -> c.offer(message, message.position()));
        operations.forEach(c -> c.offer(message, message.position()));
    }

    /**
     * Guarded by {@code this}: the projection was taken up from a stored checkpoint (a start, a lease takeover),
     * so the commits before it were never announced here: its read models' windows start there, and their
     * clients, who may have missed some, are reset.
     */
    private void resumed(Resumed resumed) {
        FeedMessage reset = FeedMessage.reset("resumed", resumed.position(), "Projection [" + resumed.projection()
                + "] was taken up at position [" + resumed.position() + "] from its stored checkpoint (a start or a"
                + " lease takeover); commits before it were not announced here: query again, then resume from the"
                + " position read");
        owners.forEach((model, owner) -> {
            if (owner.equals(resumed.projection())) {
                FeedWindow window = windows.get(model);
                if (window.floor() == FeedWindow.UNKNOWN) {
                    window.known(resumed.position()); // the first take-up: nobody was promised anything before it
                } else {
                    window.lost(resumed.position());
                    clients.get(model).forEach(c -> c.end(reset));
                }
            }
        });
    }

    /** Guarded by {@code this}: the engine dropped notices, so every client may have missed some. */
    private void lost(Overflowed overflowed) {
        LOG.log(System.Logger.Level.WARNING, "The feed fell behind the engine by " + overflowed.dropped()
                + " notices up to position [" + overflowed.position() + "]; every feed client is reset");
        windows.values().forEach(w -> w.lost(overflowed.position()));
        FeedMessage reset = FeedMessage.reset("overflow", overflowed.position(), "The server's feed fell behind the"
                + " engine and dropped " + overflowed.dropped() + " notices; query again, then resume from the position read");
        clients.values().forEach(set -> set.forEach(c -> c.end(reset)));
        operations.forEach(c -> c.end(reset));
    }

    /**
     * Starts {@code sink}'s stream of {@code readModel}'s messages (every served read model's and status, when
     * empty: the operations feed): those kept after {@code from}, or a {@code reset} when some after it are no
     * longer kept, then every new one. The client's connection must have been taken from {@link #limits()}; it
     * is given back when the stream closes.
     */
    FeedConnection attach(String client, Optional<String> readModel, OptionalLong from, FeedConnection.Sink sink) {
        FeedConnection[] self = new FeedConnection[1];
        self[0] = new FeedConnection(client, config.queueSize(), writers, sink, () -> detach(self[0]));
        Optional<FeedMessage> current = readModel.isEmpty() ? Optional.of(status.current()) : Optional.empty();
        synchronized (this) {
            if (closed) {
                self[0].close();
                return self[0];
            }
            current.ifPresent(m -> self[0].offer(m, -1));
            readModel.ifPresentOrElse(model -> {
                FeedWindow window = windows.get(model);
                if (from.isPresent()) {
                    Optional<List<FeedMessage>> kept = window.after(from.getAsLong());
                    if (kept.isPresent()) {
                        self[0].preload(kept.get());
                    } else {
                        self[0].offer(FeedMessage.reset("outside-window", window.floor(), "Position [" + from.getAsLong()
                                + "] is older than the changes this server keeps for read model [" + model
                                + "] (from after [" + window.floor() + "]); query again, then resume from the position read"), -1);
                    }
                }
                clients.get(model).add(self[0]);
            }, () -> operations.add(self[0]));
            // the answer's headers go out with the first write, after the connection is attached: a client
            // that sees them and then appends gets its own commit
            self[0].offer(FeedMessage.KEEP_ALIVE, -1);
        }
        return self[0];
    }

    private void detach(FeedConnection connection) {
        synchronized (this) {
            clients.values().forEach(set -> set.remove(connection));
            operations.remove(connection);
        }
        limits.release(connection.client());
    }

    private void keepAlive() {
        for (FeedConnection c : connections()) {
            c.offer(FeedMessage.KEEP_ALIVE, -1);
        }
    }

    private void statusTick() {
        try {
            Optional<FeedMessage> changed = status.changed();
            if (changed.isPresent()) {
                synchronized (this) {
                    operations.forEach(c -> c.offer(changed.get(), -1));
                }
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not read projection status for the operations feed", e);
        }
    }

    private synchronized List<FeedConnection> connections() {
        List<FeedConnection> all = new ArrayList<>(operations);
        clients.values().forEach(all::addAll);
        return all;
    }

    /** Ends the subscription and every stream. Safe to call twice. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        if (subscription != null) {
            subscription.close();
        }
        ticks.shutdownNow();
        connections().forEach(FeedConnection::close);
        writers.shutdown();
    }
}
