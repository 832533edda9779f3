package org.crossview.io;

import java.nio.file.Path;

/** Numbers from a CSV field; an error names the file, the line (1-based) and the column: {@code poses.csv line 3, column "m00": "abc" is not a number}. */
public final class CsvField {
    private CsvField() {}

    public static double number(Path file, int line, String column, String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where(file, line, column) + ": \"" + text + "\" is not a number", e);
        }
    }

    /** An empty field is NaN (a value not given). */
    public static double numberOrNaN(Path file, int line, String column, String text) {
        return text.isBlank() ? Double.NaN : number(file, line, column, text);
    }

    public static int integer(Path file, int line, String column, String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where(file, line, column) + ": \"" + text + "\" is not an integer", e);
        }
    }

    public static String where(Path file, int line, String column) {
        return file + " line " + line + ", column \"" + column + "\"";
    }
}
