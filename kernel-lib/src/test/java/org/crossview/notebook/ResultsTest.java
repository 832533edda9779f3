package org.crossview.notebook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.crossview.coarse.CtSource;
import org.crossview.data.DeepFluoroFile;
import org.crossview.data.DeepFluoroSpecimen;
import org.crossview.eval.ProjectionError;
import org.crossview.eval.ResultTables;
import org.crossview.refine.FileRegistration;
import org.crossview.refine.InitialError;
import org.crossview.refine.RobustnessStudy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import tech.tablesaw.api.Table;

class ResultsTest {

    @Test
    void registersEveryViewAndScoresTheStartAtItsKnownError(@TempDir Path home) throws Exception {
        System.setProperty("crossview.home", home.toString());
        try {
            Path file = SimulatedFiles.simulate("phantom", 6.0, new SimulatedFiles.Settings(1, 2, 48, 5, 1, 3.0), s -> {}).file();
            try (DeepFluoroFile f = DeepFluoroFile.open(file)) {
                DeepFluoroSpecimen s = f.specimen(0);
                // a pure 10 mm translation moves every landmark by exactly 10 mm
                FileRegistration.Options o = new FileRegistration.Options(16, 1, "ncc", 3, 4.0, "cpu", false, false,
                        FileRegistration.Start.PERTURBED_TRUTH, new InitialError(0, 10), 1);
                Results.Runtimes times = new Results.Runtimes();
                Results.Registered reg;
                try (FileRegistration r = new FileRegistration(f, s, CtSource.deepFluoro(file, null), null, o)) {
                    reg = Results.register("phantom", s, r, FileCases.cases(s, 2, 0, 0), true, times, new PrintStream(new ByteArrayOutputStream(), true));
                }
                assertEquals(2, reg.multiView().size());
                assertEquals(2, reg.singleView().size());
                for (ResultTables.Row row : reg.initial()) assertEquals(10.0, row.error().mTreMm(), 1e-3);
                assertEquals(List.of("000", "001"), reg.multiView().stream().map(ResultTables.Row::projection).toList());
                assertEquals(List.of("0", "0"), reg.multiView().stream().map(ResultTables.Row::caseId).toList());
                Table t = times.table("test");
                assertEquals(3, t.rowCount(), "start, multi-view and single-view timings");
                assertEquals(2, t.intColumn("n").get(2), "one single-view run per view");
            }
        } finally {
            System.clearProperty("crossview.home");
        }
    }

    private static ResultTables.Row row(String specimen, double mtre) {
        return new ResultTables.Row(specimen, "p", "", new ProjectionError(mtre, 0, 0, 0, 4, 4));
    }

    @Test
    void paperTableGivesMeanSdMedianAndSuccessPerSpecimenAndOverall() {
        Table t = Results.paperTable(List.of(row("a", 1), row("a", 3), row("b", 0.5), row("b", 20)), "x");
        assertEquals(List.of("a", "b", "all"), t.stringColumn("specimen").asList());
        assertEquals("2.00 ± 1.41", t.stringColumn("mTRE mean ± sd (mm)").get(0));
        assertEquals(2.0, t.doubleColumn("mTRE median (mm)").get(0), 1e-9);
        assertEquals(50.0, t.doubleColumn("< 2 mm (%)").get(0), 1e-9);
        assertEquals(50.0, t.doubleColumn("< 1 mm (%)").get(1), 1e-9);
        assertEquals(75.0, t.doubleColumn("< 10 mm (%)").get(2), 1e-9);
        assertEquals(4, t.intColumn("projections").get(2));
    }

    @Test
    void successChartGivesTheShareUnderTheThresholdPerInitialErrorSize() {
        Table r = RobustnessStudy.emptyResults();
        // size 5°/10 mm: two multi-view runs (both succeed), size 10°/20 mm: two runs (one succeeds); one single-view run
        addRow(r, "multi", 5, 10, 11, 0.5);
        addRow(r, "multi", 5, 10, 13, 1.5);
        addRow(r, "multi", 10, 20, 21, 0.2);
        addRow(r, "multi", 10, 20, 23, 30);
        addRow(r, "single", 5, 10, 12, 5);
        XYChart c = Results.successChart(r, 2.0, "t");
        XYSeries multi = c.getSeriesCollection().stream().filter(s -> s.getName().equals("multi-view")).findFirst().orElseThrow();
        assertArrayEquals(new double[] {12, 22}, multi.getXData(), 1e-9);
        assertArrayEquals(new double[] {100, 50}, multi.getYData(), 1e-9);
        XYSeries single = c.getSeriesCollection().stream().filter(s -> s.getName().equals("single-view")).findFirst().orElseThrow();
        assertArrayEquals(new double[] {0}, single.getYData(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> Results.successChart(RobustnessStudy.emptyResults(), 2, "t"));
    }

    private static void addRow(Table t, String mode, double rot, double trans, double initial, double fin) {
        t.stringColumn("case").append("c");
        t.stringColumn("mode").append(mode);
        t.stringColumn("init").append("perturbed");
        t.doubleColumn("rotationOffsetDeg").append(rot);
        t.doubleColumn("translationOffsetMm").append(trans);
        t.intColumn("trial").append(0);
        t.stringColumn("view").append("all");
        t.doubleColumn("initialMtreMm").append(initial);
        t.doubleColumn("finalMtreMm").append(fin);
        t.doubleColumn("under1mm").append(fin < 1 ? 1 : 0);
        t.doubleColumn("under2mm").append(fin < 2 ? 1 : 0);
        t.doubleColumn("under10mm").append(fin < 10 ? 1 : 0);
        t.intColumn("iterations").append(1);
        t.doubleColumn("seconds").append(0.1);
    }
}
