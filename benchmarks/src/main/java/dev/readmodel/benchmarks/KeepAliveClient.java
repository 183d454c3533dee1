package dev.readmodel.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A minimal HTTP/1.1 client over one kept-alive connection, for the server benchmark, in the manner of
 * load tools such as wrk: one GET written in one piece, then the status line, the headers and a
 * {@code Content-Length} body read into a buffer the client keeps, so that each answer can be checked.
 * Not thread-safe: one per client thread.
 *
 * <p>Why not the JDK's {@code HttpClient}: it hands every exchange between the caller's thread and its own
 * selector thread through futures and queues, which costs several times the CPU of the exchange itself.
 * The benchmark's clients, the server and PostgreSQL share one small machine, so whatever CPU the load
 * generator burns is taken from the server and lowers the very figure being measured. This client costs
 * one write and usually one read per lookup, and allocates nothing once its buffers have grown.
 *
 * <p>Only what the benchmark needs: GET, answers with {@code Content-Length} (no chunked bodies, which the
 * server does not send for these small answers), no redirects, no TLS.
 */
final class KeepAliveClient implements AutoCloseable {
    private static final byte[] VERSION = " HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(StandardCharsets.US_ASCII);

    private final byte[] headers;
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private byte[] request = new byte[512];
    /** Bytes read from the connection; [next, end) are not consumed yet. */
    private byte[] buffer = new byte[16 * 1024];
    private int next;
    private int end;
    /** The last answer's body: [bodyStart, bodyEnd) of {@link #buffer}. */
    private int bodyStart;
    private int bodyEnd;

    KeepAliveClient(String host, int port) throws IOException {
        this.headers = ("Host: " + host + ":" + port + "\r\nAccept: application/json\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        this.socket = new Socket(host, port);
        socket.setTcpNoDelay(true);
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
    }

    /**
     * Sends a GET of {@code path} (ASCII, already percent-encoded) and reads the whole answer; returns its
     * status. The body can be checked with {@link #bodyContains} until the next call.
     *
     * @throws IOException when the connection fails or the answer is not HTTP/1.1 with a Content-Length
     */
    int get(String path) throws IOException {
        writeRequest(path);
        // nothing is kept between answers: the server answers one request at a time, in order
        next = 0;
        end = 0;
        int lineEnd = lineEnd();
        if (lineEnd - next < 12 || buffer[next + 8] != ' ') {
            throw new IOException("not an HTTP/1.1 status line: "
                    + new String(buffer, next, lineEnd - next, StandardCharsets.ISO_8859_1));
        }
        int status = (buffer[next + 9] - '0') * 100 + (buffer[next + 10] - '0') * 10 + (buffer[next + 11] - '0');
        next = lineEnd + 2;
        long length = -1;
        for (lineEnd = lineEnd(); lineEnd > next; lineEnd = lineEnd()) {
            if (startsWithIgnoringCase(next, lineEnd, CONTENT_LENGTH)) {
                length = number(next + CONTENT_LENGTH.length, lineEnd);
            }
            next = lineEnd + 2;
        }
        next = lineEnd + 2;
        if (length < 0) {
            throw new IOException("answer without Content-Length (HTTP " + status + ")");
        }
        fill(next + (int) length);
        bodyStart = next;
        bodyEnd = next + (int) length;
        return status;
    }

    /** Whether the last answer's body holds {@code needle}. */
    boolean bodyContains(byte[] needle) {
        outer:
        for (int i = bodyStart; i <= bodyEnd - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (buffer[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** The last answer's body as text, for an error message. */
    String body() {
        return new String(buffer, bodyStart, bodyEnd - bodyStart, StandardCharsets.UTF_8);
    }

    private void writeRequest(String path) throws IOException {
        int size = 4 + path.length() + VERSION.length + headers.length;
        if (request.length < size) {
            request = new byte[size * 2];
        }
        request[0] = 'G';
        request[1] = 'E';
        request[2] = 'T';
        request[3] = ' ';
        int at = 4;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                throw new IllegalArgumentException("path must be percent-encoded ASCII: " + path);
            }
            request[at++] = (byte) c;
        }
        System.arraycopy(VERSION, 0, request, at, VERSION.length);
        at += VERSION.length;
        System.arraycopy(headers, 0, request, at, headers.length);
        out.write(request, 0, at + headers.length);
    }

    /** The index of the CR of the line starting at {@link #next}, reading more as needed. */
    private int lineEnd() throws IOException {
        for (int i = next; ; i++) {
            if (i + 1 >= end) {
                fill(i + 2);
            }
            if (buffer[i] == '\r' && buffer[i + 1] == '\n') {
                return i;
            }
        }
    }

    /** Reads until {@link #buffer} holds at least {@code upTo} bytes. */
    private void fill(int upTo) throws IOException {
        if (upTo > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(upTo, buffer.length * 2));
        }
        while (end < upTo) {
            int n = in.read(buffer, end, buffer.length - end);
            if (n < 0) {
                throw new IOException("connection closed by the server");
            }
            end += n;
        }
    }

    private boolean startsWithIgnoringCase(int from, int to, byte[] prefix) {
        if (to - from < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (Character.toLowerCase(buffer[from + i]) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private long number(int from, int to) throws IOException {
        long value = 0;
        int digits = 0;
        for (int i = from; i < to; i++) {
            byte b = buffer[i];
            if (b >= '0' && b <= '9') {
                value = value * 10 + (b - '0');
                digits++;
            } else if (b != ' ' && b != '\t') {
                throw new IOException("bad Content-Length: " + new String(buffer, from, to - from, StandardCharsets.ISO_8859_1));
            }
        }
        if (digits == 0 || digits > 9) {
            throw new IOException("bad Content-Length: " + new String(buffer, from, to - from, StandardCharsets.ISO_8859_1));
        }
        return value;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
