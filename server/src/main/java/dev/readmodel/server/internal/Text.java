package dev.readmodel.server.internal;

/** Caller text as it may appear in a problem detail: at most 100 characters, control characters as {@code ?}. */
final class Text {
    private Text() {
    }

    static String shorten(String text) {
        return shorten(text, 100);
    }

    /** {@code text} cut to {@code max} characters, control characters as {@code ?}. */
    static String shorten(String text, int max) {
        if (text == null) {
            return "null";
        }
        String cut = text.length() > max ? text.substring(0, max) + "..." : text;
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) || Character.isSurrogate((char) c) && c < 0x10000 ? '?' : c));
        return out.toString();
    }
}
