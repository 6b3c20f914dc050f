package io.kizashi.alerting.engine;

import java.util.List;

/** Everything an engine needs to continue after a restart. */
public record EngineSnapshot(List<AlertState> alerts, List<RuleHistory> histories, List<FalsePositive> falsePositives) {

    public static final EngineSnapshot EMPTY = new EngineSnapshot(List.of(), List.of(), List.of());

    public EngineSnapshot {
        alerts = List.copyOf(alerts);
        histories = List.copyOf(histories);
        falsePositives = List.copyOf(falsePositives);
    }
}
