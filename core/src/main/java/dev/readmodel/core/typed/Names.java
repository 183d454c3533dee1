package dev.readmodel.core.typed;

/** Java names to read-model names. */
final class Names {
    private Names() {
    }

    /**
     * {@code totalAmount} to {@code total_amount}, {@code OrderSummary} to {@code order_summary}, {@code httpURL}
     * to {@code http_url}: an underscore before each upper-case letter that starts a word, then lower case.
     */
    static String snakeCase(String name) {
        StringBuilder out = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c) && i > 0) {
                char before = name.charAt(i - 1);
                boolean nextLower = i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1));
                if (Character.isLowerCase(before) || Character.isDigit(before)
                        || (Character.isUpperCase(before) && nextLower)) {
                    out.append('_');
                }
            }
            out.append(Character.toLowerCase(c));
        }
        return out.toString();
    }
}
