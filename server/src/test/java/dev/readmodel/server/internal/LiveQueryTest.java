package dev.readmodel.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.change.Committed;
import dev.readmodel.core.change.DocumentChange;
import dev.readmodel.core.change.Overflowed;
import dev.readmodel.core.change.Replaced;
import dev.readmodel.core.event.Json;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.query.Filter;
import dev.readmodel.core.query.Query;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A live query's membership and its start, fed notices by hand and writing to a buffer instead of a socket. */
class LiveQueryTest {
    private static final ReadModel ACCOUNTS = ReadModel.named("accounts").key("id")
            .field("status", FieldType.KEYWORD).field("balance", FieldType.LONG).build();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final AtomicInteger ended = new AtomicInteger();

    private LiveQuery query(int maxMatching) {
        List<Filter> filters = ACCOUNTS.check(Query.builder().where(Filter.eq("status", "open"), Filter.gte("balance", "10"))
                .build()).filters();
        return new LiveQuery("accounts", "id", filters, maxMatching, ended::incrementAndGet);
    }

    private static Document doc(String id, String status, long balance) {
        return ACCOUNTS.conform(id, Document.of("status", status, "balance", balance));
    }

    private static DocumentChange put(String id, String status, long balance) {
        return new DocumentChange("accounts", id, Optional.of(doc(id, status, balance)), 0);
    }

    private static Committed commit(long position, DocumentChange... changes) {
        return new Committed("accounts", position, List.of(changes));
    }

    /** The events written so far, each as {@code name @id id-of-document}. */
    private List<String> written() {
        List<String> events = new ArrayList<>();
        for (String block : out.toString(StandardCharsets.UTF_8).split("\n\n")) {
            String[] lines = block.split("\n");
            assertThat(lines).hasSize(3);
            String name = lines[0].substring("event: ".length());
            long id = Long.parseLong(lines[1].substring("id: ".length()));
            JsonNode data = Json.parse(lines[2].substring("data: ".length()));
            assertThat(data.get("position").asLong()).isEqualTo(id);
            String what = switch (name) {
                case "result" -> data.get("documents").size() + " documents";
                case "reset" -> data.get("reason").asText();
                default -> data.get("id").asText() + (data.get("document").isNull() ? " deleted" : "");
            };
            events.add(name + " @" + id + " " + what);
        }
        return events;
    }

    @Test
    void noticesBeforeTheFirstAnswerAreAppliedAfterItUnlessItIncludesThem() {
        LiveQuery live = query(10);
        live.onNotice(commit(5, put("a1", "open", 10))); // committed before the answer was read: included in it
        live.onNotice(commit(7, put("a2", "open", 20), put("a3", "open", 1)));
        live.start(new LiveSse(out), 5, List.of(doc("a1", "open", 10)));
        live.onNotice(commit(8, put("a1", "closed", 10), put("a2", "open", 30)));
        live.onNotice(commit(9, new DocumentChange("accounts", "a2", Optional.empty(), 9), put("a3", "open", 2)));
        live.onNotice(commit(10));
        assertThat(written()).containsExactly("result @5 1 documents", "enter @7 a2", "leave @8 a1", "change @8 a2",
                "leave @9 a2 deleted");
        assertThat(ended).hasValue(0);
        assertThat(live.done()).isNotDone();
    }

    @Test
    void moreMatchingDocumentsThanTheBoundResetAndEnd() {
        LiveQuery live = query(2);
        live.start(new LiveSse(out), 3, List.of(doc("a1", "open", 10)));
        live.onNotice(commit(4, put("a2", "open", 10)));
        live.onNotice(commit(5, put("a3", "open", 10), put("a4", "open", 10)));
        live.onNotice(commit(6, put("a5", "open", 10)));
        assertThat(written()).containsExactly("result @3 1 documents", "enter @4 a2", "reset @5 overflow");
        assertThat(ended).hasValue(1);
        assertThat(live.done()).isDone();
    }

    @Test
    void aReplacementOrAnOverflowResetsWhereverItComes() {
        LiveQuery live = query(10);
        live.start(new LiveSse(out), 4, List.of());
        assertThat(live.done()).isNotDone();
        live.onNotice(new Replaced("accounts", 6, List.of("accounts"), Replaced.Reason.SWAPPED));
        live.onNotice(commit(7, put("a1", "open", 10)));
        assertThat(written()).containsExactly("result @4 0 documents", "reset @6 replaced");
        assertThat(live.done()).isDone();

        // held before the first answer, even at a position below it: a truncate rebuild starts again from 0
        out.reset();
        LiveQuery truncated = query(10);
        truncated.onNotice(new Replaced("accounts", 0, List.of("accounts"), Replaced.Reason.TRUNCATED));
        truncated.start(new LiveSse(out), 4, List.of());
        assertThat(written()).containsExactly("result @4 0 documents", "reset @0 replaced");

        out.reset();
        LiveQuery gap = query(10);
        gap.onNotice(new Overflowed(2, 3));
        gap.start(new LiveSse(out), 4, List.of());
        assertThat(written()).containsExactly("result @4 0 documents", "reset @3 overflow");
        assertThat(ended).hasValue(3);
    }

    @Test
    void aClientThatWentAwayEndsTheQueryOnTheNextWrite() {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        LiveQuery live = query(10);
        live.start(new LiveSse(broken), 1, List.of());
        assertThat(live.done()).isDone();
        assertThat(ended).hasValue(1);
        live.end();
        assertThat(ended).as("ends once").hasValue(1);
    }

    @Test
    void aKeepAliveDoesNotWaitForAWriteBlockedOnASlowClient() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger keepAlives = new AtomicInteger();
        LiveOut slow = new LiveOut() {
            private int events;

            @Override
            public boolean event(String name, long position, Object data) {
                if (events++ > 0) { // the first answer goes out; then the client's window is full
                    writing.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        return false;
                    }
                }
                return true;
            }

            @Override
            public boolean keepAlive() {
                keepAlives.incrementAndGet();
                return true;
            }

            @Override
            public boolean closed() {
                return false;
            }

            @Override
            public void close(String reason) {
            }
        };
        LiveQuery live = query(10);
        live.start(slow, 1, List.of());
        ExecutorService delivery = Executors.newSingleThreadExecutor();
        try {
            Future<?> notice = delivery.submit(() -> live.onNotice(commit(2, put("a1", "open", 10))));
            assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
            // returns rather than queueing behind the blocked write (on its own thread: a wait must fail, not hang)
            CompletableFuture.runAsync(live::keepAlive).get(10, TimeUnit.SECONDS);
            assertThat(keepAlives).as("skipped while the write is under way").hasValue(0);
            assertThat(notice).isNotDone();
            release.countDown();
            notice.get(10, TimeUnit.SECONDS);
            live.keepAlive();
            assertThat(keepAlives).as("sent once the stream is idle").hasValue(1);
        } finally {
            release.countDown();
            delivery.shutdownNow();
        }
    }
}
