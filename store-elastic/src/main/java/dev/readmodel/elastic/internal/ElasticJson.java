package dev.readmodel.elastic.internal;

import dev.readmodel.core.model.Document;
import dev.readmodel.core.model.FieldType;
import dev.readmodel.core.model.ReadModel;
import dev.readmodel.core.query.SearchText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Documents as Elasticsearch sources and back, and each field type's mapping. Decimals are kept as
 * exact strings in the source and indexed as doubles (for ranges and sorting); timestamps as ISO-8601
 * strings indexed as dates; text fields also get a {@code raw} keyword subfield for exact filters.
 */
public final class ElasticJson {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ElasticJson() {
    }

    /** The mapping of one field. */
    static ObjectNode mapping(FieldType type) {
        ObjectNode mapping = NODES.objectNode();
        switch (type) {
            case KEYWORD, KEYWORD_LIST -> mapping.put("type", "keyword");
            case TEXT -> {
                mapping.put("type", "text");
                mapping.putObject("fields").putObject("raw").put("type", "keyword").put("ignore_above", 8191);
            }
            case LONG -> mapping.put("type", "long");
            case DOUBLE, DECIMAL -> mapping.put("type", "double");
            case BOOLEAN -> mapping.put("type", "boolean");
            case TIMESTAMP -> mapping.put("type", "date").put("format", "strict_date_optional_time||epoch_millis");
            case DATE -> mapping.put("type", "date").put("format", "strict_date");
            // an Elasticsearch field holds one value or an array of them alike
            case LONG_LIST, DOUBLE_LIST, DECIMAL_LIST, BOOLEAN_LIST, TIMESTAMP_LIST, DATE_LIST -> {
                return mapping(type.elementType());
            }
        }
        return mapping;
    }

    /** The index body: settings, strict mappings of the declared fields. */
    public static ObjectNode indexBody(ReadModel model, boolean bulkLoading, int replicas) {
        ObjectNode body = NODES.objectNode();
        ObjectNode index = body.putObject("settings").putObject("index");
        index.put("number_of_shards", 1).put("number_of_replicas", bulkLoading ? 0 : replicas)
                .put("refresh_interval", bulkLoading ? "-1" : "1s").put("max_result_window", MAX_WINDOW);
        ObjectNode mappings = body.putObject("mappings");
        mappings.put("dynamic", "strict");
        ObjectNode properties = mappings.putObject("properties");
        model.fields().forEach((field, type) -> {
            properties.set(field, mapping(type));
            if (type == FieldType.TEXT) {
                properties.putObject(wordsField(field)).put("type", "text").put("analyzer", "whitespace");
            }
        });
        return body;
    }

    /** Deepest page (offset plus limit) a query may ask for: {@link dev.readmodel.core.query.Query#MAX_WINDOW}. */
    public static final int MAX_WINDOW = dev.readmodel.core.query.Query.MAX_WINDOW;

    /**
     * The field searches run on for text field {@code field}: its words as {@link SearchText#words} finds
     * them, separated by spaces, indexed with the whitespace analyzer. Elasticsearch's standard analyzer
     * keeps {@code O'Brien} and {@code contract_items} whole and splits {@code 中文} into characters, so the
     * same search found other documents than in memory; the analyzers that would split as the library does
     * (pattern) are not in every distribution. Indexes made before this field existed find nothing by
     * text until rebuilt. The {@code #} keeps the name apart from any declared field's.
     */
    static String wordsField(String field) {
        return field + "#words";
    }

    /** The source of a conformed document. */
    public static ObjectNode source(ReadModel model, Document document) {
        ObjectNode source = NODES.objectNode();
        for (Map.Entry<String, Object> field : document.fields().entrySet()) {
            FieldType type = model.typeOf(field.getKey());
            source.set(field.getKey(), value(type, field.getValue()));
            if (type == FieldType.TEXT) {
                source.put(wordsField(field.getKey()), String.join(" ", SearchText.words((String) field.getValue())));
            }
        }
        return source;
    }

    /** A Java value of a field type as the JSON Elasticsearch indexes. */
    static JsonNode value(FieldType type, Object value) {
        return switch (type) {
            case KEYWORD, TEXT -> NODES.textNode((String) value);
            case LONG -> NODES.numberNode((Long) value);
            case DOUBLE -> NODES.numberNode((Double) value);
            case DECIMAL -> NODES.textNode(((BigDecimal) value).toPlainString());
            case BOOLEAN -> NODES.booleanNode((Boolean) value);
            case TIMESTAMP -> NODES.textNode(((Instant) value).toString());
            case DATE -> NODES.textNode(((LocalDate) value).toString());
            case KEYWORD_LIST -> {
                ArrayNode array = NODES.arrayNode();
                ((List<?>) value).forEach(item -> array.add(item.toString()));
                yield array;
            }
            case LONG_LIST, DOUBLE_LIST, DECIMAL_LIST, BOOLEAN_LIST, TIMESTAMP_LIST, DATE_LIST -> {
                ArrayNode array = NODES.arrayNode();
                ((List<?>) value).forEach(item -> array.add(value(type.elementType(), item)));
                yield array;
            }
        };
    }

    /** A filter value as the query JSON wants it: decimals as doubles, times and dates as strings. */
    static JsonNode filterValue(FieldType type, Object value) {
        // as the double the field is indexed as: a big decimal as a JSON integer overflowed to a long in the client
        FieldType element = type.elementType(); // a filter on a list is on one of its items
        return element == FieldType.DECIMAL ? NODES.numberNode(((BigDecimal) value).doubleValue())
                : value(element, value);
    }

    /** A source as a document of the declared fields. */
    public static Document document(ReadModel model, JsonNode source) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, FieldType> field : model.fields().entrySet()) {
            JsonNode node = source.get(field.getKey());
            if (node == null || node.isNull()) {
                continue;
            }
            Object value;
            if (field.getValue() == FieldType.KEYWORD_LIST) {
                List<String> items = new ArrayList<>();
                (node.isArray() ? node : NODES.arrayNode().add(node)).forEach(item -> items.add(item.asText()));
                value = items.isEmpty() ? null : items;
            } else if (field.getValue().isList()) {
                List<Object> items = new ArrayList<>();
                (node.isArray() ? node : NODES.arrayNode().add(node)).forEach(item -> items.add(scalar(item)));
                value = items.isEmpty() ? null : field.getValue().coerce(items);
            } else {
                value = field.getValue().coerce(scalar(node));
            }
            if (value != null) {
                values.put(field.getKey(), value);
            }
        }
        return Document.of(values);
    }

    /** The field to filter or sort on: a text field's keyword subfield, any other field itself. */
    static String exactField(ReadModel model, String field) {
        return model.typeOf(field) == FieldType.TEXT ? field + ".raw" : field;
    }

    /** A JSON scalar of a source as the value its field type coerces. */
    private static Object scalar(JsonNode node) {
        return node.isNumber() ? node.numberValue() : node.isBoolean() ? (Object) node.booleanValue() : node.asText();
    }
}
