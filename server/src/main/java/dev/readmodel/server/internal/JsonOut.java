package dev.readmodel.server.internal;

import dev.readmodel.core.event.Json;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The JSON the server writes: the library's mapper, with decimals written plainly (never {@code 1E+3}). */
public final class JsonOut {
    private static final ObjectMapper MAPPER = Json.mapper().copy()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private JsonOut() {
    }

    /** The mapper; thread-safe, do not reconfigure. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** {@code value} as UTF-8 JSON. */
    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write an answer as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
