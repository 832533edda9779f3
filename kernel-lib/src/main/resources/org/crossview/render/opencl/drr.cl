// DRR ray marching and its exact pose gradient (DESIGN.md section 3), the OpenCL twin of CpuRenderer.
//
// One work-item per pixel, NDRange (u, v, pose): neighbouring work-items march neighbouring rays (cache
// locality in the volume) and write neighbouring pixels (coalesced stores). Samples sit at t_k = k*step
// from the source; each ray is clipped to the box outside which trilinear mu is exactly 0, so the skipped
// samples contribute nothing. The volume is PaddedVolume's layout: zero layers around the voxels, so a
// sample inside the clip box reads valid memory without bounds checks.
//
// Build options set by the host:
//   USE_DOUBLE  per-ray set-up (clip, first sample, step) and the sums across blocks in double, as the
//               Java renderer does; without it everything is float.
//   WITH_IMAGE  also compile the forward kernel that samples an image3d with linear filtering.
//   BRICKED     the volume is stored in 8^3-voxel bricks (BrickedVolume's layout) instead of x-fastest rows:
//               the 8 corners of the cells that neighbouring rays visit share cache lines whatever the
//               rays' direction. The kernels' strideA/strideB arguments then mean 512*bricksX and
//               512*bricksX*bricksY instead of sx and sx*sy.
//   BLOCK       samples per float partial sum.
//   SKIP_EMPTY  march only the samples in occupied SKIP_CELL^3 bricks (EmptySpace's flags, BrickWalk's traversal): the
//               others read only zero voxels, so leaving them out changes neither the value nor the gradient.
//               Without it the occupancy arguments are ignored.

#ifdef USE_DOUBLE
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
typedef double real;
#else
typedef float real;
#endif

#ifndef BLOCK
#define BLOCK 16
#endif

// The 8 corners around cell (ix, iy, iz): CORNER_OFFSETS declares what AT(a, b, c) needs, a, b, c in {0, 1}.
#ifdef BRICKED
#define BRICK_X(c) ((((c) >> 3) << 9) + ((c) & 7))
#define BRICK_Y(c) (((c) >> 3) * strideA + (((c) & 7) << 3))
#define BRICK_Z(c) (((c) >> 3) * strideB + (((c) & 7) << 6))
#define CORNER_OFFSETS(ix, iy, iz) \
    const int ox0 = BRICK_X(ix), ox1 = BRICK_X((ix) + 1); \
    const int oy0 = BRICK_Y(iy), oy1 = BRICK_Y((iy) + 1); \
    const int oz0 = BRICK_Z(iz), oz1 = BRICK_Z((iz) + 1);
#define AT(a, b, c) vol[ox##a + oy##b + oz##c]
#else
#define CORNER_OFFSETS(ix, iy, iz) const int base = (ix) + strideA * (iy) + strideB * (iz);
#define AT(a, b, c) vol[base + (a) + (b) * strideA + (c) * strideB]
#endif

// A ray's samples in padded index coordinates: sample j (0 <= j < count) is at q0 + j*dq and lies
// (k0 + j)*step from the source along the unit direction dir (camera frame).
typedef struct {
    real ux, uy, uz;
    int k0, count;
    float x0, y0, z0, dx, dy, dz;
    real o[3], e[3]; // q(t) = o + t*e, t in mm from the source (for the brick walk)
} Ray;

// Mirrors CpuRenderer.Ray.setUp: returns 0 when the ray misses the support box.
// m: this pose's camera -> padded index affine, row-major 3x4.
inline int setUpRay(int u, int v, real fx, real fy, real cx, real cy, real f, __global const real *m,
                    real lo, real hiX, real hiY, real hiZ, real step, Ray *r) {
    real px = -f * (u - cx) / fx, py = -f * (v - cy) / fy, pz = -f;
    real len = sqrt(px * px + py * py + pz * pz);
    r->ux = px / len;
    r->uy = py / len;
    r->uz = pz / len;
    real t0 = 0, t1 = len; // from the source to the detector
    real ex = m[0] * r->ux + m[1] * r->uy + m[2] * r->uz;
    real ey = m[4] * r->ux + m[5] * r->uy + m[6] * r->uz;
    real ez = m[8] * r->ux + m[9] * r->uy + m[10] * r->uz;
    real e[3] = {ex, ey, ez};
    real o[3] = {m[3], m[7], m[11]};
    real hi[3] = {hiX, hiY, hiZ};
    for (int a = 0; a < 3; a++) {
        if (e[a] != 0) {
            real ta = (lo - o[a]) / e[a], tb = (hi[a] - o[a]) / e[a];
            t0 = fmax(t0, fmin(ta, tb));
            t1 = fmin(t1, fmax(ta, tb));
        } else if (!(o[a] > lo && o[a] < hi[a])) {
            return 0;
        }
    }
    if (!(t0 < t1)) return 0;
    real kFirst = ceil(t0 / step), kLast = floor(t1 / step);
    if (kLast < kFirst) return 0;
    r->k0 = (int) kFirst;
    r->count = (int) (kLast - kFirst) + 1;
    real tStart = r->k0 * step;
    r->x0 = (float) (o[0] + tStart * ex);
    r->y0 = (float) (o[1] + tStart * ey);
    r->z0 = (float) (o[2] + tStart * ez);
    r->dx = (float) (step * ex);
    r->dy = (float) (step * ey);
    r->dz = (float) (step * ez);
    for (int a = 0; a < 3; a++) {
        r->o[a] = o[a];
        r->e[a] = e[a];
    }
    return 1;
}

// The occupancy grid and the tight box around the non-zero voxels (EmptySpace): box = {loX, loY, loZ, hiX, hiY, hiZ}.
#define SKIP_PARAMS __global const uchar *restrict occ, __global const real *restrict box, const int nbx, const int nby, const int nbz

// Mirrors BrickWalk: a DDA over the SKIP_CELL^3 bricks yielding the runs of sample indices j in occupied bricks.
#ifndef SKIP_CELL
#define SKIP_CELL 8
#endif
typedef struct {
    real next[3], delta[3];
    int b[3], stepB[3];
    real tc, t1, runFrom, step;
    int k0, samples, lastEnd, inRun, done;
} Walk;

inline void walkStart(Walk *w, const Ray *r, __global const real *box, int nbx, int nby, int nbz, real step) {
    w->done = 1;
    w->inRun = 0;
    w->lastEnd = 0;
    w->k0 = r->k0;
    w->samples = r->count;
    w->step = step;
    real t0 = r->k0 * step, t1 = (r->k0 + r->count - 1) * step;
    for (int a = 0; a < 3; a++) {
        real lo = box[a], hi = box[3 + a];
        if (r->e[a] != 0) {
            real ta = (lo - r->o[a]) / r->e[a], tb = (hi - r->o[a]) / r->e[a];
            t0 = fmax(t0, fmin(ta, tb));
            t1 = fmin(t1, fmax(ta, tb));
        } else if (!(r->o[a] > lo && r->o[a] < hi)) {
            return;
        }
    }
    if (!(t0 <= t1)) return;
    const int n[3] = {nbx, nby, nbz};
    for (int a = 0; a < 3; a++) {
        real q = r->o[a] + t0 * r->e[a];
        int b = (int) floor(q / SKIP_CELL);
        w->b[a] = min(n[a] - 1, max(0, b));
        if (r->e[a] > 0) {
            w->stepB[a] = 1;
            w->next[a] = ((w->b[a] + 1) * (real) SKIP_CELL - r->o[a]) / r->e[a];
            w->delta[a] = SKIP_CELL / r->e[a];
        } else if (r->e[a] < 0) {
            w->stepB[a] = -1;
            w->next[a] = (w->b[a] * (real) SKIP_CELL - r->o[a]) / r->e[a];
            w->delta[a] = -SKIP_CELL / r->e[a];
        } else {
            w->stepB[a] = 0;
            w->next[a] = INFINITY;
            w->delta[a] = INFINITY;
        }
    }
    w->tc = t0;
    w->t1 = t1;
    w->done = 0;
}

// Samples with t in [from, to] not yet marched, as [*js, *je); 0 when there are none.
inline int walkRange(Walk *w, real from, real to, int *js, int *je) {
    int s = max(w->lastEnd, (int) fmin((real) w->samples, ceil(from / w->step) - w->k0));
    int e = max(s, (int) fmin((real) w->samples, floor(to / w->step) - w->k0 + 1));
    if (e <= s) return 0;
    w->lastEnd = e;
    *js = s;
    *je = e;
    return 1;
}

// The next run [*js, *je) of samples in consecutive occupied bricks; 0 when the ray has no more.
inline int walkNext(Walk *w, __global const uchar *occ, int nbx, int nby, int nbz, int *js, int *je) {
    const int n[3] = {nbx, nby, nbz};
    while (!w->done) {
        int axis = w->next[0] <= w->next[1] ? (w->next[0] <= w->next[2] ? 0 : 2) : (w->next[1] <= w->next[2] ? 1 : 2);
        real tExit = fmin(w->next[axis], w->t1);
        int emit = 0;
        real from = 0, to = 0;
        if (occ[w->b[0] + nbx * (w->b[1] + nby * w->b[2])]) {
            if (!w->inRun) {
                w->runFrom = w->tc;
                w->inRun = 1;
            }
        } else if (w->inRun) {
            emit = 1;
            from = w->runFrom;
            to = w->tc;
            w->inRun = 0;
        }
        if (tExit >= w->t1) {
            w->done = 1;
        } else {
            w->b[axis] += w->stepB[axis];
            if (w->b[axis] < 0 || w->b[axis] >= n[axis]) {
                w->done = 1;
            } else {
                w->tc = tExit;
                w->next[axis] += w->delta[axis];
            }
        }
        if (w->done && w->inRun) { // the last run ends with the ray (emit is 0 here: emitting clears inRun)
            emit = 1;
            from = w->runFrom;
            to = w->t1;
            w->inRun = 0;
        }
        if (emit && walkRange(w, from, to, js, je)) return 1;
    }
    return 0;
}

// Float partial sums over blocks j in [BLOCK*m, BLOCK*m + BLOCK), `real` across blocks (as the Java renderer
// sums in double). Blocks are aligned to j and carry across runs, as in CpuRenderer.
typedef struct {
    real acc;
    float part;
    int block;
} FwdSum;

// Adds mu(q_j), trilinear from the 8 voxels around each sample, for j in [j, end).
inline void marchForward(__global const float *restrict vol, int strideA, int strideB, const Ray *r, int j, int end, FwdSum *sum) {
    const float x0 = r->x0, y0 = r->y0, z0 = r->z0, dx = r->dx, dy = r->dy, dz = r->dz;
    float fj = j;
    while (j < end) {
        int block = j / BLOCK;
        if (block != sum->block) {
            sum->acc += sum->part;
            sum->part = 0;
            sum->block = block;
        }
        int stop = min(end, (block + 1) * BLOCK);
        float part = sum->part;
        for (; j < stop; j++, fj += 1.0f) {
            float x = x0 + fj * dx, y = y0 + fj * dy, z = z0 + fj * dz;
            int ix = (int) x, iy = (int) y, iz = (int) z; // positions are > 0: truncation is floor
            float fx = x - ix, fy = y - iy, fz = z - iz;
            CORNER_OFFSETS(ix, iy, iz)
            float c000 = AT(0, 0, 0), c100 = AT(1, 0, 0), c010 = AT(0, 1, 0), c110 = AT(1, 1, 0);
            float c001 = AT(0, 0, 1), c101 = AT(1, 0, 1), c011 = AT(0, 1, 1), c111 = AT(1, 1, 1);
            float c00 = c000 + fx * (c100 - c000), c10 = c010 + fx * (c110 - c010);
            float c01 = c001 + fx * (c101 - c001), c11 = c011 + fx * (c111 - c011);
            float c0 = c00 + fy * (c10 - c00), c1 = c01 + fy * (c11 - c01);
            part += c0 + fz * (c1 - c0);
        }
        sum->part = part;
    }
}

// Sum over the ray's samples (those in occupied bricks with SKIP_EMPTY: the others are exactly 0).
inline real rayForward(__global const float *restrict vol, int strideA, int strideB, const Ray *r, real step, SKIP_PARAMS) {
    FwdSum sum = {0, 0, 0};
#ifdef SKIP_EMPTY
    Walk w;
    walkStart(&w, r, box, nbx, nby, nbz, step);
    int js, je;
    while (walkNext(&w, occ, nbx, nby, nbz, &js, &je)) marchForward(vol, strideA, strideB, r, js, je, &sum);
#else
    marchForward(vol, strideA, strideB, r, 0, r->count, &sum);
#endif
    return sum.acc + sum.part;
}

__kernel void drrForward(__global const float *restrict vol, const int strideA, const int strideB,
                         const real lo, const real hiX, const real hiY, const real hiZ, const real step,
                         __global const real *restrict maps,
                         const real fx, const real fy, const real cx, const real cy, const real f,
                         const int cols, const int rows,
                         __global float *restrict out, SKIP_PARAMS) {
    const int u = get_global_id(0), v = get_global_id(1), p = get_global_id(2);
    if (u >= cols || v >= rows) return;
    Ray r;
    float value = 0;
    if (setUpRay(u, v, fx, fy, cx, cy, f, maps + 12 * p, lo, hiX, hiY, hiZ, step, &r)) {
        value = (float) (rayForward(vol, strideA, strideB, &r, step, occ, box, nbx, nby, nbz) * step);
    }
    out[((size_t) p * rows + v) * cols + u] = value;
}

#ifdef WITH_IMAGE
// The same ray march through the texture unit: linear filtering of an image3d of the padded volume
// (texel centres at integer + 0.5 in unnormalised coordinates). Hardware filtering may use reduced
// precision interpolation weights (NVIDIA: 8 fractional bits), so this is a forward-only option.
__constant sampler_t LINEAR = CLK_NORMALIZED_COORDS_FALSE | CLK_ADDRESS_CLAMP | CLK_FILTER_LINEAR;

__kernel void drrForwardImage(__read_only image3d_t vol,
                              const real lo, const real hiX, const real hiY, const real hiZ, const real step,
                              __global const real *restrict maps,
                              const real fx, const real fy, const real cx, const real cy, const real f,
                              const int cols, const int rows,
                              __global float *restrict out, SKIP_PARAMS) {
    const int u = get_global_id(0), v = get_global_id(1), p = get_global_id(2);
    if (u >= cols || v >= rows) return;
    Ray r;
    float value = 0;
    if (setUpRay(u, v, fx, fy, cx, cy, f, maps + 12 * p, lo, hiX, hiY, hiZ, step, &r)) {
        const float4 q0 = (float4) (r.x0 + 0.5f, r.y0 + 0.5f, r.z0 + 0.5f, 0.0f);
        const float4 dq = (float4) (r.dx, r.dy, r.dz, 0.0f);
        real acc = 0;
        int js = 0, je = r.count;
#ifdef SKIP_EMPTY
        Walk w;
        walkStart(&w, &r, box, nbx, nby, nbz, step);
        while (walkNext(&w, occ, nbx, nby, nbz, &js, &je)) {
#endif
            float fj = js;
            int j = js;
            while (j < je) {
                int end = min(je, j + BLOCK);
                float part = 0;
                for (; j < end; j++, fj += 1.0f) part += read_imagef(vol, LINEAR, q0 + fj * dq).x;
                acc += part;
            }
#ifdef SKIP_EMPTY
        }
#endif
        value = (float) (acc * step);
    }
    out[((size_t) p * rows + v) * cols + u] = value;
}
#endif

// Sums 6 components over the work-group in local memory (tree; the group size is a power of two).
// Returns with scratch[c * n] holding component c's total; every work-item must call it.
inline void reduce6(__local real *scratch, int lid, int n) {
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int s = n >> 1; s > 0; s >>= 1) {
        if (lid < s) {
            for (int c = 0; c < 6; c++) scratch[c * n + lid] += scratch[c * n + lid + s];
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
}

// Per work-group partial sums of sum_u dLoss(u) * dI(u)/dxi, xi = (omega, v) of the right perturbation.
// With g_j the trilinear gradient of mu in padded index coordinates at sample j and M = A*R (the maps'
// 3x3 part): dI/dv = D * M^T * sum_j g_j and dI/domega = dir x (M^T * sum_j D * t_j * g_j), t_j = (k0 + j) * D,
// D the step. The loop sums S = sum_j g_j and J = sum_j j * g_j; the 3x3 products and the cross product
// happen once per ray.
// partials: [pose][group][6].
__kernel void drrGradient(__global const float *restrict vol, const int strideA, const int strideB,
                          const real lo, const real hiX, const real hiY, const real hiZ, const real step,
                          __global const real *restrict maps,
                          const real fx, const real fy, const real cx, const real cy, const real f,
                          const int cols, const int rows,
                          __global const float *restrict dLoss, __global real *restrict partials,
                          __local real *scratch, SKIP_PARAMS) {
    const int u = get_global_id(0), v = get_global_id(1), p = get_global_id(2);
    const int lid = get_local_id(0) + get_local_size(0) * get_local_id(1);
    const int n = get_local_size(0) * get_local_size(1);
    real g[6] = {0, 0, 0, 0, 0, 0};
    const float w = (u < cols && v < rows) ? dLoss[((size_t) p * rows + v) * cols + u] : 0.0f;
    __global const real *m = maps + 12 * p;
    Ray r;
    if (w != 0 && setUpRay(u, v, fx, fy, cx, cy, f, m, lo, hiX, hiY, hiZ, step, &r)) {
        const float x0 = r.x0, y0 = r.y0, z0 = r.z0, dx = r.dx, dy = r.dy, dz = r.dz;
        real sgx = 0, sgy = 0, sgz = 0, jx = 0, jy = 0, jz = 0;
        // Blocks aligned to j, carried across runs (as in CpuRenderer.gradient).
        float ax = 0, ay = 0, az = 0, bx = 0, by = 0, bz = 0;
        int openBlock = 0;
        int js = 0, je = r.count;
#ifdef SKIP_EMPTY
        Walk walk;
        walkStart(&walk, &r, box, nbx, nby, nbz, step);
        while (walkNext(&walk, occ, nbx, nby, nbz, &js, &je)) {
#endif
        float fj = js;
        int j = js;
        while (j < je) {
            int block = j / BLOCK;
            if (block != openBlock) {
                sgx += ax;
                sgy += ay;
                sgz += az;
                jx += bx;
                jy += by;
                jz += bz;
                ax = ay = az = bx = by = bz = 0;
                openBlock = block;
            }
            int end = min(je, (block + 1) * BLOCK);
            for (; j < end; j++, fj += 1.0f) {
                float x = x0 + fj * dx, y = y0 + fj * dy, z = z0 + fj * dz;
                int ix = (int) x, iy = (int) y, iz = (int) z;
                float fx_ = x - ix, fy_ = y - iy, fz_ = z - iz;
                CORNER_OFFSETS(ix, iy, iz)
                float c000 = AT(0, 0, 0), c100 = AT(1, 0, 0), c010 = AT(0, 1, 0), c110 = AT(1, 1, 0);
                float c001 = AT(0, 0, 1), c101 = AT(1, 0, 1), c011 = AT(0, 1, 1), c111 = AT(1, 1, 1);
                float e00 = c100 - c000, e10 = c110 - c010, e01 = c101 - c001, e11 = c111 - c011;
                float c00 = c000 + fx_ * e00, c10 = c010 + fx_ * e10, c01 = c001 + fx_ * e01, c11 = c011 + fx_ * e11;
                float gx0 = e00 + fy_ * (e10 - e00), gx1 = e01 + fy_ * (e11 - e01);
                float gx = gx0 + fz_ * (gx1 - gx0); // dmu/dq_x
                float ey0 = c10 - c00, ey1 = c11 - c01;
                float gy = ey0 + fz_ * (ey1 - ey0); // dmu/dq_y
                float gz = (c01 + fy_ * ey1) - (c00 + fy_ * ey0); // dmu/dq_z
                ax += gx;
                ay += gy;
                az += gz;
                bx += fj * gx;
                by += fj * gy;
                bz += fj * gz;
            }
        }
#ifdef SKIP_EMPTY
        }
#endif
        sgx += ax;
        sgy += ay;
        sgz += az;
        jx += bx;
        jy += by;
        jz += bz;
        const real h = step, hh = step * step;
        const real s0 = h * sgx, s1 = h * sgy, s2 = h * sgz;
        const real t0 = hh * (r.k0 * sgx + jx), t1 = hh * (r.k0 * sgy + jy), t2 = hh * (r.k0 * sgz + jz);
        const real wx = m[0] * t0 + m[4] * t1 + m[8] * t2;
        const real wy = m[1] * t0 + m[5] * t1 + m[9] * t2;
        const real wz = m[2] * t0 + m[6] * t1 + m[10] * t2;
        g[0] = w * (r.uy * wz - r.uz * wy);
        g[1] = w * (r.uz * wx - r.ux * wz);
        g[2] = w * (r.ux * wy - r.uy * wx);
        g[3] = w * (m[0] * s0 + m[4] * s1 + m[8] * s2);
        g[4] = w * (m[1] * s0 + m[5] * s1 + m[9] * s2);
        g[5] = w * (m[2] * s0 + m[6] * s1 + m[10] * s2);
    }
    for (int c = 0; c < 6; c++) scratch[c * n + lid] = g[c];
    reduce6(scratch, lid, n);
    if (lid == 0) {
        const int groups = get_num_groups(0) * get_num_groups(1);
        const int group = get_group_id(0) + get_num_groups(0) * get_group_id(1);
        for (int c = 0; c < 6; c++) partials[((size_t) p * groups + group) * 6 + c] = scratch[c * n];
    }
}

// Final reduction: one work-group per pose sums that pose's group partials into grads[pose][6].
__kernel void reducePartials(__global const real *restrict partials, const int groups,
                             __global real *restrict grads, __local real *scratch) {
    const int lid = get_local_id(0), n = get_local_size(0), p = get_group_id(1);
    real acc[6] = {0, 0, 0, 0, 0, 0};
    for (int g = lid; g < groups; g += n) {
        for (int c = 0; c < 6; c++) acc[c] += partials[((size_t) p * groups + g) * 6 + c];
    }
    for (int c = 0; c < 6; c++) scratch[c * n + lid] = acc[c];
    reduce6(scratch, lid, n);
    if (lid == 0) {
        for (int c = 0; c < 6; c++) grads[p * 6 + c] = scratch[c * n];
    }
}
