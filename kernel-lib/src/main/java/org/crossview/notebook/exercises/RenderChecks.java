package org.crossview.notebook.exercises;

import java.util.Random;
import org.crossview.geometry.Camera;
import org.crossview.geometry.Rigid;
import org.crossview.image.Image;
import org.crossview.render.CpuRenderer;
import org.crossview.render.RenderSettings;
import org.crossview.volume.Volume;

/**
 * Checks of the renderer exercises (DESIGN.md §3): one DRR pixel as a line integral (against the closed form of a
 * ball, 2μ·sqrt(r² − d²), and the CPU renderer's own pixel), and one ray's pose gradient by the chain rule (against
 * central finite differences of the same sum for a quadratic attenuation field, whose gradient is known exactly).
 */
final class RenderChecks {
    private RenderChecks() {}

    static void lineIntegral(Exercises.LineIntegral student) {
        double radiusMm = 30, mu = 0.02;
        Volume ball = ExerciseScene.ball(radiusMm, mu, 2);
        Camera camera = ExerciseScene.camera();
        Rigid volFromCam = ExerciseScene.lookAt(0.3, -0.2, 0.5);
        int[][] pixels = {{15, 15}, {20, 12}, {8, 22}, {27, 15}, {2, 2}};
        for (double stepMm : new double[] {0.5, 1.5}) {
            Image drr;
            try (CpuRenderer renderer = new CpuRenderer(ball, new RenderSettings(stepMm))) {
                drr = renderer.render(camera, volFromCam);
            }
            for (int[] p : pixels) {
                String call = String.format("lineIntegral(ball, camera, volFromCam, %d, %d, %.1f)", p[0], p[1], stepMm);
                double got = Expect.call(call, () -> student.lineIntegral(ball, camera, volFromCam, p[0], p[1], stepMm));
                double analytic = ballIntegral(camera, p[0], p[1], radiusMm, mu);
                Expect.near(call + " (ball of radius 30 mm, μ = 0.02/mm; closed form 2μ·sqrt(r² − d²) = " + Expect.num(analytic) + ")",
                        analytic, got, 0.02 * 2 * mu * radiusMm,
                        "sum μ(x_k)·Δ over samples x_k = volFromCam·(t_k·d), t_k = k·Δ from the source to the detector");
                Expect.near(call + ", the renderer's pixel", drr.get(p[0], p[1]), got, 2e-4 * 2 * mu * radiusMm,
                        "samples must sit at t_k = k·Δ from the source (not from where the ray enters the volume)");
            }
        }
        Expect.pass("5 pixels at Δ = 0.5 and 1.5 mm match the closed form and the renderer");
    }

    /** 2μ·sqrt(r² − d²) with d the distance from the ball's centre to pixel (u, v)'s ray (camera frame). */
    private static double ballIntegral(Camera camera, int u, int v, double radiusMm, double mu) {
        double[] d = camera.detectorPoint(u, v);
        double[] c = {0, 0, -ExerciseScene.SOURCE_TO_CENTRE_MM};
        double dd = d[0] * d[0] + d[1] * d[1] + d[2] * d[2], cd = c[0] * d[0] + c[1] * d[1] + c[2] * d[2], cc = c[2] * c[2];
        double dist2 = cc - cd * cd / dd;
        return dist2 >= radiusMm * radiusMm ? 0 : 2 * mu * Math.sqrt(radiusMm * radiusMm - dist2);
    }

    static void rayGradient(Exercises.RayGradient student) {
        Random random = new Random(16);
        for (int trial = 0; trial < 3; trial++) {
            Rigid volFromCam = CrossViewChecks.randomPose(random, 0.8, 40);
            double[] c = gaussians(random, 3, 1e-3);
            double[] a = gaussians(random, 9, 1e-5);
            double[] sym = {a[0], a[1] + a[3], a[2] + a[6], a[1] + a[3], a[4], a[5] + a[7], a[2] + a[6], a[5] + a[7], a[8]}; // A + Aᵀ
            double stepMm = 0.5 + random.nextDouble();
            double[] dir = gaussians(random, 3, 1);
            dir[2] = -Math.abs(dir[2]) - 2;
            double norm = Math.sqrt(dir[0] * dir[0] + dir[1] * dir[1] + dir[2] * dir[2]);
            double[][] pCam = new double[12][], gradMu = new double[12][];
            for (int k = 0; k < pCam.length; k++) {
                double t = (400 + k) * stepMm / norm;
                pCam[k] = new double[] {t * dir[0], t * dir[1], t * dir[2]};
                gradMu[k] = gradient(c, sym, volFromCam.apply(pCam[k]));
            }
            double[] got = Expect.call("rayGradient(volFromCam, pCam, gradMuVol, stepMm)", () -> student.rayGradient(volFromCam, pCam, gradMu, stepMm));
            double[] fd = new double[6];
            double h = 1e-6;
            for (int i = 0; i < 6; i++) {
                double[] plus = new double[6], minus = new double[6];
                plus[i] = h;
                minus[i] = -h;
                fd[i] = (integral(volFromCam.perturbRight(plus), pCam, c, sym, stepMm) - integral(volFromCam.perturbRight(minus), pCam, c, sym, stepMm)) / (2 * h);
            }
            Expect.near("∂I/∂ξ of one ray (finite differences of I(volFromCam·exp(ξ)) for μ(x) = c·x + ½xᵀ(A + Aᵀ)x, trial " + (trial + 1) + ")",
                    Expect.XI, fd, got, 1e-5 * Expect.maxAbs(fd),
                    "with g_k = Rᵀ∇μ(x_k) (camera frame): ∂I/∂ω = Δ·Σ p_k × g_k, ∂I/∂v = Δ·Σ g_k, rotation part first");
        }
        Expect.pass("3 random rays and poses match finite differences of the ray sum");
    }

    private static double integral(Rigid volFromCam, double[][] pCam, double[] c, double[] sym, double stepMm) {
        double sum = 0;
        for (double[] p : pCam) {
            double[] x = volFromCam.apply(p);
            double quadratic = 0;
            for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) quadratic += x[i] * sym[i * 3 + j] * x[j];
            sum += c[0] * x[0] + c[1] * x[1] + c[2] * x[2] + 0.5 * quadratic;
        }
        return sum * stepMm;
    }

    private static double[] gradient(double[] c, double[] sym, double[] x) {
        double[] g = c.clone();
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) g[i] += sym[i * 3 + j] * x[j];
        return g;
    }

    /** n Gaussians of standard deviation sd. */
    static double[] gaussians(Random random, int n, double sd) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = sd * random.nextGaussian();
        return x;
    }
}
