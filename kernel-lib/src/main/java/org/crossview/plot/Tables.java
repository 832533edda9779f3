package org.crossview.plot;

import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/** Tablesaw tables printed for people: numbers to a few significant digits instead of seventeen. */
public final class Tables {
    private Tables() {}

    /** Sets every double column of {@code t} to print with {@code digits} significant digits; returns {@code t}. */
    public static Table significant(Table t, int digits) {
        if (digits < 1 || digits > 17) throw new IllegalArgumentException("digits: must be in 1..17, got " + digits);
        for (Column<?> c : t.columns()) {
            if (c instanceof DoubleColumn d) d.setPrintFormatter(new NumberColumnFormatter(new Significant(digits)));
        }
        return t;
    }

    /**
     * A number with {@code digits} significant digits: fixed notation from 0.001 to 10⁶ (whole numbers keep all their
     * integer digits), scientific notation outside that range.
     */
    public static String significant(double x, int digits) {
        if (!Double.isFinite(x)) return Double.isNaN(x) ? "NaN" : (x > 0 ? "∞" : "−∞");
        if (x == 0) return "0";
        double a = Math.abs(x);
        if (a >= 1e-3 && a < 1e6) {
            int decimals = Math.max(0, digits - 1 - (int) Math.floor(Math.log10(a)));
            return String.format(Locale.ROOT, "%." + decimals + "f", x);
        }
        return String.format(Locale.ROOT, "%." + (digits - 1) + "e", x);
    }

    /** A NumberFormat for Tablesaw's formatter (format only; parsing is not needed for printing). */
    private static final class Significant extends NumberFormat {
        private final int digits;

        Significant(int digits) {
            this.digits = digits;
        }

        @Override
        public StringBuffer format(double number, StringBuffer toAppendTo, FieldPosition pos) {
            return toAppendTo.append(significant(number, digits));
        }

        @Override
        public StringBuffer format(long number, StringBuffer toAppendTo, FieldPosition pos) {
            return toAppendTo.append(number);
        }

        @Override
        public Number parse(String source, ParsePosition parsePosition) {
            throw new UnsupportedOperationException("Tables: formats for printing only");
        }
    }
}
