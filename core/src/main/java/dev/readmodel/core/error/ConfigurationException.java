package dev.readmodel.core.error;

/**
 * A setting, a projection definition or a read-model declaration is invalid. Thrown at once, when the
 * value is given, with the setting's name and the bad value in the message; nothing falls back to a
 * default quietly.
 */
public final class ConfigurationException extends PermanentException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that names the setting and the bad value. */
    public ConfigurationException(String message) {
        super(message);
    }

    /** Creates the exception with such a message and the failure that showed the setting is wrong. */
    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
