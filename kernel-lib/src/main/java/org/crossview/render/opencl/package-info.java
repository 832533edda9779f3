/**
 * The OpenCL back end of the DRR renderer (JOCL): {@link org.crossview.render.opencl.OpenClRenderer} and the
 * device listing {@link org.crossview.render.opencl.OpenClDevices}. Usually reached through
 * {@code Renderers.create("opencl" | "auto", mu, settings)}; {@code Renderers.describeAvailable()} says what is
 * there and what "auto" picks (a GPU, else the Java renderer).
 *
 * <p>Kernels ({@code drr.cl} next to these classes): one work-item per pixel in 16×8 tiles, poses of a call as
 * the third NDRange dimension; the forward pass writes each pixel once (coalesced), the backward pass sums the
 * six pose-gradient components per work-group in local memory and then per pose in a second small kernel (no
 * atomics). Numbers equal the Java renderer's to float rounding (see OpenClAgreementTest for the tolerances).
 *
 * <p>Measured on PoCL 3.1 (2 shared cores, AVX-512): buffer sampling is several times faster than image3d
 * sampling there (PoCL filters images in software), so the image path is off by default; on GPUs the texture
 * unit's linear filtering uses 8-bit interpolation weights (NVIDIA), which breaks float-precision agreement,
 * hence forward-only and opt-in ({@code Options.imageForward}).
 *
 * <p>On a GPU machine without Java, {@code scripts/gpu-bench.sh} packs a jlink JDK with the benchmark and
 * registers NVIDIA's OpenCL driver with an ICD loader.
 */
package org.crossview.render.opencl;
