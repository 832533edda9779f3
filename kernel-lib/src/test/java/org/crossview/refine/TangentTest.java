package org.crossview.refine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.crossview.geometry.Rigid;
import org.junit.jupiter.api.Test;

class TangentTest {
    private final Rigid t = Rigid.exp(0.3, -0.5, 0.2, 40, -12, 700);
    private final double[] xi = {0.01, -0.02, 0.015, 0.7, -0.3, 1.1};

    @Test
    void adjointConjugatesTheExponential() {
        Rigid direct = t.compose(Rigid.exp(xi)).compose(t.inverse());
        Rigid viaAdjoint = Rigid.exp(Tangent.adjoint(t, xi));
        assertTrue(direct.maxAbsDiff(viaAdjoint) < 1e-9, () -> direct + " vs " + viaAdjoint);
    }

    @Test
    void transposeIsTheAdjointOfTheAdjoint() {
        double[] g = {0.3, -1.2, 0.4, 2.0, 0.1, -0.7};
        double[] ad = Tangent.adjoint(t, xi), adT = Tangent.adjointTranspose(t, g);
        double lhs = 0, rhs = 0;
        for (int k = 0; k < 6; k++) {
            lhs += g[k] * ad[k];
            rhs += adT[k] * xi[k];
        }
        assertEquals(lhs, rhs, 1e-9 * Math.abs(lhs));
    }
}
