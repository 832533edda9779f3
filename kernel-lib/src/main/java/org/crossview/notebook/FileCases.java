package org.crossview.notebook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.crossview.data.DeepFluoroSpecimen;
import org.crossview.data.MultiViewCase;
import org.crossview.data.MultiViewCases;
import org.crossview.data.SimulatedDataset;

/** The multi-view cases of a specimen in a DeepFluoro-layout file, whether simulated here or the real data. */
public final class FileCases {
    private FileCases() {}

    /**
     * The cases of the file's JSON sidecar when it has one ({@code crossview simulate} writes it), else groups of
     * {@code views} projections 15–45° apart chosen from the ground-truth poses ({@link MultiViewCases#byAngle}, as
     * C-arm multi-view acquisitions; DeepFluoro's protocol), at most {@code maxCases} (0 = all).
     */
    public static List<MultiViewCase> cases(DeepFluoroSpecimen s, int views, int maxCases, long seed) throws IOException {
        Path sidecar = SimulatedDataset.sidecarPath(s.file().path());
        List<MultiViewCase> all = new ArrayList<>();
        if (Files.isRegularFile(sidecar)) {
            for (MultiViewCase c : MultiViewCases.read(sidecar)) {
                if (c.specimen() == null || c.specimen().isEmpty() || c.specimen().equals(s.name())) all.add(c);
            }
        } else {
            all.addAll(MultiViewCases.byAngle(s, views, 15, 45, maxCases, seed));
        }
        return maxCases > 0 && all.size() > maxCases ? List.copyOf(all.subList(0, maxCases)) : all;
    }
}
