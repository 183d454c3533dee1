package dev.readmodel.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readmodel.core.engine.ProjectionEngine;
import dev.readmodel.core.memory.InMemoryEventStore;
import dev.readmodel.core.status.ProjectionState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
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
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operations dashboard in a real headless Chromium: the operator enters the token, rebuilds from the page and
 * watches the progress bar move to 100%, cancels another rebuild, sees where and why a projection faulted, pauses
 * and resumes, lists and replays dead letters, and the page reconnects by itself when the feed drops. The engine
 * is {@link DashboardEngine}'s, on the in-memory store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserIT {
    private static final String TOKEN = "dashboard-operations-token-0123456789";
    private static final int TICKS = DashboardEngine.TICKS;

    private ProjectionEngine engine;
    private QueryServer server;
    private HeadlessChromium chromium;
    private WebDriver browser;

    @BeforeAll
    void start() throws IOException, InterruptedException {
        chromium = HeadlessChromium.start();
        browser = chromium.driver();
        InMemoryEventStore events = new InMemoryEventStore();
        engine = DashboardEngine.start(events);
        server = QueryServer.start(engine, events, config(0));
    }

    private static QueryServerConfig config(int port) {
        return QueryServerConfig.builder().port(port).basePath("/api").serveAll().operationsToken(TOKEN)
                .feedIntervals(Duration.ofSeconds(15), Duration.ofMillis(50)).build();
    }

    @AfterAll
    void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (server != null) {
            server.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    private WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        wait.pollingEvery(Duration.ofMillis(20));
        wait.withMessage(() -> "the page says [" + text(By.id("message")) + "], its feed [" + text(By.id("connection")) + "]");
        return wait;
    }

    /** Opens the page of {@code at}, enters the token and waits for the live feed. */
    private void open(QueryServer at) {
        browser.get(at.url() + "/dashboard");
        browser.findElement(By.id("forget")).click(); // another test may have left a token in this session
        assertThat(text(By.id("connection"))).contains("enter the operations token");
        assertThat(browser.findElements(By.cssSelector("article.projection"))).isEmpty();
        browser.findElement(By.id("token")).sendKeys(TOKEN);
        browser.findElement(By.id("connect")).click();
        waiting().until(d -> text(By.id("connection")).startsWith("Live"));
        assertThat(browser.getCurrentUrl()).doesNotContain(TOKEN);
    }

    private String text(By by) {
        return browser.findElement(by).getText();
    }

    private WebElement card(String projection) {
        return waiting().until(d -> d.findElements(By.cssSelector("article.projection")).stream()
                .filter(e -> projection.equals(e.getDomAttribute("data-projection"))).findFirst().orElse(null));
    }

    private void click(WebElement card, String action) {
        card.findElement(By.cssSelector("button[data-action=" + action + "]")).click();
    }

    private void awaitState(WebElement card, String state) {
        waiting().until(d -> card.findElement(By.cssSelector(".state")).getText().equals(state));
    }

    @Test
    void operatorRebuildsFromThePageAndSeesTheFault() throws IOException {
        open(server);
        WebElement faulty = card("faulty");
        awaitState(faulty, "FAULTED");
        assertThat(faulty.findElement(By.cssSelector(".error")).getText()).contains("Faulted at position " + (TICKS + 1))
                .contains("(poison, permanent,").contains("poison <b>event</b> refused"); // as text, not as markup
        assertThat(browser.findElements(By.cssSelector(".error b"))).isEmpty();

        WebElement tallies = card("tallies");
        waiting().until(d -> tallies.findElement(By.cssSelector(".checkpoint")).getText().equals(String.valueOf(TICKS + 1)));
        click(tallies, "rebuild-truncate");
        WebElement percent = tallies.findElement(By.cssSelector(".rebuild-percent"));
        Set<Integer> seen = new LinkedHashSet<>();
        waiting().until(d -> {
            String text = percent.getText();
            if (text.endsWith("%")) {
                seen.add(Integer.parseInt(text.substring(0, text.length() - 1)));
            }
            return seen.contains(100);
        });
        List<Integer> below = seen.stream().filter(p -> p < 100).toList();
        assertThat(below).as("progress seen before 100%%: %s", seen).hasSizeGreaterThanOrEqualTo(2).isSorted();
        assertThat(tallies.findElement(By.cssSelector("progress")).getDomProperty("value")).isEqualTo("100");
        assertThat(tallies.findElement(By.cssSelector(".rebuild-text")).getText()).contains("finished")
                .contains(TICKS + " events");
        assertThat(engine.status("tallies").rebuild()).isEmpty();
        assertThat(engine.status("tallies").checkpoint()).isEqualTo(TICKS + 1);
        assertThat(text(By.id("activity"))).contains("tallies replaced");
        String points = tallies.findElement(By.cssSelector("svg.spark polyline")).getDomAttribute("points");
        assertThat(points.split(" ")).as("sparkline points").hasSizeGreaterThan(2);

        Path shot = Path.of("target", "dashboard.png");
        Files.createDirectories(shot.getParent());
        Files.write(shot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        assertThat(Files.size(shot)).isGreaterThan(10_000);
        // -Dreadmodel.dashboard.docs=true refreshes the README's picture; CI leaves the checkout as it is
        Path docs = Path.of("..", "docs");
        if (Boolean.getBoolean("readmodel.dashboard.docs") && Files.isDirectory(docs)) {
            Files.copy(shot, docs.resolve("dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void operatorCancelsARebuild() {
        open(server);
        WebElement drafts = card("drafts");
        click(drafts, "rebuild-truncate");
        WebElement percent = drafts.findElement(By.cssSelector(".rebuild-percent"));
        waiting().until(d -> percent.getText().matches("([1-9]|[1-8][0-9])%"));
        click(drafts, "cancel");
        waiting().until(d -> drafts.findElement(By.cssSelector(".rebuild-text")).getText().contains("interrupted"));
        assertThat(engine.status("drafts").rebuild()).hasValueSatisfying(m -> assertThat(m.running()).isFalse());
        assertThat(drafts.findElement(By.cssSelector("button[data-action=cancel]")).isEnabled()).isFalse();
        // the live loop replays the rest of the emptied read models, then the marker goes and the page says how it ended
        waiting().until(d -> drafts.findElement(By.cssSelector(".rebuild-text")).getText().contains("truncate rebuild cancelled"));
        assertThat(engine.status("drafts").checkpoint()).isEqualTo(TICKS + 1);
    }

    @Test
    void operatorPausesResumesAndReplaysDeadLetters() {
        open(server);
        WebElement parking = card("parking");
        click(parking, "pause");
        awaitState(parking, "PAUSED");
        assertThat(engine.status("parking").state()).isEqualTo(ProjectionState.PAUSED);
        click(parking, "resume");
        awaitState(parking, "LIVE");

        click(parking, "dead-letters");
        WebElement letters = parking.findElement(By.cssSelector(".dead-letters"));
        waiting().until(d -> letters.getText().contains("1 dead letter(s)"));
        assertThat(letters.findElement(By.cssSelector("tbody")).getText()).contains(String.valueOf(TICKS + 1))
                .contains("poison-1").contains("poison <b>event</b> refused");
        DashboardEngine.PARKING_FIXED.set(true);
        click(parking, "replay");
        waiting().until(d -> text(By.id("message")).contains("Replayed 1 dead letter(s) of projection parking; 0 still failing"));
        waiting().until(d -> letters.getText().contains("0 dead letter(s)"));
        assertThat(engine.deadLetters("parking")).isEmpty();
    }

    @Test
    void pageReconnectsWhenTheFeedDrops() {
        QueryServer first = QueryServer.start(engine, config(0));
        int port = first.port();
        try {
            open(first);
            card("tallies");
        } finally {
            first.close();
        }
        waiting().until(d -> text(By.id("connection")).startsWith("Disconnected"));
        try (QueryServer second = QueryServer.start(engine, config(port))) {
            waiting().until(d -> text(By.id("connection")).startsWith("Live"));
            engine.pause("tallies");
            try {
                awaitState(card("tallies"), "PAUSED"); // a status the page got after it reconnected
            } finally {
                engine.resume("tallies");
            }
            awaitState(card("tallies"), "LIVE");
        }
    }

    @Test
    void pageAndAssetsCarryThePolicyAndTheFeedRefusesAWrongToken() {
        Map<String, String> expected = Map.of("/dashboard", "text/html", "/dashboard/dashboard.js", "text/javascript",
                "/dashboard/card.js", "text/javascript", "/dashboard/feed.js", "text/javascript",
                "/dashboard/http.js", "text/javascript", "/dashboard/dashboard.css", "text/css");
        Http http = new Http(server);
        for (Map.Entry<String, String> e : expected.entrySet()) {
            Http.Answer answer = http.get(e.getKey());
            assertThat(answer.status()).as(e.getKey()).isEqualTo(200);
            assertThat(answer.contentType()).startsWith(e.getValue());
            assertThat(answer.header("Content-Security-Policy")).contains("script-src 'self'").contains("default-src 'none'")
                    .doesNotContain("unsafe-inline");
        }
        assertThat(http.get("/dashboard").response().body()).contains("type=\"module\" src=\"/api/dashboard/dashboard.js\"")
                .doesNotContain("{{base}}").doesNotContain("<script>");
        Http.Answer unknown = http.get("/dashboard/secrets.js");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).isEqualTo("application/problem+json");

        browser.get(server.url() + "/dashboard");
        browser.findElement(By.id("forget")).click();
        browser.findElement(By.id("token")).sendKeys("not-the-token");
        browser.findElement(By.id("connect")).click();
        waiting().until(d -> text(By.id("connection")).startsWith("Refused"));
        assertThat(text(By.id("connection"))).contains("not valid");
    }
}
