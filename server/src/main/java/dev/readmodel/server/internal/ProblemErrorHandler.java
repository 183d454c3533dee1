package dev.readmodel.server.internal;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own errors (a request line or headers too large, a URI it cannot decode) as problem bodies
 * too, never an HTML page or a stack trace.
 */
public final class ProblemErrorHandler extends ErrorHandler {
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        ApiProblem problem = Problems.fromStatus(code, message);
        response.setStatus(problem.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/problem+json");
        problem.headers().forEach((k, v) -> response.getHeaders().put(k, v));
        response.write(true, ByteBuffer.wrap(Problems.body(problem, null)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        ApiProblem problem = Problems.fromStatus(status, reason);
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/problem+json"));
        return ByteBuffer.wrap(Problems.body(problem, null));
    }
}
