package dev.readmodel.server.internal;

/** Caller text as it may appear in a problem detail: at most 100 characters, control characters as {@code ?}. */
final class Text {
    private Text() {
    }

    static String shorten(String text) {
        if (text == null) {
            return "null";
        }
        String cut = text.length() > 100 ? text.substring(0, 100) + "..." : text;
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) || Character.isSurrogate((char) c) && c < 0x10000 ? '?' : c));
        return out.toString();
    }
}
