/** Mean over pairs i < j of d(T̂_j, T̂_i·C_ij), C_ij = camRefFromCam_i⁻¹ · camRefFromCam_j. */
double crossViewPose(Rigid[] predicted, Rigid[] camRefFromCam, PoseDistance distance) {
    double sum = 0;
    int pairs = 0;
    for (int i = 0; i < predicted.length; i++) {
        for (int j = i + 1; j < predicted.length; j++) {
            Rigid cij = camRefFromCam[i].inverse().compose(camRefFromCam[j]);   // view j's camera → view i's
            Rigid implied = predicted[i].compose(cij);                          // view j's pose as view i predicts it
            sum += distance.evaluate(predicted[j], implied).value();
            pairs++;
        }
    }
    return sum / pairs;
}
