package dev.readmodel.micrometer;

import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.FailurePolicy;
import dev.readmodel.core.projection.Projection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** The projections the metrics tests run: orders (slowed on demand), and one that faults on a poison event. */
final class Orders {
    static final ReadModel ORDERS = ReadModel.named("orders").key("order_id").field("total", FieldType.LONG).build();
    static final ReadModel POISONED = ReadModel.named("poisoned").key("id").field("seen", FieldType.LONG).build();

    record Placed(String orderId, long total) {
    }

    record Poison(String id) {
    }

    private Orders() {
    }

    /** Orders, each event taking {@code delayMillis} to apply, and waiting while {@code hold} holds a latch. */
    static Projection orders(AtomicLong delayMillis, AtomicReference<CountDownLatch> hold) {
        return Projection.named("orders").readModel(ORDERS)
                .on("order.placed", Placed.class, ORDERS, Placed::orderId, (d, e) -> {
                    await(hold.get());
                    sleep(delayMillis.get());
                    return Document.of("total", e.total());
                })
                .build();
    }

    /** Faults (no retry) on every poison event until {@code fixed} is set. */
    static Projection poisoned(AtomicBoolean fixed) {
        return Projection.named("poisoned").readModel(POISONED).onFailure(FailurePolicy.fail(0))
                .on("poison", Poison.class, POISONED, Poison::id, (d, e) -> {
                    if (!fixed.get()) {
                        throw new IllegalStateException("poison refused until fixed");
                    }
                    return Document.of("seen", 1L);
                })
                .build();
    }

    private static void await(CountDownLatch latch) {
        if (latch == null) {
            return;
        }
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
