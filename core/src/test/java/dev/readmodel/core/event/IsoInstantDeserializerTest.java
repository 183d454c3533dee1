package dev.readmodel.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readmodel.core.error.EventDecodingException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IsoInstantDeserializerTest {
    record Stamped(Instant at) {
    }

    @Test
    void agreesWithInstantParseOnRandomInstantsOfEveryPrecision() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 250_000_000_000L),
                    random.nextInt(1_000_000_000));
            Instant truncated = switch (i % 4) {
                case 0 -> instant.truncatedTo(ChronoUnit.SECONDS);
                case 1 -> instant.truncatedTo(ChronoUnit.MILLIS);
                case 2 -> instant.truncatedTo(ChronoUnit.MICROS);
                default -> instant;
            };
            String text = truncated.toString();
            assertThat(IsoInstantDeserializer.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
        assertThat(IsoInstantDeserializer.parse("2024-02-29T23:59:59.5Z")).isEqualTo(Instant.parse("2024-02-29T23:59:59.5Z"));
    }

    @Test
    void leavesOtherFormsToJackson() {
        assertThat(IsoInstantDeserializer.parse("2024-03-01T12:00:00+01:00")).isNull();
        assertThat(IsoInstantDeserializer.parse("2023-02-29T00:00:00Z")).isNull();
        assertThat(IsoInstantDeserializer.parse("2024-03-01 12:00:00Z")).isNull();
        assertThat(IsoInstantDeserializer.parse("2024-03-01T24:00:00Z")).isNull();
        assertThat(IsoInstantDeserializer.parse("2024-03-01T12:00:00.Z")).isNull();
        assertThat(IsoInstantDeserializer.parse("2024-03-01T12:00:00.1234567890Z")).isNull();

        EventEnvelope offset = event("{\"at\":\"2024-03-01T12:00:00+01:00\"}");
        assertThat(offset.decode(Stamped.class).at()).isEqualTo(Instant.parse("2024-03-01T11:00:00Z"));
        assertThat(event("{\"at\":1709294400}").decode(Stamped.class).at()).isEqualTo(Instant.parse("2024-03-01T12:00:00Z"));
        assertThatThrownBy(() -> event("{\"at\":\"2023-02-29T00:00:00Z\"}").decode(Stamped.class))
                .isInstanceOf(EventDecodingException.class).hasMessageContaining("[7]");
    }

    private static EventEnvelope event(String json) {
        return new EventEnvelope(7, "s-1", 1, "stamped", java.util.UUID.randomUUID(), Instant.EPOCH, Json.parse(json), null);
    }
}
