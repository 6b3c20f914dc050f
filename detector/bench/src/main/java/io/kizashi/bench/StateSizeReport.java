package io.kizashi.bench;

import io.kizashi.core.model.DeviationKind;
import io.kizashi.core.model.Direction;
import io.kizashi.core.model.ModelConfig;
import io.kizashi.core.model.Reason;
import io.kizashi.core.model.SeriesModel;
import org.openjdk.jol.info.GraphLayout;

/**
 * Bytes per series model: the retained heap of a trained model (JOL object graph) and its serialised
 * state, for each workload. Run with {@code ./kizashi bench size} (needs {@code -Djol.magicFieldOffset=true}
 * on Java 25, which the launcher passes).
 */
public final class StateSizeReport {

    private StateSizeReport() {
    }

    public static void main(String[] args) {
        System.out.printf("%-10s %12s %12s %12s %16s%n", "workload", "history", "heap bytes", "own bytes", "serialised bytes");
        // enum constants (a result's reason and direction) and a fixed-offset calendar's clock are one instance
        // per JVM, shared by every series; "own bytes" leaves them out
        Object[] shared = {Reason.values(), Direction.values(), DeviationKind.values(), ModelConfig.defaults().calendar().clock()};
        for (Workloads.Kind kind : Workloads.Kind.values()) {
            int[] histories = kind == Workloads.Kind.SEASONAL ? new int[] {288 * 3, 288 * 21} : new int[] {100, 10_000};
            for (int history : histories) {
                SeriesModel m = Workloads.trained(kind, 3, history);
                // the configuration (calendar, zone rules) is shared by every series: not counted
                GraphLayout graph = GraphLayout.parseInstance(m).subtract(GraphLayout.parseInstance(m.config()));
                long heap = graph.totalSize();
                long own = graph.subtract(GraphLayout.parseInstance(shared)).totalSize();
                int bytes = m.toBytes().length;
                System.out.printf("%-10s %12d %12d %12d %16d   (seasonality %s)%n", kind, history, heap, own, bytes, m.seasonality());
            }
        }
    }
}
