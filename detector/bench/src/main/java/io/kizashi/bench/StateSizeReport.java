package io.kizashi.bench;

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
        System.out.printf("%-10s %12s %14s %16s%n", "workload", "history", "heap bytes", "serialised bytes");
        for (Workloads.Kind kind : Workloads.Kind.values()) {
            int[] histories = kind == Workloads.Kind.SEASONAL ? new int[] {288 * 3, 288 * 21} : new int[] {100, 10_000};
            for (int history : histories) {
                SeriesModel m = Workloads.trained(kind, 3, history);
                // the configuration (calendar, zone rules) is shared by every series: not counted
                long heap = GraphLayout.parseInstance(m).subtract(GraphLayout.parseInstance(m.config())).totalSize();
                int bytes = m.toBytes().length;
                System.out.printf("%-10s %12d %14d %16d   (seasonality %s)%n", kind, history, heap, bytes, m.seasonality());
            }
        }
    }
}
