package dev.readmodel.core.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;

/**
 * The one Jackson configuration readmodel uses for event data and metadata: Java time types as ISO-8601
 * strings, unknown properties ignored when decoding (so old handlers read newer events), big decimals
 * kept exact. Thread-safe.
 */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            // registered after JavaTimeModule, so it takes precedence for Instant
            .addModule(new SimpleModule("readmodel-instants").addDeserializer(Instant.class, new IsoInstantDeserializer()))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private Json() {
    }

    /** The shared mapper. Do not reconfigure it; copy it ({@code mapper().copy()}) to change settings. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Converts any Jackson-serializable value (a record, a map, a node) to a JSON tree. */
    public static JsonNode toTree(Object value) {
        return value instanceof JsonNode node ? node : MAPPER.valueToTree(value);
    }

    /**
     * Parses JSON text into a tree.
     *
     * @throws IllegalArgumentException naming the parse error when the text is not JSON
     */
    public static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Writes a tree or value as compact JSON text. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Value cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
