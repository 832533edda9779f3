/** I(u, v) = Σ_k μ(volFromCam · t_k·d)·Δ with t_k = k·Δ from the source to the detector. */
double lineIntegral(Volume mu, Camera camera, Rigid volFromCam, int u, int v, double stepMm) {
    double[] end = camera.detectorPoint(u, v);              // the ray runs from the source (0, 0, 0) to here
    double length = Math.sqrt(end[0] * end[0] + end[1] * end[1] + end[2] * end[2]);
    double sum = 0;
    for (int k = 0; k * stepMm <= length; k++) {
        double s = k * stepMm / length;                      // t_k = k·Δ along the ray, as a fraction of its length
        double[] x = volFromCam.apply(s * end[0], s * end[1], s * end[2]);
        sum += Exercises.trilinear(mu, x);
    }
    return sum * stepMm;
}
