package dev.readmodel.core.internal;

/** Values shown in messages: cut to a readable length, control characters escaped. Thread-safe. */
public final class Texts {
    private static final int SHOWN = 60;

    private Texts() {
    }

    /** A value for a message: at most 60 characters, longer ones cut with their length noted, control characters escaped. */
    public static String shorten(Object value) {
        return shorten(value, SHOWN);
    }

    /** {@link #shorten(Object)} to at most {@code longest} characters. */
    public static String shorten(Object value, int longest) {
        String text = String.valueOf(value);
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < text.length() && i < longest; i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c)
                    ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
                    : Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
            if (c < 0x20 || Character.isSurrogate(c) && !paired) {
                shown.append(String.format("\\u%04X", (int) c));
            } else {
                shown.append(c);
            }
        }
        if (text.length() > longest) {
            shown.append("... (").append(text.length()).append(" characters)");
        }
        return shown.toString();
    }
}
