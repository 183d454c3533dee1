package dev.readmodel.server;

import java.util.ArrayList;
import java.util.List;

/**
 * A corpus of hostile and extreme strings sent through every parameter of every read endpoint: injection
 * attempts for SQL, ClickHouse, Elasticsearch's query language and templates, path traversal, control
 * characters, NUL, broken UTF-8 and lone surrogates (as percent escapes), huge numbers, and long values.
 */
final class HostileInputs {
    /** Already percent-encoded: bytes that are not valid UTF-8, a lone surrogate, NUL, CR LF. */
    static final List<String> RAW = List.of("%ED%A0%80", "%C0%AF", "%FF%FE", "%00", "%0D%0AX-Injected:%201", "%25",
            "%2F..%2F..%2Fetc%2Fpasswd");
    /** Encoded by the test. */
    static final List<String> TEXT = List.of("' OR '1'='1", "'; DROP TABLE orders; --", "\" OR 1=1 --",
            "1; SELECT * FROM system.tables", "*:*", "{\"query\":{\"match_all\":{}}}", "<script>alert(1)</script>",
            "${jndi:ldap://127.0.0.1/x}", "../../etc/passwd", "\uD83D\uDE80", "a,b,,c", ",", "-", ":", "=", "",
            "1e400", "-1e400", "NaN", "Infinity", "99999999999999999999999999999999999999.9999999", "0.0000001",
            "9223372036854775808", "-0", "2026-13-45T99:99:99Z", "x".repeat(2_000), "field:gte", "\\", "\t\n");
    static final List<String> PARAMS = List.of("order_id", "customer", "status", "total", "items", "note", "placed_at",
            "total:gte", "placed_at:lt", "customer:in", "status:eq", "items:lte", "note:gt", "nope", "nope:in",
            "order", "limit", "offset", "total", "where", "include", "group", "count", "sum", "q", "in", "facet", "highlight",
            "from");

    private HostileInputs() {
    }

    /** Every value through every parameter of every endpoint, and through the path segments. */
    static List<String> urls() {
        List<String> values = new ArrayList<>(RAW);
        TEXT.forEach(t -> values.add(Http.enc(t)));
        List<String> urls = new ArrayList<>();
        for (String value : values) {
            for (String endpoint : List.of("/read-models/orders/documents", "/read-models/orders/aggregate?count=n",
                    "/read-models/orders/search?q=red")) {
                for (String param : PARAMS) {
                    urls.add(endpoint + (endpoint.contains("?") ? "&" : "?") + Http.enc(param) + "=" + value);
                }
            }
            urls.add("/read-models/orders/documents/" + value);
            urls.add("/read-models/orders/documents/" + value + "?include=history");
            urls.add("/read-models/" + value + "/documents");
            urls.add("/read-models/" + value);
            urls.add("/streams/" + value + "/events");
            urls.add("/streams/order-o001/events?from=" + value);
            urls.add("/streams/order-o001/events?limit=" + value);
            urls.add("/read-models/orders/documents?" + value + "=1");
        }
        urls.removeIf(url -> url.contains("//") || url.endsWith("/") || url.contains("/?") || url.contains("/events/"));
        return urls;
    }
}
