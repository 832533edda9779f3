/**
 * Stage 2 of the method (DESIGN.md §6): test-time refinement of one 6-DoF pose per case against all its
 * X-rays, and the whole method on a DeepFluoro-layout file.
 *
 * <ul>
 *   <li>{@link org.crossview.refine.MultiViewRefiner}: Adam on se(3) right-perturbation steps about a pivot,
 *       separate rotation/translation rates, plateau schedule with early stop, image pyramid
 *       ({@link org.crossview.refine.Pyramid}), any {@link org.crossview.loss.ImageSimilarity}, optional
 *       pose-dependent masks ({@link org.crossview.refine.TruncationMask}, {@link org.crossview.refine.BoneMask});
 *       one view with the identity as its relative transform is single-view registration.</li>
 *   <li>{@link org.crossview.refine.RefinementTrace}: every iteration's loss and pose (and, if asked, the DRRs),
 *       as a Tablesaw table or XChart charts.</li>
 *   <li>{@link org.crossview.refine.FileRegistration}: preprocessing, start, refinement (retried from the next
 *       start when suspect) and the file's {@code cam-to-pelvis-vol} for each view ({@code crossview register});
 *       {@link org.crossview.refine.PosesCsv} writes the result and its verdict atomically.</li>
 *   <li>{@link org.crossview.refine.StartSearch}: the start by image loss alone among candidates (coarse predictions,
 *       consensus, nominal C-arm poses, {@link org.crossview.data.CarmAngles}) and a multi-start search at the
 *       coarsest level; {@link org.crossview.refine.Verdict}: converged / suspect without ground truth.</li>
 *   <li>{@link org.crossview.refine.RobustnessStudy}: success and final mTRE against the initial error
 *       ({@link org.crossview.refine.InitialError}), single vs multi-view, with or without the coarse stage
 *       ({@code crossview robustness}).</li>
 * </ul>
 *
 * <pre>{@code
 * try (DeepFluoroFile f = DeepFluoroFile.open(h5)) {
 *     DeepFluoroSpecimen s = f.specimen(0);
 *     CtSource ct = CtSource.deepFluoro(h5, s.name());
 *     var options = FileRegistration.Options.defaults().withStart(FileRegistration.Start.PERTURBED_TRUTH, new InitialError(5, 10));
 *     try (FileRegistration reg = new FileRegistration(f, s, ct, null, options)) {
 *         var spec = FileRegistration.CaseSpec.of(MultiViewCase.fromStoredPoses("c0", s, List.of("000", "001", "002")));
 *         FileRegistration.Outcome o = reg.register(spec);
 *         StudyCase sc = reg.studyCase(spec);   // truth and landmarks, for scoring the trace
 *         XYChart chart = o.refinement().trace().metricChart("mTRE", "mm",
 *                 pose -> StudyCase.mtreMm(sc.volFromCamRefTrue(), pose, sc.landmarksVol()));
 *     }
 * }
 * }</pre>
 */
package org.crossview.refine;
