/**
 * DeepFluoro in and out (DESIGN.md §2, §8): the HDF5 layout of Grupp et al. (IPCAI 2020), read lazily
 * ({@link org.crossview.data.DeepFluoroFile}) and written ({@link org.crossview.data.DeepFluoroWriter}); the conversion
 * of its geometry into the project's, done once, here ({@link org.crossview.data.DeepFluoroGeometry}: camera from K,
 * {@code volFromCam = P·E⁻¹}, the −0.5 mm option); simulated datasets from any CT
 * ({@link org.crossview.data.SimulatedDataset}, {@link org.crossview.data.XraySimulator}); preprocessing that moves K,
 * pose and landmarks with the pixels ({@link org.crossview.data.Preprocess}); multi-view cases
 * ({@link org.crossview.data.MultiViewCases}).
 *
 * <p>In a notebook:
 * <pre>{@code
 * try (DeepFluoroFile f = DeepFluoroFile.open(Path.of("sim.h5"))) {
 *     DeepFluoroSpecimen s = f.specimen(0);
 *     System.out.println(s.projectionIds());
 *     XrayView v = s.view("003", Preprocess.Settings.deepFluoro(f.camera())); // log, turned up, 1.552 mm pixels
 *     display(v.picture(3));                                                  // with its landmarks
 *     Rigid volFromCam = v.volFromCam();                                      // for the renderer
 * }
 * }</pre>
 */
package org.crossview.data;
