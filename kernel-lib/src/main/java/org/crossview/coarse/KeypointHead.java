package org.crossview.coarse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.geometry.Rotations;
import org.crossview.volume.Volume;

/**
 * The keypoint head of the coarse network: instead of the six pose numbers, the network says where K fixed points
 * of the patient's CT (its "keypoints", in bone, chosen once from the CT) appear in the image, and the pose is the
 * one that puts them there (perspective-n-point, solved here by Levenberg–Marquardt).
 *
 * <p>Why: each output is then something the image shows locally (where a piece of bone is), which a small CNN
 * learns from far fewer samples than the pose itself, whose depth and out-of-plane rotations are global, subtle
 * functions of the image. Those follow from the geometry instead: depth from the points' spread (magnification),
 * out-of-plane rotation from their relative layout. With several views of a case and their known C-arm transforms,
 * one pose is fitted to every view's points at once ({@link #solve(double[][], Rigid[])}), which triangulates depth.
 *
 * <p>Outputs: for keypoint k, y[2k], y[2k+1] = ((u − c_u)/h, (v − c_v)/h), (u, v) its pixel in the network's camera,
 * c the image centre and h half the image size: O(1) inside the image, linear beyond it (a point may leave the field).
 */
public final class KeypointHead {
    /** Keypoints chosen from a CT unless told otherwise. */
    public static final int DEFAULT_COUNT = 12;

    private final double[][] pointsLps;
    private final Camera camera;
    private final Rigid volFromCamRef;
    private final double isoDistanceMm;
    private final double orbitFromRad, orbitToRad;
    private final Uncertainty uncertainty;

    /**
     * What the pose fit assumes: the network's error for each keypoint (sd per image coordinate, output units: half the
     * image is 1; points differ: one on a thin edge of bone, or often beyond the image, is placed worse) and the spread
     * of the poses (the prior: sd of ω in rad about x, y, z and of the translation in mm, in the isocentre frame of the
     * reference or nominal view). The fit is then the maximum a posteriori pose: each keypoint counts by how well the
     * network places it, and what the keypoints leave open (chiefly a single view's depth, which rests on the points'
     * spread alone) comes from the poses the network was trained on. Within a keypoint's error its pull is quadratic;
     * beyond, it fades (Cauchy), so a keypoint the network got badly wrong does not drag the pose.
     */
    public record Uncertainty(double[] keypointSd, double[] poseSd) {
        /** Twice the default training spread ({@link PoseSampling#wide()}): the fit's prior before calibration. */
        private static final double[] UNCALIBRATED_POSE_SD = {0.5, 0.5, 0.5, 70, 70, 100};

        /**
         * For models whose keypoint error was not measured (written before it was): 0.1 for every keypoint and twice the
         * default training spread, the fit's weights before calibration.
         */
        public static Uncertainty uncalibrated(int keypoints) {
            double[] sd = new double[keypoints];
            Arrays.fill(sd, 0.1);
            return new Uncertainty(sd, UNCALIBRATED_POSE_SD);
        }

        public Uncertainty {
            if (keypointSd.length == 0 || !Arrays.stream(keypointSd).allMatch(x -> x > 0 && Double.isFinite(x))) {
                throw new IllegalArgumentException("keypoints: keypoint sd must be positive numbers, got " + Arrays.toString(keypointSd));
            }
            if (poseSd.length != 6 || !Arrays.stream(poseSd).allMatch(x -> x > 0 && Double.isFinite(x))) {
                throw new IllegalArgumentException("keypoints: pose sd must be 6 positive numbers, got " + Arrays.toString(poseSd));
            }
            keypointSd = keypointSd.clone();
            poseSd = poseSd.clone();
        }

        @Override
        public double[] keypointSd() {
            return keypointSd.clone();
        }

        @Override
        public double[] poseSd() {
            return poseSd.clone();
        }
    }

    /** A head for views about the AP view (no C-arm orbit). */
    public KeypointHead(double[][] pointsLps, Camera camera, Rigid volFromCamRef, double isoDistanceMm) {
        this(pointsLps, camera, volFromCamRef, isoDistanceMm, new double[] {0, 0});
    }

    /**
     * @param pointsLps         the keypoints (LPS mm)
     * @param camera            the network's camera (input size²)
     * @param volFromCamRef     the reference (AP) pose: where the pose fit starts
     * @param isoDistanceMm     the isocentre's distance from the source: the fit's starts turn about it
     * @param orbitRangeRad the C-arm turns training covered ({@link PoseSampling#orbitRangeRad}: from, to): the fit starts
     *                      across them, and its prior leaves the C-arm angle free within them
     */
    public KeypointHead(double[][] pointsLps, Camera camera, Rigid volFromCamRef, double isoDistanceMm, double[] orbitRangeRad) {
        this(pointsLps, camera, volFromCamRef, isoDistanceMm, orbitRangeRad, Uncertainty.uncalibrated(pointsLps.length));
    }

    /** The same with the fit's {@link Uncertainty} (the network's measured keypoint error, the training spread). */
    public KeypointHead(double[][] pointsLps, Camera camera, Rigid volFromCamRef, double isoDistanceMm, double[] orbitRangeRad, Uncertainty uncertainty) {
        if (pointsLps.length < 4) throw new IllegalArgumentException("keypoints: need at least 4 points for a pose, got " + pointsLps.length);
        for (double[] p : pointsLps) {
            if (p.length != 3 || !Arrays.stream(p).allMatch(Double::isFinite)) throw new IllegalArgumentException("keypoints: bad point " + Arrays.toString(p));
        }
        this.pointsLps = Arrays.stream(pointsLps).map(double[]::clone).toArray(double[][]::new);
        this.camera = camera;
        this.volFromCamRef = volFromCamRef;
        this.isoDistanceMm = isoDistanceMm;
        if (orbitRangeRad.length != 2 || !(orbitRangeRad[0] <= orbitRangeRad[1])) {
            throw new IllegalArgumentException("keypoints: orbit range must be {from, to} with from ≤ to, got " + Arrays.toString(orbitRangeRad));
        }
        this.orbitFromRad = orbitRangeRad[0];
        this.orbitToRad = orbitRangeRad[1];
        if (uncertainty.keypointSd.length != pointsLps.length) {
            throw new IllegalArgumentException("keypoints: " + uncertainty.keypointSd.length + " keypoint sds for " + pointsLps.length + " keypoints");
        }
        this.uncertainty = uncertainty;
    }

    public Uncertainty uncertainty() {
        return uncertainty;
    }

    public double[][] pointsLps() {
        return Arrays.stream(pointsLps).map(double[]::clone).toArray(double[][]::new);
    }

    /** Number of network outputs: two per keypoint. */
    public int outputs() {
        return 2 * pointsLps.length;
    }

    /** The outputs that stand for a pose (the training target); NaN for points behind the source. */
    public double[] encode(Rigid volFromCam) {
        Rigid camFromVol = volFromCam.inverse();
        double[] y = new double[outputs()];
        double hu = camera.cols() / 2.0, hv = camera.rows() / 2.0;
        for (int k = 0; k < pointsLps.length; k++) {
            double[] px = camera.project(camFromVol.apply(pointsLps[k]));
            y[2 * k] = (px[0] + 0.5 - hu) / hu;
            y[2 * k + 1] = (px[1] + 0.5 - hv) / hv;
        }
        return y;
    }

    /** The pose of one view whose keypoints the network put at {@code y}. */
    public Rigid solve(double[] y) {
        return solve(y, null);
    }

    /** The same, with the view's nominal C-arm pose when known (null: unknown; see {@link #solve(double[][], Rigid[], Rigid)}). */
    public Rigid solve(double[] y, Rigid nominalVolFromCam) {
        return solve(new double[][] {y}, new Rigid[] {Rigid.identity()}, nominalVolFromCam)[0];
    }

    /** {@link #solve(double[][], Rigid[], Rigid)} without a nominal pose. */
    public Rigid[] solve(double[][] yPerView, Rigid[] cam0FromCamV) {
        return solve(yPerView, cam0FromCamV, null);
    }

    /**
     * One pose for the views of a case: view v's pose is T·cam0FromCamV[v], T fitted to every view's keypoints at
     * once (the most probable pose under the head's {@link Uncertainty}, from several starts; the lowest cost wins). Returns
     * each view's pose.
     *
     * @param nominalVolFromCam0 view 0's nominal pose (the C-arm's recorded angle, the patient at the isocentre), when
     *                           known: the fit also starts about it, and the prior is centred on it instead of on the
     *                           reference pose (and no longer leaves the C-arm angle free); null: unknown
     */
    public Rigid[] solve(double[][] yPerView, Rigid[] cam0FromCamV, Rigid nominalVolFromCam0) {
        if (yPerView.length != cam0FromCamV.length) throw new IllegalArgumentException("keypoints: one transform per view expected");
        for (double[] y : yPerView) {
            if (y.length != outputs()) throw new IllegalArgumentException("keypoints: expected " + outputs() + " outputs per view, got " + y.length);
        }
        Rigid best = null;
        double bestCost = Double.POSITIVE_INFINITY;
        List<Rigid> starts = starts(volFromCamRef, true);
        if (nominalVolFromCam0 != null) starts.addAll(starts(nominalVolFromCam0, false));
        for (Rigid start : starts) {
            Rigid t = fit(start, yPerView, cam0FromCamV, nominalVolFromCam0);
            double c = cost(t, yPerView, cam0FromCamV, nominalVolFromCam0);
            if (c < bestCost) {
                bestCost = c;
                best = t;
            }
        }
        Rigid[] out = new Rigid[cam0FromCamV.length];
        for (int v = 0; v < out.length; v++) out[v] = best.compose(cam0FromCamV[v]);
        return out;
    }

    /**
     * Starts of the fit, as poses of view 0: the reference pose, and that turned about the isocentre by ±30° about
     * each image axis (the fit's basins are wide in translation, narrower in out-of-plane rotation; views of a case
     * lie up to tens of degrees from the reference); with {@code orbit} and an orbit, also every 30° of it about the y axis.
     */
    private List<Rigid> starts(Rigid centre, boolean orbit) {
        Rigid camFromIso = Rigid.translation(0, 0, -isoDistanceMm);
        List<Rigid> out = new ArrayList<>();
        double a = Math.toRadians(30);
        List<double[]> axes = new ArrayList<>(List.of(new double[] {0, 0, 0}, new double[] {0, a, 0}, new double[] {0, -a, 0},
                new double[] {a, 0, 0}, new double[] {-a, 0, 0}));
        // the orbit every 30° from its middle, both ways, ends included
        double mid = (orbitFromRad + orbitToRad) / 2, half = (orbitToRad - orbitFromRad) / 2;
        for (int k = 0; orbit && (orbitFromRad != 0 || orbitToRad != 0) && k * a < half + a; k++) {
            double d = Math.min(k * a, half);
            axes.add(new double[] {0, mid + d, 0});
            if (d > 0) axes.add(new double[] {0, mid - d, 0});
        }
        for (double[] w : axes) {
            Rigid turn = camFromIso.compose(Rigid.exp(w[0], w[1], w[2], 0, 0, 0)).compose(camFromIso.inverse());
            out.add(centre.compose(turn));
        }
        return out;
    }

    /** Levenberg–Marquardt on the right perturbation of T; numerical Jacobian (6 parameters, a few dozen residuals). */
    private Rigid fit(Rigid start, double[][] y, Rigid[] cam0FromCamV, Rigid nominal0) {
        Rigid t = start;
        double lambda = 1e-3;
        double cost = cost(t, y, cam0FromCamV, nominal0);
        for (int it = 0; it < 100; it++) {
            double[] r0 = residuals(t, y, cam0FromCamV, nominal0);
            int m = r0.length;
            double[][] jac = new double[6][];
            for (int p = 0; p < 6; p++) {
                double h = p < 3 ? 1e-5 : 1e-3; // rad, mm
                double[] xi = new double[6];
                xi[p] = h;
                double[] rp = residuals(t.perturbRight(xi), y, cam0FromCamV, nominal0);
                xi[p] = -h;
                double[] rm = residuals(t.perturbRight(xi), y, cam0FromCamV, nominal0);
                jac[p] = new double[m];
                for (int i = 0; i < m; i++) jac[p][i] = (rp[i] - rm[i]) / (2 * h);
            }
            double[][] a = new double[6][6];
            double[] g = new double[6];
            for (int p = 0; p < 6; p++) {
                for (int i = 0; i < m; i++) g[p] += jac[p][i] * r0[i];
                for (int q = 0; q < 6; q++) {
                    double s = 0;
                    for (int i = 0; i < m; i++) s += jac[p][i] * jac[q][i];
                    a[p][q] = s;
                }
            }
            boolean improved = false;
            for (int tries = 0; tries < 10 && !improved; tries++) {
                double[][] damped = new double[6][];
                for (int p = 0; p < 6; p++) {
                    damped[p] = a[p].clone();
                    damped[p][p] += lambda * (a[p][p] + 1e-9);
                }
                double[] step = solve6(damped, g);
                if (step == null) {
                    lambda *= 10;
                    continue;
                }
                for (int p = 0; p < 6; p++) step[p] = -step[p];
                Rigid next = t.perturbRight(step);
                double c = cost(next, y, cam0FromCamV, nominal0);
                if (c < cost) {
                    double gain = cost - c;
                    t = next;
                    cost = c;
                    lambda = Math.max(lambda / 3, 1e-9);
                    improved = true;
                    if (gain < 1e-12 * (1 + cost)) return t;
                } else {
                    lambda *= 10;
                }
            }
            if (!improved) break;
        }
        return t;
    }

    /** Σ over views and points of the robust squared distance ({@link Uncertainty}) plus the prior, halved. */
    private double cost(Rigid t, double[][] y, Rigid[] cam0FromCamV, Rigid nominal0) {
        double[] r = residuals(t, y, cam0FromCamV, nominal0);
        double c = 0;
        for (double x : r) c += x * x;
        return 0.5 * c;
    }

    /**
     * Residuals whose squares sum to the cost (the negative log posterior): per point, its 2D error d scaled to
     * sqrt(ln(1 + d²/σ²))·(dx, dy)/d with σ that keypoint's sd (≈ d/σ within σ, fading beyond); then the prior, once
     * per case (each view's six residuals weighted 1/√views, as the views share one pose): x/sd for each component x of
     * the pose relative to its centre — the reference isocentre with the C-arm angle that best explains the pose
     * (clamped to the orbit) taken out first, so any angle of the orbit is as likely as AP; or, with a nominal pose,
     * view v's nominal pose nominal0·cam0FromCamV[v] and its isocentre.
     */
    private double[] residuals(Rigid t, double[][] y, Rigid[] cam0FromCamV, Rigid nominal0) {
        int k = pointsLps.length;
        double[] r = new double[y.length * (2 * k + 6)];
        Rigid camFromIso = Rigid.translation(0, 0, -isoDistanceMm);
        Rigid isoRefFromVol = volFromCamRef.compose(camFromIso).inverse();
        double[] kpSd = uncertainty.keypointSd, sd = uncertainty.poseSd;
        double perView = 1 / Math.sqrt(y.length);
        for (int v = 0; v < y.length; v++) {
            double[] e = encode(t.compose(cam0FromCamV[v]));
            for (int p = 0; p < k; p++) {
                double dx = e[2 * p] - y[v][2 * p], dy = e[2 * p + 1] - y[v][2 * p + 1];
                double d2 = dx * dx + dy * dy, c2 = kpSd[p] * kpSd[p];
                double s;
                if (!Double.isFinite(d2)) {
                    dx = dy = 0;
                    s = 0;
                } else {
                    s = d2 < 1e-30 ? 1 / kpSd[p] : Math.sqrt(Math.log1p(d2 / c2) / d2);
                }
                r[v * (2 * k + 6) + 2 * p] = dx * s;
                r[v * (2 * k + 6) + 2 * p + 1] = dy * s;
            }
            // The prior: the view's pose relative to its centre, as the training poses were drawn (ω, t).
            Rigid relative;
            if (nominal0 == null) {
                Rigid aboutRef = isoRefFromVol.compose(t.compose(cam0FromCamV[v])).compose(camFromIso);
                relative = aboutRef.compose(PoseSampling.Orbit.turn(-orbitAngle(aboutRef)));
            } else {
                Rigid isoNominalVFromVol = nominal0.compose(cam0FromCamV[v]).compose(camFromIso).inverse();
                relative = isoNominalVFromVol.compose(t.compose(cam0FromCamV[v])).compose(camFromIso);
            }
            double[] w = Rotations.logSO3(relative.rotation()), tr = relative.translation();
            for (int a = 0; a < 3; a++) {
                r[v * (2 * k + 6) + 2 * k + a] = perView * w[a] / sd[a];
                r[v * (2 * k + 6) + 2 * k + 3 + a] = perView * tr[a] / sd[3 + a];
            }
        }
        return r;
    }

    /**
     * The C-arm angle θ of a relative pose Δ = Δ_patient·R_y(θ) with Δ_patient near identity: the view axis R·e_z
     * ≈ (sin θ, 0, cos θ); clamped to the orbit (0 without one).
     */
    private double orbitAngle(Rigid relative) {
        if (orbitFromRad == 0 && orbitToRad == 0) return 0;
        double[] r = relative.rotation();
        double theta = Math.atan2(r[2], r[8]);
        return Math.max(orbitFromRad, Math.min(orbitToRad, theta));
    }

    /** Gaussian elimination with partial pivoting; null when singular. */
    static double[] solve6(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n] = b[i];
        }
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) piv = r;
            if (Math.abs(m[piv][c]) < 1e-300) return null;
            double[] tmp = m[c];
            m[c] = m[piv];
            m[piv] = tmp;
            for (int r = c + 1; r < n; r++) {
                double f = m[r][c] / m[c][c];
                for (int q = c; q <= n; q++) m[r][q] -= f * m[c][q];
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = m[r][n];
            for (int q = r + 1; q < n; q++) s -= m[r][q] * x[q];
            x[r] = s / m[r][r];
        }
        return x;
    }

    /**
     * {@code count} keypoints in the CT's bone: k-means (k-means++ start, a fixed seed) over the positions of the voxels
     * with μ ≥ {@code boneMu} (a deterministic subsample of at most 20,000), so the points spread over the bony anatomy
     * the X-rays show best. Falls back to the densest voxels when fewer than {@code count} are bone.
     */
    public static double[][] fromCt(Volume mu, double boneMu, int count, long seed) {
        float[] d = mu.data();
        List<double[]> bone = new ArrayList<>();
        int nx = mu.nx(), ny = mu.ny(), nz = mu.nz();
        int total = 0;
        for (float x : d) if (x >= boneMu) total++;
        if (total < count) throw new IllegalArgumentException("keypoints: the CT has only " + total + " voxels with μ ≥ " + boneMu + " /mm (bone); need at least " + count);
        int stride = Math.max(1, total / 20_000);
        int seen = 0;
        for (int k = 0; k < nz; k++) {
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++) {
                    if (d[mu.index(i, j, k)] >= boneMu && seen++ % stride == 0) bone.add(mu.indexToLps(i, j, k));
                }
            }
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] c = new double[count][];
        c[0] = bone.get(rng.nextInt(bone.size())).clone();
        double[] dist = new double[bone.size()];
        Arrays.fill(dist, Double.POSITIVE_INFINITY);
        for (int m = 1; m < count; m++) {
            double sum = 0;
            for (int i = 0; i < bone.size(); i++) {
                dist[i] = Math.min(dist[i], d2(bone.get(i), c[m - 1]));
                sum += dist[i];
            }
            double pick = rng.nextDouble() * sum;
            int chosen = bone.size() - 1;
            for (int i = 0; i < bone.size(); i++) {
                pick -= dist[i];
                if (pick <= 0) {
                    chosen = i;
                    break;
                }
            }
            c[m] = bone.get(chosen).clone();
        }
        int[] label = new int[bone.size()];
        for (int it = 0; it < 30; it++) {
            double[][] s = new double[count][3];
            int[] n = new int[count];
            for (int i = 0; i < bone.size(); i++) {
                double[] p = bone.get(i);
                int b = 0;
                for (int m = 1; m < count; m++) if (d2(p, c[m]) < d2(p, c[b])) b = m;
                label[i] = b;
                n[b]++;
                for (int a = 0; a < 3; a++) s[b][a] += p[a];
            }
            for (int m = 0; m < count; m++) if (n[m] > 0) for (int a = 0; a < 3; a++) c[m][a] = s[m][a] / n[m];
        }
        return c;
    }

    private static double d2(double[] a, double[] b) {
        double x = a[0] - b[0], y = a[1] - b[1], z = a[2] - b[2];
        return x * x + y * y + z * z;
    }
}
