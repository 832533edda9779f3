package org.crossview.fuzz;

import java.util.List;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.loss.CaseView;
import org.crossview.volume.Volume;

/**
 * One random input of the NaN fuzzer: an attenuation volume, the views of a case (cameras, observed images,
 * masks, known relative transforms), the true and predicted pose of each view, a d(loss)/d(image) per view for
 * the renderer's backward pass, and a line saying which generators made it (printed with a failure).
 */
public record FuzzScene(long caseSeed, String description, Volume mu, List<CaseView> views,
        Rigid[] trueVolFromCam, Rigid[] predictedVolFromCam, Image[] dLossdImage, double[] pivotVolMm) {}
