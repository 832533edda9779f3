/** Binning by b: u' = (u − (b−1)/2)/b, so the first two rows of K are divided by b and the centre shifts. */
double[] binnedIntrinsics(double[] K, int b) {
    double shift = (b - 1) / 2.0;
    return new double[] {K[0] / b, K[1] / b, (K[2] - shift) / b,
                         K[3] / b, K[4] / b, (K[5] - shift) / b,
                         0, 0, 1};
}
