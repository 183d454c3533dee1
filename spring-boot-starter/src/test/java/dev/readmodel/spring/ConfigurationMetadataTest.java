package dev.readmodel.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The metadata IDEs complete readmodel.* from is generated, with descriptions and defaults. */
class ConfigurationMetadataTest {
    @Test
    void everySettingIsDescribedAndTheEngineDefaultsAreThere() throws IOException {
        JsonNode metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("META-INF/spring-configuration-metadata.json").isNotNull();
            metadata = new ObjectMapper().readTree(in);
        }
        List<String> names = new ArrayList<>();
        for (JsonNode property : metadata.get("properties")) {
            names.add(property.get("name").asText());
            assertThat(property.path("description").asText()).as(property.get("name").asText()).isNotBlank();
            if (property.get("name").asText().equals("readmodel.engine.batch-size")) {
                assertThat(property.get("defaultValue").asInt()).isEqualTo(500);
            }
        }
        assertThat(names).contains("readmodel.engine.batch-size", "readmodel.engine.stop-timeout",
                "readmodel.default-mode", "readmodel.projections", "readmodel.postgres.schema",
                "readmodel.clickhouse.url", "readmodel.elastic.url", "readmodel.health.max-lag", "readmodel.lock.enabled");
        List<String> hinted = new ArrayList<>();
        metadata.get("hints").forEach(hint -> hinted.add(hint.get("name").asText()));
        assertThat(hinted).contains("readmodel.projections.values.mode", "readmodel.projections.values.store");
    }
}
