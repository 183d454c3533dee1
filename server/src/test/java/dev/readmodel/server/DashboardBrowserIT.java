package dev.readmodel.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.engine.EngineConfig;
import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.event.ExpectedVersion;
import dev.readmodel.core.event.NewEvent;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.memory.InMemoryReadModelStore;
import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.projection.FailurePolicy;
import dev.readmodel.core.projection.Projection;
import dev.readmodel.core.projection.ProjectionMode;
import dev.readmodel.core.status.ProjectionState;
import dev.readmodel.testkit.internal.RealServer;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operations dashboard in a real headless Chromium, driven through the system's chromedriver: the operator
 * enters the token, starts a rebuild from the page and watches its progress bar move to 100%, and sees the
 * position and cause a faulted projection stopped at. The engine runs on the in-memory store, with a handler that
 * sleeps a little per event so that the rebuild lasts a few seconds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserIT {
    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    private static final String TOKEN = "dashboard-operations-token-0123456789";
    private static final ReadModel TALLIES = ReadModel.named("tallies").key("id").field("count", FieldType.LONG).build();
    private static final ReadModel FAULTY = ReadModel.named("faulty_counts").key("id").field("count", FieldType.LONG).build();
    private static final int TICKS = 400;

    record Tick(String id) {
    }

    private ProjectionEngine engine;
    private QueryServer server;
    private ChromeDriver browser;
    private Path profile;

    @BeforeAll
    void start() throws IOException, InterruptedException {
        if (!CHROMIUM.canExecute() || !CHROMEDRIVER.canExecute()) {
            RealServer.unavailable("No browser for the dashboard test: " + CHROMIUM + " and " + CHROMEDRIVER
                    + " must exist; install them with scripts/browser.sh");
        }
        InMemoryEventStore events = new InMemoryEventStore();
        for (int i = 0; i < TICKS; i++) {
            events.append("tick-" + (i % 20), ExpectedVersion.ANY, List.of(NewEvent.of("tick", new Tick("t" + (i % 20)))));
        }
        events.append("poison-1", ExpectedVersion.ANY, List.of(NewEvent.of("poison", new Tick("p"))));
        InMemoryReadModelStore store = new InMemoryReadModelStore();
        engine = ProjectionEngine.builder(events)
                .config(EngineConfig.DEFAULT.withPollInterval(Duration.ofMillis(20)).withBatchSize(20).withRebuildBatchSize(20))
                .register(slow(), store, ProjectionMode.PERSISTENT)
                .register(faulty(), store, ProjectionMode.PERSISTENT)
                .build();
        engine.start();
        assertThat(engine.awaitPosition("tallies", TICKS + 1, Duration.ofMinutes(1))).isTrue();
        awaitFaulted();
        server = QueryServer.start(engine, events, QueryServerConfig.builder().port(0).basePath("/api")
                .serveAll().operationsToken(TOKEN).feedIntervals(Duration.ofSeconds(15), Duration.ofMillis(50)).build());
        profile = Files.createTempDirectory("readmodel-dashboard-chromium");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.getPath()).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1400,1000",
                "--user-data-dir=" + profile);
        browser = new ChromeDriver(service, options);
    }

    /** Counts ticks, sleeping a little on each so that a rebuild of the history takes a few seconds. */
    private static Projection slow() {
        return Projection.named("tallies").readModel(TALLIES)
                .on("tick", Tick.class, TALLIES, Tick::id, (d, e) -> {
                    sleep(8);
                    return d == null ? Document.of("count", 1L) : d.plus("count", 1);
                })
                .build();
    }

    /** Faults on the poison event: its handler refuses it, and the policy allows no retry. */
    private static Projection faulty() {
        return Projection.named("faulty").readModel(FAULTY).onFailure(FailurePolicy.fail(0))
                .on("tick", Tick.class, FAULTY, Tick::id, (d, e) -> d == null ? Document.of("count", 1L) : d.plus("count", 1))
                .on("poison", Tick.class, FAULTY, Tick::id, (d, e) -> {
                    throw new IllegalStateException("poison <b>event</b> refused");
                })
                .build();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitFaulted() {
        long until = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (engine.status("faulty").state() != ProjectionState.FAULTED) {
            assertThat(System.nanoTime()).as("projection [faulty] faults on the poison event").isLessThan(until);
            sleep(20);
        }
    }

    @AfterAll
    void stop() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
        if (engine != null) {
            engine.close();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
    }

    private WebDriverWait waiting(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(browser, timeout);
        wait.pollingEvery(Duration.ofMillis(20));
        return wait;
    }

    private WebElement card(String projection) {
        return waiting(Duration.ofSeconds(30)).until(d -> d.findElements(By.cssSelector("article.projection")).stream()
                .filter(e -> e.getDomAttribute("data-projection").equals(projection)).findFirst().orElse(null));
    }

    @Test
    void operatorRebuildsFromThePageAndSeesTheFault() throws IOException {
        browser.get(server.url() + "/dashboard");
        browser.findElement(By.id("forget")).click(); // the other test may have left a token in this session
        assertThat(browser.findElement(By.id("connection")).getText()).contains("enter the operations token");
        assertThat(browser.findElements(By.cssSelector("article.projection"))).isEmpty();
        browser.findElement(By.id("token")).sendKeys(TOKEN);
        browser.findElement(By.id("connect")).click();
        waiting(Duration.ofSeconds(30)).until(d -> d.findElement(By.id("connection")).getText().startsWith("Live"));
        assertThat(browser.getCurrentUrl()).doesNotContain(TOKEN);

        WebElement faulty = card("faulty");
        waiting(Duration.ofSeconds(30)).until(d -> faulty.findElement(By.cssSelector(".state")).getText().equals("FAULTED"));
        String error = faulty.findElement(By.cssSelector(".error")).getText();
        assertThat(error).contains("Faulted at position " + (TICKS + 1)).contains("poison")
                .contains("poison <b>event</b> refused"); // as text: the markup in the cause is not rendered

        WebElement tallies = card("tallies");
        waiting(Duration.ofSeconds(30)).until(d -> tallies.findElement(By.cssSelector(".checkpoint")).getText()
                .equals(String.valueOf(TICKS + 1)));
        tallies.findElement(By.cssSelector("button[data-action=rebuild-truncate]")).click();
        WebElement percent = tallies.findElement(By.cssSelector(".rebuild-percent"));
        Set<Integer> seen = new LinkedHashSet<>();
        waiting(Duration.ofSeconds(60)).until(d -> {
            String text = percent.getText();
            if (text.endsWith("%")) {
                seen.add(Integer.parseInt(text.substring(0, text.length() - 1)));
            }
            return seen.contains(100);
        });
        List<Integer> below = new ArrayList<>(seen.stream().filter(p -> p < 100).toList());
        assertThat(below).as("progress values seen before 100%%: %s", seen).hasSizeGreaterThanOrEqualTo(2);
        assertThat(below).isSorted();
        assertThat(tallies.findElement(By.cssSelector("progress")).getDomProperty("value")).isEqualTo("100");
        assertThat(tallies.findElement(By.cssSelector(".rebuild-text")).getText()).contains("finished")
                .contains(TICKS + " events");
        assertThat(engine.status("tallies").rebuild()).isEmpty();
        assertThat(engine.status("tallies").checkpoint()).isEqualTo(TICKS + 1);
        assertThat(browser.findElement(By.id("activity")).getText()).contains("tallies replaced");

        Path shot = Path.of("target", "dashboard.png");
        Files.createDirectories(shot.getParent());
        Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
        assertThat(Files.size(shot)).isGreaterThan(10_000);
        Path docs = Path.of("..", "docs");
        if (Files.isDirectory(docs)) {
            Files.copy(shot, docs.resolve("dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void pageAndAssetsCarryThePolicyAndTheFeedRefusesAWrongToken() {
        Map<String, String> expected = Map.of("/dashboard", "text/html", "/dashboard/dashboard.js", "text/javascript",
                "/dashboard/dashboard.css", "text/css");
        Http http = new Http(server);
        for (Map.Entry<String, String> e : expected.entrySet()) {
            Http.Answer answer = http.get(e.getKey());
            assertThat(answer.status()).as(e.getKey()).isEqualTo(200);
            assertThat(answer.contentType()).startsWith(e.getValue());
            assertThat(answer.header("Content-Security-Policy")).contains("script-src 'self'").contains("default-src 'none'")
                    .doesNotContain("unsafe-inline");
        }
        assertThat(http.get("/dashboard").response().body()).contains("src=\"/api/dashboard/dashboard.js\"")
                .doesNotContain("{{base}}").doesNotContain("<script>");
        Http.Answer unknown = http.get("/dashboard/secrets.js");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).isEqualTo("application/problem+json");

        browser.get(server.url() + "/dashboard");
        browser.findElement(By.id("forget")).click();
        browser.findElement(By.id("token")).sendKeys("not-the-token");
        browser.findElement(By.id("connect")).click();
        waiting(Duration.ofSeconds(30)).until(d -> d.findElement(By.id("connection")).getText().startsWith("Refused"));
        assertThat(browser.findElement(By.id("connection")).getText()).contains("not valid");
    }
}
