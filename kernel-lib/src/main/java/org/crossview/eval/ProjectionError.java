package org.crossview.eval;

/**
 * Registration errors of one projection (DESIGN.md §7).
 *
 * @param mTreMm 3D mTRE: mean over landmarks X of ‖T_gt⁻¹X − T_est⁻¹X‖, T = volFromCam, i.e. the landmarks'
 *        displacement in the camera frame (mm); the same as in DeepFluoro's camera "world" frame, since E is rigid
 * @param mPdMm mean projection distance: mean over landmarks in front of the source of the distance between
 *        their projections under T_gt and T_est, on the detector plane (pixel offsets times pixel spacing, mm)
 * @param rotationDeg angle of R_gtᵀ·R_est (degrees; the same in every frame)
 * @param translationMm displacement of the landmarks' centroid c in the camera frame, ‖T_gt⁻¹c − T_est⁻¹c‖ (mm):
 *        the translational error with rotations taken about the anatomy, not about the source or the CT origin
 * @param landmarks how many landmarks the mTRE averages
 * @param projectedLandmarks how many the mPD averages (in front of the source under both poses)
 */
public record ProjectionError(double mTreMm, double mPdMm, double rotationDeg, double translationMm, int landmarks, int projectedLandmarks) {}
