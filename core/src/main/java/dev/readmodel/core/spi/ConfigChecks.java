package dev.readmodel.core.spi;

import dev.readmodel.core.error.ConfigurationException;

/**
 * The checks that store configs share, with messages that name the backend, the setting and the bad
 * value. Stateless and thread-safe.
 */
public final class ConfigChecks {
    private static final String IDENTIFIER = "[a-z_][a-z0-9_]{0,62}";

    private ConfigChecks() {
    }

    /**
     * Checks that {@code url} is an HTTP(S) endpoint.
     *
     * @param backend the backend, for the message, such as {@code ClickHouse}
     * @throws ConfigurationException when it is null or has another scheme
     */
    public static String httpUrl(String backend, String url) {
        if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
            throw new ConfigurationException("Invalid " + backend + " url [" + url + "]: expected http(s)://host:port");
        }
        return url;
    }

    /**
     * Checks that {@code value} is a lower-case SQL identifier of at most 63 characters, which needs no
     * quoting on any backend.
     *
     * @param setting the setting, for the message, such as {@code schema}
     * @param hint appended to the advice, such as {@code " such as public"}; may be empty
     * @throws ConfigurationException when it is null or not such an identifier
     */
    public static String identifier(String backend, String setting, String value, String hint) {
        if (value == null || !value.matches(IDENTIFIER)) {
            throw new ConfigurationException("Invalid " + backend + " " + setting + " [" + value
                    + "]: use a lower-case identifier" + hint);
        }
        return value;
    }
}
