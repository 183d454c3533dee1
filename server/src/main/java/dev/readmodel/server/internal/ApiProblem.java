package dev.readmodel.server.internal;

import java.util.Map;

/**
 * A caller's mistake or a refusal, answered as an RFC 9457 problem: the status, a stable type slug (the
 * type URI is {@link Problems#TYPE_BASE} plus the slug), a title per type and a detail naming what was wrong.
 */
public final class ApiProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String type;
    private final String title;
    private final transient Map<String, String> headers;

    /** A problem without extra headers. */
    public ApiProblem(int status, String type, String title, String detail) {
        this(status, type, title, detail, Map.of());
    }

    /** A problem whose response carries {@code headers} (such as {@code Retry-After}). */
    public ApiProblem(int status, String type, String title, String detail, Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.headers = Map.copyOf(headers);
    }

    /** A 400 for a query parameter or body that does not fit. */
    public static ApiProblem badParameter(String detail) {
        return new ApiProblem(400, "invalid-parameter", "Invalid parameter", detail);
    }

    /** A 404 for something that is not there (or is not served). */
    public static ApiProblem notFound(String type, String title, String detail) {
        return new ApiProblem(404, type, title, detail);
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The type slug, such as {@code invalid-query}. */
    public String type() {
        return type;
    }

    /** The title shared by every problem of this type. */
    public String title() {
        return title;
    }

    /** Headers the response must carry. */
    public Map<String, String> headers() {
        return headers;
    }
}
