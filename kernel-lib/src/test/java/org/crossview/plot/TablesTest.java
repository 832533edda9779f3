package org.crossview.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;
import org.junit.jupiter.api.Test;

class TablesTest {
    @Test
    void significantDigits() {
        assertEquals("3.142", Tables.significant(Math.PI, 4));
        assertEquals("-38184", Tables.significant(-38184.06, 4), "whole numbers keep their integer digits");
        assertEquals("0.006059", Tables.significant(0.0060594762, 4));
        assertEquals("9.20e-06", Tables.significant(9.199e-6, 3));
        assertEquals("0", Tables.significant(0, 3));
        assertEquals("NaN", Tables.significant(Double.NaN, 3));
    }

    @Test
    void tablesPrintWithThem() {
        Table t = Table.create("t").addColumns(DoubleColumn.create("x", new double[] {Math.E, 1234.5678}));
        String printed = Tables.significant(t, 3).print();
        assertTrue(printed.contains("2.72") && printed.contains("1235") && !printed.contains("2.718"), printed);
    }
}
