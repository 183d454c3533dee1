package dev.readmodel.server.internal;

import dev.readmodel.core.error.UnknownProjectionException;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.ReadModel;
import io.javalin.http.Context;
import java.nio.ByteBuffer;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The plainest by-id read, {@code GET <base>/read-models/{model}/documents/{id}} with nothing but the path,
 * answered in front of the servlet layer: on a small machine, Jetty's servlet machinery, Javalin's context and
 * its route matching cost a by-id lookup more CPU than the lookup's own query. Every other request, and every
 * by-id read this does not answer 200, goes on to the Javalin routes unchanged, which answer it by the same
 * rules as ever; a read that failed in the store is not run again there, its failure is answered
 * ({@link #rethrowFailure}).
 *
 * <p>Only what no rule but the concurrency bound applies to is answered here: a GET without a query string,
 * body, {@code Origin} or {@value MinPosition#HEADER} header, on a server whose reads are open, of a served
 * read model and an id of unreserved URL characters only (nothing to decode), that finds its document. The
 * concurrency bound is the routes' own ({@link Api#enter}); the query ({@link ReadRoutes#byId}), the JSON
 * ({@link Views#document}) and the {@value MinPosition#POSITION_HEADER} ({@link MinPosition#answered}) are
 * the by-id route's. Thread-safe.
 */
public final class ByIdShortcut extends Handler.Wrapper {
    private static final String MODELS = "/read-models/";
    private static final String DOCUMENTS = "/documents/";
    /** The request attribute holding the store's failure of a read this tried, for the route to answer. */
    static final String FAILURE = ByIdShortcut.class.getName() + ".failure";

    private final Api api;
    private final String prefix;
    private final MinPosition positions;

    /** The shortcut for {@code api}'s server under {@code base}; Javalin puts its servlet context inside. */
    public ByIdShortcut(Api api, String base) {
        this.api = api;
        this.prefix = base + MODELS;
        this.positions = new MinPosition(api);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        return answered(request, response, callback) || super.handle(request, response, callback);
    }

    private boolean answered(Request request, Response response, Callback callback) {
        HttpURI uri = request.getHttpURI();
        if (!"GET".equals(request.getMethod()) || uri.getQuery() != null || uri.hasViolations() || !api.readsOpen()) {
            return false;
        }
        String path = uri.getPath();
        if (path == null || !path.startsWith(prefix)) {
            return false;
        }
        int modelEnd = path.indexOf('/', prefix.length());
        if (modelEnd < 0 || !path.startsWith(DOCUMENTS, modelEnd)) {
            return false;
        }
        int idStart = modelEnd + DOCUMENTS.length();
        String name = path.substring(prefix.length(), modelEnd);
        String id = path.substring(idStart);
        if (!plain(name) || !plain(id) || hasMore(request)) {
            return false;
        }
        ReadModel model = served(name);
        if (model == null || !api.enter()) {
            return false; // the routes answer 404 or 503 as they always do
        }
        try {
            List<Document> found = ReadRoutes.byId(api, model, id);
            if (found.isEmpty()) {
                return false;
            }
            byte[] body = JsonOut.bytes(Views.document(found.get(0)));
            String position = Long.toString(positions.answered(api.projectionOf(model), 0));
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.getHeaders().put(MinPosition.POSITION_HEADER, position);
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            response.write(true, ByteBuffer.wrap(body), callback);
            return true;
        } catch (RuntimeException e) {
            // a store failure: the route answers it as a problem, as always, without reading a second time
            request.setAttribute(FAILURE, e);
            return false;
        } finally {
            api.leave();
        }
    }

    /** Throws the store failure of {@code request}'s read when this tried it, so that it is answered, not retried. */
    static void rethrowFailure(Context ctx) {
        if (ctx.attribute(FAILURE) instanceof RuntimeException failure) {
            throw failure;
        }
    }

    /** Whether the request carries what a rule of the routes would look at: a body, CORS, a minimum position. */
    private static boolean hasMore(Request request) {
        var headers = request.getHeaders();
        return headers.contains(HttpHeader.ORIGIN) || headers.contains(MinPosition.HEADER)
                || headers.contains(HttpHeader.TRANSFER_ENCODING) || headers.getLongField(HttpHeader.CONTENT_LENGTH) > 0;
    }

    private ReadModel served(String name) {
        if (!api.config.serves(name)) {
            return null;
        }
        try {
            return api.engine.readModel(name);
        } catch (UnknownProjectionException e) {
            return null;
        }
    }

    /** A non-empty path segment of unreserved characters only (RFC 3986), so one that decodes to itself. */
    static boolean plain(String segment) {
        if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
            return false;
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~';
            if (!unreserved) {
                return false;
            }
        }
        return true;
    }
}
