package dev.readmodel.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** 'serve' in memory: it prints the URLs to try, and they answer. */
class ServeCommandTest {
    @Test
    void servesTheExamplesAndPrintsUrlsThatAnswer() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
            picocli.CommandLine cli = App.commandLine();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            return cli.execute("serve", "--events", "5000", "--port", "0", "--seconds", "20", "--postgres-url=",
                    "--clickhouse-url=", "--elastic-url=", "--operations-token=");
        });
        String base = null;
        for (int i = 0; i < 600 && base == null; i++) {
            Matcher m = Pattern.compile("query server at (http://\\S+)").matcher(out.toString());
            base = m.find() ? m.group(1) : null;
            if (base == null) {
                Thread.sleep(50);
            }
        }
        assertThat(base).as(err.toString()).isNotNull();
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> documents = client.send(HttpRequest.newBuilder(URI.create(base
                + "/read-models/order_summaries/documents?status=completed&order=-total_amount&limit=2&total=true")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(documents.statusCode()).isEqualTo(200);
        assertThat(documents.body()).contains("\"total\":").contains("\"order_id\"");
        HttpResponse<String> problem = client.send(HttpRequest.newBuilder(URI.create(base
                + "/read-models/order_summaries/documents?total_amount:gt=lots")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(problem.statusCode()).isEqualTo(400);
        assertThat(problem.body()).contains("https://readmodel.dev/problems/invalid-query");
        assertThat(out.toString()).contains("/openapi.json", "include=history", "operations are off", base + "/dashboard");
        assertThat(exit.get(90, TimeUnit.SECONDS)).isZero();
    }
}
