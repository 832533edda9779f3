/** Pixel (u, v) of camera point x: (u·w, v·w, w) = K·x, then divide by w. */
double[] project(double[] K, double[] x) {
    double uw = K[0] * x[0] + K[1] * x[1] + K[2] * x[2];
    double vw = K[3] * x[0] + K[4] * x[1] + K[5] * x[2];
    double w = K[6] * x[0] + K[7] * x[1] + K[8] * x[2];
    return new double[] {uw / w, vw / w};
}
