package org.crossview.render;

import org.crossview.geometry.Camera;

/**
 * What the rays of one DRR (one camera, one pose) share, worked out once per image instead of once per ray: the ray of
 * pixel (u, v) runs from the source o to the detector point p(u, v) = (kx·(u − cx), ky·(v − cy), −f) (camera frame, mm),
 * which in padded index space is q(s) = o + s·E(u, v), s ∈ [0, 1] from source to detector, with E = M·p linear in the
 * pixel: E = Ec + (u − cx)·Eu + (v − cy)·Ev. The support box is kept relative to the source, so that a ray's clip costs
 * one reciprocal and two multiplications per axis; nothing here depends on the ray's length, so no square root or
 * normalisation stands between the pixel and its samples.
 */
final class RayFan {
    final double kx, ky, cx, cy, f; // p(u, v) = (kx·(u − cx), ky·(v − cy), −f)
    final double ecx, ecy, ecz, eux, euy, euz, evx, evy, evz; // E = Ec + (u − cx)·Eu + (v − cy)·Ev
    final double ox, oy, oz; // the source in padded index coordinates
    final double loX, loY, loZ, hiX, hiY, hiZ; // the open support box, minus the source

    /** {@code m}: the pose's camera → padded-index affine ({@link PaddedVolume#cameraToIndex}), row-major 3×4. */
    RayFan(Camera cam, double[] m, PaddedVolume vol) {
        f = cam.sourceToDetectorMm();
        kx = -f / cam.fx();
        ky = -f / cam.fy();
        cx = cam.cx();
        cy = cam.cy();
        eux = kx * m[0];
        euy = kx * m[4];
        euz = kx * m[8];
        evx = ky * m[1];
        evy = ky * m[5];
        evz = ky * m[9];
        ecx = -f * m[2];
        ecy = -f * m[6];
        ecz = -f * m[10];
        ox = m[3];
        oy = m[7];
        oz = m[11];
        loX = vol.supportLo(0) - ox;
        loY = vol.supportLo(1) - oy;
        loZ = vol.supportLo(2) - oz;
        hiX = vol.supportHi(0) - ox;
        hiY = vol.supportHi(1) - oy;
        hiZ = vol.supportHi(2) - oz;
    }
}
