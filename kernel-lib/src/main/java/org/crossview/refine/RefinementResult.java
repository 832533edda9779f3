package org.crossview.refine;

import java.util.List;
import org.crossview.geometry.Rigid;

/**
 * The outcome of one refinement: the reference view's pose, every view's pose (in the order the views
 * were given), the final loss at the finest level, and the trace.
 */
public record RefinementResult(Rigid volFromCamRef, List<Rigid> volFromCamPerView, double finalLoss, int iterations,
        double seconds, RefinementTrace trace) {}
