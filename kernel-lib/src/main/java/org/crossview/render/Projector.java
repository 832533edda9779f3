package org.crossview.render;

import java.util.Locale;

/**
 * Where the Java back end puts a ray's samples of the trilinear μ (both are quadratures of the same line integral):
 * TRILINEAR at fixed distances t_k = k·Δ from the source (8 voxels per sample; DESIGN.md §3); JOSEPH (Joseph 1982,
 * the standard CT forward projector) on the voxel planes of the ray's dominant index axis, one per plane, weighted by
 * the path length between planes: there μ is bilinear (4 voxels per sample) and the step is set by the grid, not by Δ.
 */
public enum Projector {
    TRILINEAR,
    JOSEPH;

    /** Lower-case name, as in options and reports. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
