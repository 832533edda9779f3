/** NCC(a, b) = cov(a, b) / sqrt(var a · var b), population statistics (divide by n). */
double ncc(double[] a, double[] b) {
    int n = a.length;
    double ma = 0, mb = 0;
    for (int i = 0; i < n; i++) { ma += a[i] / n; mb += b[i] / n; }
    double cov = 0, va = 0, vb = 0;
    for (int i = 0; i < n; i++) {
        cov += (a[i] - ma) * (b[i] - mb) / n;
        va += (a[i] - ma) * (a[i] - ma) / n;
        vb += (b[i] - mb) * (b[i] - mb) / n;
    }
    return cov / Math.sqrt(va * vb);
}
