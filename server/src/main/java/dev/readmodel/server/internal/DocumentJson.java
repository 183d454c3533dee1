package dev.readmodel.server.internal;

import dev.readmodel.core.model.Document;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.node.POJONode;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * One document as JSON, written field by field as the answer is serialized, without first building a JSON
 * tree of it; the text is the same as that of the tree ({@code valueToTree} of the fields), which the server
 * wrote before and which is kept for documents holding anything else than the types of {@code FieldType}.
 *
 * <p>What the tree did to numbers is done here too, so that answers do not change: decimals lose their
 * trailing zeros ({@code 12.50} is written {@code 12.5}, {@code 0.00} as {@code 0}), and doubles, read as
 * decimals by the library's mapper, are written as those decimals ({@code 1.0} as {@code 1}).
 */
final class DocumentJson extends JsonSerializable.Base {
    private final Document document;

    private DocumentJson(Document document) {
        this.document = document;
    }

    /** {@code document} as a node to put in an answer. */
    static JsonNode node(Document document) {
        for (Object value : document.fields().values()) {
            if (!written(value)) {
                return JsonOut.mapper().valueToTree(document.fields());
            }
        }
        return new POJONode(new DocumentJson(document));
    }

    /** Whether {@link #serialize} writes {@code value} as the tree would. */
    private static boolean written(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long
                || value instanceof Integer || value instanceof BigDecimal || value instanceof Instant
                || value instanceof LocalDate) {
            return true;
        }
        if (value instanceof Double d) {
            return Double.isFinite(d);
        }
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (!(item instanceof String)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public void serialize(JsonGenerator json, SerializerProvider provider) throws IOException {
        json.writeStartObject();
        for (Map.Entry<String, Object> field : document.fields().entrySet()) {
            json.writeFieldName(field.getKey());
            Object value = field.getValue();
            if (value == null) {
                json.writeNull();
            } else if (value instanceof String s) {
                json.writeString(s);
            } else if (value instanceof Long l) {
                json.writeNumber(l);
            } else if (value instanceof Integer n) {
                json.writeNumber(n);
            } else if (value instanceof Boolean b) {
                json.writeBoolean(b);
            } else if (value instanceof BigDecimal d) {
                json.writeNumber(normalized(d));
            } else if (value instanceof Double d) {
                json.writeNumber(normalized(BigDecimal.valueOf(d)));
            } else if (value instanceof List<?> list) {
                json.writeStartArray();
                for (Object item : list) {
                    json.writeString((String) item);
                }
                json.writeEndArray();
            } else {
                // times and dates through the mapper's own serializers, as the tree had them
                provider.defaultSerializeValue(value, json);
            }
        }
        json.writeEndObject();
    }

    /** As the tree holds a decimal: without trailing zeros. */
    private static BigDecimal normalized(BigDecimal value) {
        return value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    }

    @Override
    public void serializeWithType(JsonGenerator json, SerializerProvider provider, TypeSerializer types) throws IOException {
        serialize(json, provider);
    }
}
