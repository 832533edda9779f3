package org.crossview.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.loss.CaseView;
import org.crossview.render.CpuRenderer;
import org.crossview.render.RenderSettings;
import org.crossview.volume.Volume;

/**
 * The random inputs of the NaN fuzzer, one {@link FuzzScene} per case seed. Small volumes and images (so that
 * thousands of cases take minutes), with a large share of degenerate ones: volumes that are empty, one voxel,
 * constant, negative, near float's limits or subnormal; one-pixel and one-row images; constant, zero,
 * single-pixel, piecewise-constant (zero-variance patches) and extreme-scale images; poses far outside the
 * volume (DRR all zero), with the source inside it, at rotations of exactly π and near 0, with huge
 * translations; identical views; masks that are empty, one pixel or of tiny weight; spacings, source-to-detector
 * distances and focal lengths of 1e±300; and invalid input that must be named (a NaN voxel or mask weight, a NaN in
 * d(loss)/d(image)).
 *
 * <p>The same seed gives the same scene on every machine ({@link Random} is specified bit for bit).
 */
public final class FuzzScenes {
    private static final String[] VOLUME_KINDS = {"blobs", "blobs", "blobs", "noise", "one-voxel-volume", "one-voxel-inside", "constant",
        "empty", "negative", "huge-values", "float-max", "tiny-values", "subnormal", "extreme-spacing", "absurd-spacing", "skewed-grid", "far-origin", "nan-voxel"};
    private static final String[] POSE_KINDS = {"look-at", "look-at", "look-at", "rotation-pi", "exact-pi-matrix", "near-zero-rotation",
        "far-outside", "huge-translation", "absurd-translation", "source-inside"};
    private static final String[] VIEW_KINDS = {"c-arm", "c-arm", "identical", "c-arm-pi", "c-arm-tiny", "random-rigid"};
    private static final String[] PERTURBATION_KINDS = {"none", "small", "small", "small", "small", "large", "large", "pi", "near-zero",
        "huge-translation", "absurd-translation", "two-pi"};
    private static final String[] IMAGE_KINDS = {"drr", "drr", "drr-noise", "constant", "zero", "noise", "one-pixel", "scaled-huge",
        "scaled-tiny", "blocks", "subnormal", "inverted", "float-max"};
    private static final String[] MASK_KINDS = {"none", "none", "none", "none", "binary", "one-pixel", "tiny-weights", "fractional", "all-zero", "negative-or-nan"};

    private FuzzScenes() {}

    /** The scene of one case seed. */
    public static FuzzScene generate(long caseSeed) {
        Random r = new Random(caseSeed);
        StringBuilder d = new StringBuilder();
        Volume mu = volume(r, d);
        double[] centre = mu.centreLps();
        double radius = halfDiagonalMm(mu);
        int nViews = 1 + r.nextInt(3);
        Camera[] cameras = new Camera[nViews];
        double sdd = switch (r.nextInt(12)) {
            case 0 -> 1e-3; // the volume then lies mostly behind the detector
            case 1 -> 1e6;
            case 2 -> Math.pow(10, r.nextBoolean() ? -300 : 300);
            default -> 100 + 1900 * r.nextDouble();
        };
        double distance = radius + 1 + (sdd - radius - 1) * r.nextDouble();
        if (distance < radius + 1) distance = radius + 1; // sdd may be shorter than the volume: the detector then cuts it
        cameras[0] = camera(r, d, sdd, radius, distance);
        for (int v = 1; v < nViews; v++) cameras[v] = r.nextBoolean() ? cameras[0] : camera(r, d, sdd, radius, distance);
        Rigid trueRef = referencePose(r, d, centre, radius, distance);
        Rigid[] camRefFromCam = new Rigid[nViews];
        camRefFromCam[0] = Rigid.identity();
        for (int v = 1; v < nViews; v++) camRefFromCam[v] = relativeView(r, d, distance);
        Rigid[] truth = new Rigid[nViews], predicted = new Rigid[nViews];
        for (int v = 0; v < nViews; v++) {
            truth[v] = trueRef.compose(camRefFromCam[v]);
            predicted[v] = truth[v].compose(perturbation(r, d));
        }
        CpuRenderer renderer = null;
        try {
            renderer = new CpuRenderer(mu, new RenderSettings(0.5 * minSpacing(mu)));
        } catch (IllegalArgumentException e) {
            d.append(" [no DRR images: ").append(e.getMessage()).append(']');
        }
        List<CaseView> views = new ArrayList<>();
        Image[] dLoss = new Image[nViews];
        for (int v = 0; v < nViews; v++) {
            Camera cam = cameras[v];
            Image image = observedImage(r, d, cam, renderer, truth[v]);
            views.add(new CaseView("v" + v, cam, image, mask(r, d, cam), camRefFromCam[v]));
            dLoss[v] = lossGradientImage(r, cam);
        }
        double[] pivot = r.nextInt(10) == 0 ? new double[] {centre[0] + 1e6, centre[1], centre[2]} : centre;
        return new FuzzScene(caseSeed, d.toString().trim(), mu, List.copyOf(views), truth, predicted, dLoss, pivot);
    }

    private static String pick(Random r, String[] kinds) {
        return kinds[r.nextInt(kinds.length)];
    }

    private static Volume volume(Random r, StringBuilder d) {
        String kind = pick(r, VOLUME_KINDS);
        int nx, ny, nz;
        if (kind.equals("one-voxel-volume")) {
            nx = ny = nz = 1;
        } else {
            nx = 1 + r.nextInt(12);
            ny = 1 + r.nextInt(12);
            nz = 1 + r.nextInt(12);
        }
        double[] spacing = {0.2 + 2.8 * r.nextDouble(), 0.2 + 2.8 * r.nextDouble(), 0.2 + 2.8 * r.nextDouble()};
        if (kind.equals("extreme-spacing")) for (int a = 0; a < 3; a++) spacing[a] = Math.pow(10, -3 + 6 * r.nextDouble());
        if (kind.equals("absurd-spacing")) spacing[r.nextInt(3)] = Math.pow(10, r.nextBoolean() ? -300 : 300);
        double[] dir = r.nextBoolean() ? new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1} : randomRotation(r, Math.PI).rotation();
        if (kind.equals("skewed-grid")) dir[1] += 0.5 + r.nextDouble(); // NIfTI allows non-orthogonal axes
        double[] centre = {400 * (r.nextDouble() - 0.5), 400 * (r.nextDouble() - 0.5), 400 * (r.nextDouble() - 0.5)};
        if (kind.equals("far-origin")) for (int a = 0; a < 3; a++) centre[a] += 1e9 * r.nextGaussian();
        double[] half = {(nx - 1) / 2.0 * spacing[0], (ny - 1) / 2.0 * spacing[1], (nz - 1) / 2.0 * spacing[2]};
        double[] origin = new double[3];
        for (int a = 0; a < 3; a++) origin[a] = centre[a] - (dir[a * 3] * half[0] + dir[a * 3 + 1] * half[1] + dir[a * 3 + 2] * half[2]);
        int n = nx * ny * nz;
        float[] data = new float[n];
        switch (kind) {
            case "blobs", "negative", "huge-values", "float-max", "tiny-values", "extreme-spacing", "absurd-spacing", "skewed-grid", "far-origin" -> {
                int blobs = 1 + r.nextInt(3);
                for (int b = 0; b < blobs; b++) {
                    double bx = nx * r.nextDouble(), by = ny * r.nextDouble(), bz = nz * r.nextDouble(), s = 0.5 + 3 * r.nextDouble();
                    double amp = 0.01 + 0.05 * r.nextDouble();
                    for (int k = 0; k < nz; k++) for (int j = 0; j < ny; j++) for (int i = 0; i < nx; i++) {
                        double q = ((i - bx) * (i - bx) + (j - by) * (j - by) + (k - bz) * (k - bz)) / (2 * s * s);
                        data[i + nx * (j + ny * k)] += (float) (amp * Math.exp(-q));
                    }
                }
                double scale = switch (kind) {
                    case "negative" -> -1;
                    case "huge-values" -> 1e21; // peaks just under RenderInputs.MAX_ATTENUATION_PER_MM
                    case "float-max" -> 3e38 / 0.06; // blob peaks near Float.MAX_VALUE
                    case "tiny-values" -> 1e-30;
                    default -> 1;
                };
                for (int i = 0; i < n; i++) data[i] = (float) Math.min(data[i] * scale, Float.MAX_VALUE);
                if (kind.equals("negative")) data[r.nextInt(n)] = 0.05f; // mixed signs
            }
            case "noise" -> {
                for (int i = 0; i < n; i++) data[i] = r.nextInt(3) == 0 ? 0f : (float) (0.05 * r.nextDouble());
            }
            case "one-voxel-volume", "one-voxel-inside" -> data[r.nextInt(n)] = (float) (0.001 + 0.1 * r.nextDouble());
            case "constant" -> java.util.Arrays.fill(data, (float) (0.001 + 0.05 * r.nextDouble()));
            case "subnormal" -> {
                for (int i = 0; i < n; i++) data[i] = Float.MIN_VALUE * (1 + r.nextInt(1000));
            }
            case "nan-voxel" -> { // invalid: the renderer must name it
                java.util.Arrays.fill(data, 0.02f);
                data[r.nextInt(n)] = r.nextBoolean() ? Float.NaN : Float.POSITIVE_INFINITY;
            }
            default -> { } // empty: all zero
        }
        d.append(String.format(Locale.ROOT, "volume %s %dx%dx%d spacing (%.2f, %.2f, %.2f) mm;", kind, nx, ny, nz, spacing[0], spacing[1], spacing[2]));
        return new Volume(nx, ny, nz, spacing, origin, dir, data);
    }

    private static Camera camera(Random r, StringBuilder d, double sdd, double radius, double distance) {
        int shape = r.nextInt(8);
        int cols, rows;
        if (shape == 0) {
            cols = rows = 1;
        } else if (shape == 1) {
            cols = 1;
            rows = 1 + r.nextInt(24);
        } else if (shape == 2) {
            cols = 1 + r.nextInt(24);
            rows = 1;
        } else {
            cols = 2 + r.nextInt(23);
            rows = 2 + r.nextInt(23);
        }
        // Detector about the volume's magnified size (× 0.5 to 3), so most DRRs hold both bone and air.
        double field = 2 * radius * sdd / distance * (0.5 + 2.5 * r.nextDouble());
        double pixel = Math.max(field / Math.max(cols, rows), 1e-3);
        double fx = -sdd / pixel, fy = -sdd / (pixel * (0.8 + 0.4 * r.nextDouble()));
        double cx = (cols - 1) / 2.0, cy = (rows - 1) / 2.0;
        if (r.nextInt(4) == 0) {
            cx += cols * (r.nextDouble() - 0.5);
            cy += rows * (r.nextDouble() - 0.5);
        } else if (r.nextInt(20) == 0) {
            cx += 1e6; // every ray misses the volume
        }
        if (r.nextInt(30) == 0) { // absurd intrinsics: pixels of 1e-300 or 1e300 mm
            double f = Math.pow(10, r.nextBoolean() ? -300 : 300);
            fx = -f;
            fy = -f;
        }
        fx = Math.min(fx, -Double.MIN_NORMAL); // 1e-300 mm over 1e300 mm pixels underflows to −0
        fy = Math.min(fy, -Double.MIN_NORMAL);
        d.append(String.format(Locale.ROOT, " camera %dx%d sdd %.3g mm fx %.3g;", cols, rows, sdd, fx));
        return new Camera(cols, rows, fx, fy, cx, cy, sdd);
    }

    /** volFromCam of the reference camera: looking at the volume from {@code distance}, or one of the degenerate poses. */
    private static Rigid referencePose(Random r, StringBuilder d, double[] centre, double radius, double distance) {
        String kind = pick(r, POSE_KINDS);
        Rigid rotation = switch (kind) {
            case "rotation-pi" -> Rigid.rotation(unit(r), Math.PI);
            case "exact-pi-matrix" -> exactPi(r.nextInt(3));
            case "near-zero-rotation" -> r.nextBoolean() ? Rigid.identity() : Rigid.rotation(unit(r), 1e-12 * r.nextDouble());
            default -> randomRotation(r, Math.PI);
        };
        double[] target = centre.clone();
        double dist = distance;
        switch (kind) {
            case "far-outside" -> {
                double[] u = unit(r);
                double off = Math.pow(10, 4 + 2 * r.nextDouble());
                for (int a = 0; a < 3; a++) target[a] += off * u[a];
            }
            case "huge-translation" -> {
                double[] u = unit(r);
                double off = Math.pow(10, 9 + 6 * r.nextDouble());
                for (int a = 0; a < 3; a++) target[a] += off * u[a];
            }
            case "absurd-translation" -> {
                double[] u = unit(r);
                double off = Math.pow(10, 150 + 158 * r.nextDouble());
                for (int a = 0; a < 3; a++) target[a] += off * u[a];
            }
            case "source-inside" -> dist = 0.3 * radius * r.nextDouble();
            default -> { }
        }
        d.append(" pose ").append(kind).append(';');
        return Rigid.translation(target[0], target[1], target[2]).compose(rotation).compose(Rigid.translation(0, 0, dist));
    }

    /** camRefFromCam of a further view: a C-arm rotation about the volume centre (at depth {@code distance}), or a degenerate one. */
    private static Rigid relativeView(Random r, StringBuilder d, double distance) {
        String kind = pick(r, VIEW_KINDS);
        d.append(" view ").append(kind).append(';');
        double angle = switch (kind) {
            case "c-arm-pi" -> Math.PI;
            case "c-arm-tiny" -> 1e-12;
            default -> (r.nextDouble() - 0.5) * Math.PI;
        };
        return switch (kind) {
            case "identical" -> Rigid.identity();
            case "random-rigid" -> randomRotation(r, Math.PI).compose(Rigid.translation(50 * r.nextGaussian(), 50 * r.nextGaussian(), 50 * r.nextGaussian()));
            default -> Rigid.translation(0, 0, -distance).compose(Rigid.rotation(unit(r), angle)).compose(Rigid.translation(0, 0, distance));
        };
    }

    /** The right perturbation from a view's true pose to its prediction. */
    private static Rigid perturbation(Random r, StringBuilder d) {
        String kind = pick(r, PERTURBATION_KINDS);
        d.append(" prediction ").append(kind).append(';');
        double[] u = unit(r), t = unit(r);
        return switch (kind) {
            case "none" -> Rigid.identity();
            case "small" -> Rigid.exp(0.05 * r.nextGaussian(), 0.05 * r.nextGaussian(), 0.05 * r.nextGaussian(), 5 * r.nextGaussian(),
                    5 * r.nextGaussian(), 5 * r.nextGaussian());
            case "large" -> randomRotation(r, Math.PI).compose(Rigid.translation(100 * t[0], 100 * t[1], 100 * t[2]));
            case "pi" -> r.nextBoolean() ? Rigid.rotation(u, Math.PI) : exactPi(r.nextInt(3));
            case "near-zero" -> Rigid.exp(1e-10 * u[0], 1e-10 * u[1], 1e-10 * u[2], 1e-9 * t[0], 1e-9 * t[1], 1e-9 * t[2]);
            case "two-pi" -> Rigid.rotation(u, 2 * Math.PI);
            case "absurd-translation" -> Rigid.translation(1e300 * t[0], 1e300 * t[1], 1e300 * t[2]);
            default -> Rigid.translation(1e12 * t[0], 1e12 * t[1], 1e12 * t[2]);
        };
    }

    private static Image observedImage(Random r, StringBuilder d, Camera cam, CpuRenderer renderer, Rigid truth) {
        String kind = pick(r, IMAGE_KINDS);
        int cols = cam.cols(), rows = cam.rows(), n = cols * rows;
        float[] x = new float[n];
        Image drr = null;
        if (kind.startsWith("drr") || kind.startsWith("scaled") || kind.equals("inverted")) {
            if (renderer != null) {
                try {
                    drr = renderer.render(cam, truth);
                } catch (IllegalArgumentException e) {
                    kind = "noise"; // e.g. the source inside the volume: the render component reports it
                }
            } else {
                kind = "noise";
            }
        }
        switch (kind) {
            case "drr", "drr-noise", "scaled-huge", "scaled-tiny", "inverted" -> {
                float[] src = drr.data();
                double scale = kind.equals("scaled-huge") ? 1e30 : kind.equals("scaled-tiny") ? 1e-30 : kind.equals("inverted") ? -1 : 1;
                double noise = kind.equals("drr-noise") ? 0.01 * Math.max(drr.max(), 1e-6) : 0;
                for (int i = 0; i < n; i++) {
                    x[i] = (float) (scale * (src[i] + noise * r.nextGaussian()));
                    if (!Float.isFinite(x[i])) x[i] = src[i]; // 1e30 × a huge DRR: keep the input finite
                }
            }
            case "constant" -> java.util.Arrays.fill(x, (float) (r.nextBoolean() ? 1 : 1e20 * r.nextGaussian()));
            case "noise" -> {
                for (int i = 0; i < n; i++) x[i] = (float) r.nextGaussian();
            }
            case "one-pixel" -> x[r.nextInt(n)] = (float) (1 + r.nextDouble());
            case "blocks" -> {
                int b = 1 + r.nextInt(16);
                for (int v = 0; v < rows; v++) for (int u = 0; u < cols; u++) x[v * cols + u] = ((u / b + v / b) % 2);
            }
            case "subnormal" -> {
                for (int i = 0; i < n; i++) x[i] = Float.MIN_VALUE * r.nextInt(4);
            }
            case "float-max" -> {
                for (int i = 0; i < n; i++) x[i] = (float) ((2 * r.nextDouble() - 1) * Float.MAX_VALUE);
            }
            default -> { } // zero
        }
        d.append(" image ").append(kind).append(';');
        return new Image(cols, rows, x);
    }

    private static Image mask(Random r, StringBuilder d, Camera cam) {
        String kind = pick(r, MASK_KINDS);
        if (kind.equals("none")) return null;
        d.append(" mask ").append(kind).append(';');
        int n = cam.cols() * cam.rows();
        float[] w = new float[n];
        switch (kind) {
            case "binary" -> {
                for (int i = 0; i < n; i++) w[i] = r.nextBoolean() ? 1f : 0f;
                w[r.nextInt(n)] = 1f;
            }
            case "one-pixel" -> w[r.nextInt(n)] = 1f;
            case "tiny-weights" -> {
                for (int i = 0; i < n; i++) w[i] = (float) (1e-30 * r.nextDouble());
                w[r.nextInt(n)] = Float.MIN_VALUE;
            }
            case "fractional" -> {
                for (int i = 0; i < n; i++) w[i] = (float) r.nextDouble();
            }
            case "negative-or-nan" -> { // invalid: the similarities must name it
                java.util.Arrays.fill(w, 1f);
                w[r.nextInt(n)] = r.nextBoolean() ? -1f : Float.NaN;
            }
            default -> { } // all zero: the similarities must reject it
        }
        return new Image(cam.cols(), cam.rows(), w);
    }

    private static Image lossGradientImage(Random r, Camera cam) {
        int n = cam.cols() * cam.rows();
        float[] g = new float[n];
        int kind = r.nextInt(5);
        for (int i = 0; i < n; i++) {
            g[i] = switch (kind) {
                case 0 -> 0f;
                case 1 -> (float) (1e30 * r.nextGaussian());
                case 2 -> (float) ((2 * r.nextDouble() - 1) * Float.MAX_VALUE);
                default -> (float) r.nextGaussian();
            };
        }
        if (r.nextInt(40) == 0) g[r.nextInt(n)] = Float.NaN; // invalid: the renderer must name it
        return new Image(cam.cols(), cam.rows(), g);
    }

    /** Rotation by π about x, y or z, with exact ±1 and 0 entries. */
    private static Rigid exactPi(int axis) {
        double[] diag = {-1, -1, -1};
        diag[axis] = 1;
        return Rigid.of(diag[0], 0, 0, 0, 0, diag[1], 0, 0, 0, 0, diag[2], 0);
    }

    private static Rigid randomRotation(Random r, double maxAngle) {
        return Rigid.rotation(unit(r), maxAngle * r.nextDouble());
    }

    private static double[] unit(Random r) {
        double x, y, z, n;
        do {
            x = r.nextGaussian();
            y = r.nextGaussian();
            z = r.nextGaussian();
            n = Math.sqrt(x * x + y * y + z * z);
        } while (n < 1e-6);
        return new double[] {x / n, y / n, z / n};
    }

    private static double halfDiagonalMm(Volume mu) {
        double[] s = mu.spacingMm();
        double x = mu.nx() * s[0], y = mu.ny() * s[1], z = mu.nz() * s[2];
        return 0.5 * Math.hypot(Math.hypot(x, y), z); // spacing may be 1e300
    }

    static double minSpacing(Volume mu) {
        double[] s = mu.spacingMm();
        return Math.min(s[0], Math.min(s[1], s[2]));
    }
}
