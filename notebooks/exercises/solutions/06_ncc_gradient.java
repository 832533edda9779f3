/** ∂NCC/∂b_i = [(a_i − ā)/sqrt(var a · var b) − NCC·(b_i − b̄)/var b] / n. */
double[] nccGradient(double[] a, double[] b) {
    int n = a.length;
    double ma = 0, mb = 0;
    for (int i = 0; i < n; i++) { ma += a[i] / n; mb += b[i] / n; }
    double cov = 0, va = 0, vb = 0;
    for (int i = 0; i < n; i++) {
        cov += (a[i] - ma) * (b[i] - mb) / n;
        va += (a[i] - ma) * (a[i] - ma) / n;
        vb += (b[i] - mb) * (b[i] - mb) / n;
    }
    double s = cov / Math.sqrt(va * vb);
    double[] g = new double[n];
    for (int i = 0; i < n; i++) g[i] = ((a[i] - ma) / Math.sqrt(va * vb) - s * (b[i] - mb) / vb) / n;
    return g;
}
