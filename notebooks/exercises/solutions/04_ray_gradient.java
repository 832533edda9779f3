/** ∂I/∂ω = Δ·Σ p_k × g_k and ∂I/∂v = Δ·Σ g_k, with g_k = Rᵀ∇μ(x_k) the gradient in the camera frame. */
double[] rayGradient(Rigid volFromCam, double[][] p, double[][] gradMuVol, double stepMm) {
    double[] R = volFromCam.rotation();                       // row-major 3×3
    double[] out = new double[6];
    for (int k = 0; k < p.length; k++) {
        double[] m = gradMuVol[k];
        double[] g = {R[0] * m[0] + R[3] * m[1] + R[6] * m[2],     // g = Rᵀ·∇μ
                      R[1] * m[0] + R[4] * m[1] + R[7] * m[2],
                      R[2] * m[0] + R[5] * m[1] + R[8] * m[2]};
        out[0] += stepMm * (p[k][1] * g[2] - p[k][2] * g[1]);     // p × g
        out[1] += stepMm * (p[k][2] * g[0] - p[k][0] * g[2]);
        out[2] += stepMm * (p[k][0] * g[1] - p[k][1] * g[0]);
        for (int c = 0; c < 3; c++) out[3 + c] += stepMm * g[c];
    }
    return out;
}
