/** One step volFromCamRef·exp(−(α_ω·∂L/∂ω, α_v·∂L/∂v)) on L = mean over views of 1 − S(image_v, DRR_v). */
Rigid refinementStep(Renderer renderer, List<CaseView> views, Rigid volFromCamRef, ImageSimilarity similarity,
                     double rotationRate, double translationRate) {
    double[] gradient = new double[6];
    for (CaseView view : views) {
        Rigid pose = view.volFromCam(volFromCamRef);                               // volFromCamRef · C_v
        Image drr = renderer.render(view.camera(), pose);
        float[] dLoss = new float[drr.data().length];
        similarity.lossAndGradient(view.image(), drr, view.mask(), dLoss);          // ∂(1 − S)/∂DRR
        for (int k = 0; k < dLoss.length; k++) dLoss[k] /= views.size();
        double[] g = renderer.poseGradient(view.camera(), new Rigid[] {pose}, new Image[] {new Image(drr.cols(), drr.rows(), dLoss)})[0];
        double[] gRef = Se3Tangents.adjointTranspose(view.camRefFromCam().inverse(), g);   // back to the reference pose
        for (int k = 0; k < 6; k++) gradient[k] += gRef[k];
    }
    double[] step = new double[6];
    for (int k = 0; k < 6; k++) step[k] = -(k < 3 ? rotationRate : translationRate) * gradient[k];
    return volFromCamRef.perturbRight(step);
}
