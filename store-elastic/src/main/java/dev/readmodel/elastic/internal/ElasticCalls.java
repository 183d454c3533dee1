package dev.readmodel.elastic.internal;

import dev.readmodel.core.error.ReadModelException;
import dev.readmodel.core.error.StoreException;
import dev.readmodel.core.error.TransientStoreException;
import dev.readmodel.core.spi.Interrupts;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import java.io.IOException;

/** The one place that sorts Elasticsearch failures into transient (unreachable, overloaded) and permanent. */
public final class ElasticCalls {
    private ElasticCalls() {
    }

    /** A call to the client. */
    @FunctionalInterface
    public interface Call<T> {
        T run() throws IOException;
    }

    /** Runs {@code call}, translating its failure; {@code what} names the operation. */
    public static <T> T call(String what, Call<T> call) {
        try {
            return call.run();
        } catch (ElasticsearchException e) {
            String message = what + " failed on Elasticsearch: " + e.getMessage();
            return rethrow(transientStatus(e.status()) ? new TransientStoreException(message, e) : new StoreException(message, e));
        } catch (IOException e) {
            if (Interrupts.causedBy(e)) {
                return rethrow(Interrupts.cancelled(what + " was interrupted", e));
            }
            return rethrow(new TransientStoreException(what + " failed: Elasticsearch unreachable: " + e.getMessage(), e));
        } catch (ReadModelException e) {
            throw e;
        } catch (RuntimeException e) {
            if (Interrupts.causedBy(e)) {
                // the client's "thread waiting for the response was interrupted"
                return rethrow(Interrupts.cancelled(what + " was interrupted", e));
            }
            return rethrow(new StoreException(what + " failed on Elasticsearch: " + e, e));
        }
    }

    /** Whether an HTTP status means "try again later". */
    public static boolean transientStatus(int status) {
        return status == 429 || status == 502 || status == 503 || status == 504;
    }

    private static <T> T rethrow(ReadModelException e) {
        throw e;
    }
}
