package org.crossview.notebook;

import java.io.IOException;
import java.util.LinkedHashMap;
import org.crossview.coarse.CtSource;
import org.crossview.data.CtLoader;
import org.crossview.data.SimulatedDataset;
import org.crossview.volume.Attenuation;

/**
 * The notebooks' CT as the coarse stage and the refinement take it ({@link CtSource}: attenuation μ, landmarks,
 * isocentre), from the one-word spec of {@link CtLoader} ({@code phantom}, a NIfTI CT in HU, or a DeepFluoro-layout
 * {@code file.h5[:specimen]}), so that one settings string ({@code CROSSVIEW_CT}) switches every notebook.
 */
public final class CtSpec {
    private CtSpec() {}

    /** @param voxelMm the phantom's voxels, and the spacing finer CTs are resampled to (0 keeps files as they are) */
    public static CtSource load(String spec, double voxelMm) throws IOException {
        return of(CtLoader.load(spec, voxelMm));
    }

    /** The attenuation of a CT in HU, its landmarks, and their centroid (the volume's centre without any) as isocentre. */
    public static CtSource of(SimulatedDataset.Source ct) {
        return new CtSource(ct.name(), Attenuation.fromHu(ct.hu()), new LinkedHashMap<>(ct.landmarksLps()), CtLoader.isocentreLps(ct));
    }
}
