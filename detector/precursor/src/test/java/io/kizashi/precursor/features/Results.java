package io.kizashi.precursor.features;

import io.kizashi.core.change.ChangePoint;
import io.kizashi.core.change.ChangeType;
import io.kizashi.core.model.BucketResult;
import io.kizashi.core.model.DeviationKind;
import io.kizashi.core.model.Direction;
import io.kizashi.core.model.Reason;
import io.kizashi.core.model.ResultStatus;

import java.time.Instant;
import java.util.List;

/** Hand-made bucket results for feature tests. */
final class Results {
    private Results() {
    }

    /** A scored result whose residual is {@code z} band half-widths (expected 10, half-width 2). */
    static BucketResult scored(Instant t, double z, double probability, double score, DeviationKind kind, boolean change) {
        double actual = 10 + 2 * z;
        List<ChangePoint> cps = change ? List.of(new ChangePoint(ChangeType.LEVEL_SHIFT, t, t, 10, 12, 1)) : List.of();
        return new BucketResult(t, actual, 10, 8, 12, probability, score, score >= 40, z > 0 ? Direction.HIGH : z < 0 ? Direction.LOW : Direction.NONE,
                kind, kind == DeviationKind.NONE ? Reason.NORMAL : Reason.SUSTAINED_SHIFT, ResultStatus.SCORED, cps);
    }

    static BucketResult missing(Instant t) {
        return new BucketResult(t, Double.NaN, 10, 8, 12, 1, 0, false, Direction.NONE, DeviationKind.NONE, Reason.MISSING,
                ResultStatus.MISSING, List.of());
    }
}
