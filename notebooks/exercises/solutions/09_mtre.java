/** Mean over landmarks X of ‖T_gt⁻¹·X − T_est⁻¹·X‖: the landmarks' displacement in the camera frame. */
double mtre(Rigid trueVolFromCam, Rigid estimatedVolFromCam, List<double[]> landmarks) {
    Rigid camFromVolTrue = trueVolFromCam.inverse(), camFromVolEst = estimatedVolFromCam.inverse();
    double sum = 0;
    for (double[] x : landmarks) {
        double[] a = camFromVolTrue.apply(x), b = camFromVolEst.apply(x);
        sum += Math.sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) + (a[2] - b[2]) * (a[2] - b[2]));
    }
    return sum / landmarks.size();
}
