package io.kizashi.alerting.engine;

import io.kizashi.alerting.rules.AlertRules;
import io.kizashi.alerting.rules.RuleSet;
import io.kizashi.core.change.ChangePoint;
import io.kizashi.core.change.ChangeType;
import io.kizashi.core.model.Direction;
import io.kizashi.core.series.SeriesKey;
import io.kizashi.core.trend.Forecast;
import io.kizashi.core.trend.ForecastPoint;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Hand-worked sequences for every lifecycle rule. Buckets are one minute apart from T0; a score of 80
 * means the condition holds, 10 that it does not. Each test states the expected timeline in a comment.
 */
class AlertEngineTest {

    static final Instant T0 = Instant.parse("2025-06-02T10:00:00Z");
    static final SeriesKey API = new SeriesKey("mdm-http", "p95_latency", Map.of("service.name", "device-api"));
    static final SeriesKey ENROLL = new SeriesKey("mdm-http", "p95_latency", Map.of("service.name", "enrollment"));
    static final SeriesKey PUSH = new SeriesKey("mdm-http", "p95_latency", Map.of("service.name", "push-gateway"));

    static Instant t(int minute) {
        return T0.plus(Duration.ofMinutes(minute));
    }

    static RuleSet rules(String yaml) {
        return AlertRules.parseStrict(yaml, "test.yaml");
    }

    /** Feeds one score per minute (index = minute) for one series and collects the transitions as "minute:KIND". */
    static List<String> run(AlertEngine engine, SeriesKey key, double... scores) {
        return runFrom(engine, key, 0, scores);
    }

    static List<String> runFrom(AlertEngine engine, SeriesKey key, int fromMinute, double... scores) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            int minute = fromMinute + i;
            CycleResult r = engine.evaluate(t(minute), List.of(SeriesObservation.ofScore(key, t(minute), scores[i])), List.of());
            r.transitions().forEach(tr -> out.add(minute + ":" + tr.kind()));
        }
        return out;
    }

    static final String SCORE_3_OF_5 = """
        name: latency
        condition: {score: {min: 75, count: 3, of: 5}}
        """;

    @Test
    void nOfMFiresOnTheBucketThatCompletesTheCountAndResolvesWhenItDrops() {
        // hits:          1   0   1   0   0   1   1   0
        // hits in last 5: 1   1   2   2   2   2   3   2   -> fires at minute 6, resolves at 7
        AlertEngine e = new AlertEngine(rules(SCORE_3_OF_5));
        assertThat(run(e, API, 80, 10, 80, 10, 10, 80, 80, 10)).containsExactly("6:FIRING", "7:RESOLVED");
    }

    @Test
    void forKeepsTheAlertPendingUntilItHasHeldLongEnough() {
        // for 3m: active from minute 0, fires at minute 3 (3m elapsed), resolves at 4.
        AlertEngine e = new AlertEngine(rules("""
            name: latency
            condition: {score: {min: 75}}
            for: 3m
            """));
        assertThat(run(e, API, 80, 80, 80, 80, 10)).containsExactly("0:PENDING", "3:FIRING", "4:RESOLVED");

        // Cleared at minute 2 (before 3m): cancelled, never notified; a new episode starts afresh at 3.
        AlertEngine e2 = new AlertEngine(rules("""
            name: latency
            condition: {score: {min: 75}}
            for: 3m
            """));
        assertThat(run(e2, API, 80, 80, 10, 80, 80, 80, 80)).containsExactly("0:PENDING", "2:CANCELLED", "3:PENDING", "6:FIRING");
    }

    @Test
    void keepFiringForBridgesShortGapsAndCountsFromTheFirstQuietBucket() {
        // keep 2m: quiet at 1 (kept), active at 2 (reset), quiet 3, 4 (1m), 5 (2m -> resolves at 5).
        AlertEngine e = new AlertEngine(rules("""
            name: latency
            condition: {score: {min: 75}}
            keep_firing_for: 2m
            """));
        assertThat(run(e, API, 80, 10, 80, 10, 10, 10, 10)).containsExactly("0:FIRING", "5:RESOLVED");
    }

    @Test
    void cooldownHoldsAReturningAlertPendingUntilItEnds() {
        // fires 0, resolves 1 (cooldown until 11); active again from 2 -> pending, held; fires at 11.
        AlertEngine e = new AlertEngine(rules("""
            name: latency
            condition: {score: {min: 75}}
            cooldown: 10m
            """));
        double[] s = new double[13];
        java.util.Arrays.fill(s, 80);
        s[1] = 10;
        List<String> got = new ArrayList<>();
        List<CycleResult.Hold> holds = new ArrayList<>();
        for (int i = 0; i < s.length; i++) {
            CycleResult r = e.evaluate(t(i), List.of(SeriesObservation.ofScore(API, t(i), s[i])), List.of());
            int m = i;
            r.transitions().forEach(tr -> got.add(m + ":" + tr.kind()));
            holds.addAll(r.held());
        }
        assertThat(got).containsExactly("0:FIRING", "1:RESOLVED", "2:PENDING", "11:FIRING");
        assertThat(holds).singleElement().satisfies(h -> {
            assertThat(h.at()).isEqualTo(t(2));
            assertThat(h.reason()).isEqualTo("cooldown until " + t(11));
        });

        // If it clears during the cooldown, the held episode is cancelled and nothing is notified.
        AlertEngine e2 = new AlertEngine(rules("""
            name: latency
            condition: {score: {min: 75}}
            cooldown: 10m
            """));
        assertThat(run(e2, API, 80, 10, 80, 80, 10)).containsExactly("0:FIRING", "1:RESOLVED", "2:PENDING", "4:CANCELLED");
    }

    @Test
    void aSilenceHoldsNewFiringsAndTheAlertFiresWhenItEndsIfStillActive() {
        // silence [2, 5): active from 3 -> pending held; fires at 5. An alert already firing keeps firing.
        RuleSet rs = rules("""
            rules:
              - name: latency
                condition: {score: {min: 75}}
            silences:
              - name: db-maintenance
                match: {service.name: device-*}
                starts_at: 2025-06-02T10:02:00Z
                ends_at: 2025-06-02T10:05:00Z
            """);
        AlertEngine e = new AlertEngine(rs);
        assertThat(run(e, API, 10, 10, 10, 80, 80, 80, 80)).containsExactly("3:PENDING", "5:FIRING");
        // enrollment does not match service.name=device-*: not silenced
        AlertEngine e2 = new AlertEngine(rs);
        assertThat(run(e2, ENROLL, 10, 10, 10, 80)).containsExactly("3:FIRING");
        // firing before the silence: keeps firing through it, resolves normally
        AlertEngine e3 = new AlertEngine(rs);
        assertThat(run(e3, API, 80, 80, 80, 80, 10)).containsExactly("0:FIRING", "4:RESOLVED");
    }

    @Test
    void rateLimitHoldsTheAlertsBeyondTheLimitAndReleasesThemWhenTheWindowHasRoom() {
        // max 2 per 10m: three services active from 0; device-api and enrollment fire at 0 (series order),
        // push-gateway is held until minute 10, when the firings of minute 0 leave the window.
        AlertEngine e = new AlertEngine(rules("""
            name: latency
            condition: {score: {min: 75}}
            rate_limit: {max: 2, per: 10m}
            """));
        List<String> got = new ArrayList<>();
        for (int m = 0; m <= 11; m++) {
            Instant b = t(m);
            CycleResult r = e.evaluate(b, List.of(SeriesObservation.ofScore(PUSH, b, 80), SeriesObservation.ofScore(API, b, 80),
                SeriesObservation.ofScore(ENROLL, b, 80)), List.of());
            int mm = m;
            r.transitions().forEach(tr -> got.add(mm + ":" + tr.labels().get("service_name") + ":" + tr.kind()));
        }
        assertThat(got).containsExactly("0:device-api:FIRING", "0:enrollment:FIRING", "0:push-gateway:PENDING",
            "10:push-gateway:FIRING");
    }

    @Test
    void groupByMakesOneAlertForSeveralSeriesShowingTheWorst() {
        AlertEngine e = new AlertEngine(rules("""
            name: latency
            condition: {score: {min: 75}}
            group_by: [job, metric]
            """));
        CycleResult r = e.evaluate(t(0), List.of(SeriesObservation.ofScore(API, t(0), 80), SeriesObservation.ofScore(ENROLL, t(0), 95)),
            List.of());
        assertThat(r.transitions()).singleElement().satisfies(tr -> {
            assertThat(tr.kind()).isEqualTo(TransitionKind.FIRING);
            assertThat(tr.labels()).containsOnlyKeys("alertname", "severity", "job", "metric");
            assertThat(tr.evidence().series()).isEqualTo(ENROLL.canonical());
        });
        // device-api recovers, enrollment still bad: still one firing alert, no transition
        r = e.evaluate(t(1), List.of(SeriesObservation.ofScore(API, t(1), 10), SeriesObservation.ofScore(ENROLL, t(1), 90)), List.of());
        assertThat(r.transitions()).isEmpty();
        assertThat(e.firing()).singleElement().satisfies(s -> assertThat(s.members()).hasSize(1));
        r = e.evaluate(t(2), List.of(SeriesObservation.ofScore(ENROLL, t(2), 10)), List.of());
        assertThat(r.transitions()).extracting(AlertTransition::kind).containsExactly(TransitionKind.RESOLVED);
    }

    @Test
    void aFalsePositiveResolvesTheAlertAndSuppressesTheSameDirectionForTheMutePeriod() {
        AlertEngine e = new AlertEngine(rules("""
            name: latency
            condition: {score: {min: 75}}
            false_positive_mute: 5m
            """));
        assertThat(run(e, API, 80)).containsExactly("0:FIRING");
        String fp = e.firing().getFirst().fingerprint();
        CycleResult marked = e.markFalsePositive(fp, t(0).plusSeconds(30), "alice", "batch job, expected");
        assertThat(marked.transitions()).singleElement().satisfies(tr -> {
            assertThat(tr.kind()).isEqualTo(TransitionKind.RESOLVED);
            assertThat(tr.note()).isEqualTo("marked false positive by alice: batch job, expected");
            assertThat(tr.idempotencyKey()).isEqualTo(fp + "-resolved-" + t(0).toEpochMilli());
        });
        assertThat(marked.falsePositives()).singleElement().satisfies(f -> {
            assertThat(f.until()).isEqualTo(t(0).plusSeconds(30).plus(Duration.ofMinutes(5)));
            assertThat(f.direction()).isEqualTo("high");
        });
        // still high: held until 10:05:30, so it fires at minute 6
        assertThat(runFrom(e, API, 1, 80, 80, 80, 80, 80, 80)).containsExactly("1:PENDING", "6:FIRING");

        // a low deviation is another pattern: not suppressed
        AlertEngine e2 = new AlertEngine(rules("""
            name: latency
            condition: {score: {min: 75}}
            """));
        run(e2, API, 80);
        e2.markFalsePositive(e2.firing().getFirst().fingerprint(), t(0), "bob", "");
        SeriesObservation low = new SeriesObservation(API, t(1), 1, 5, 4, 6, 80, 1e-8, true, Direction.LOW, "point_outlier",
            Double.NaN, Double.NaN, List.of(), null, List.of(), null, null);
        assertThat(e2.evaluate(t(1), List.of(low), List.of()).transitions()).extracting(AlertTransition::kind)
            .containsExactly(TransitionKind.FIRING);
        assertThatThrownBy(() -> e2.markFalsePositive("0000000000000000", t(2), "bob", ""))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no alert with fingerprint '0000000000000000'");
    }

    @Test
    void replayedBucketsChangeNothing() {
        AlertEngine e = new AlertEngine(rules(SCORE_3_OF_5));
        assertThat(run(e, API, 80, 80, 80)).containsExactly("2:FIRING");
        // the service replays the last buckets after a restart: no transition, no change
        assertThat(run(e, API, 80, 80, 80)).isEmpty();
        CycleResult again = e.evaluate(t(5), List.of(SeriesObservation.ofScore(API, t(2), 10)), List.of());
        assertThat(again.transitions()).isEmpty();
        assertThat(e.firing()).hasSize(1);
    }

    @Test
    void aRestartFromTheSnapshotContinuesExactlyLikeAnUninterruptedEngine() {
        String yaml = """
            name: latency
            condition: {score: {min: 75, count: 2, of: 3}}
            for: 2m
            keep_firing_for: 1m
            cooldown: 5m
            """;
        double[] scores = {10, 80, 10, 80, 80, 80, 80, 10, 10, 10, 80, 80, 80, 80, 80, 80, 80, 10, 10, 10};
        List<String> uninterrupted = run(new AlertEngine(rules(yaml)), API, scores);
        assertThat(uninterrupted).containsExactly("3:PENDING", "5:FIRING", "9:RESOLVED", "11:PENDING", "14:FIRING",
            "19:RESOLVED");
        for (int cut = 1; cut < scores.length; cut++) {
            AlertEngine first = new AlertEngine(rules(yaml));
            List<String> got = new ArrayList<>(run(first, API, java.util.Arrays.copyOfRange(scores, 0, cut)));
            EngineSnapshot snap = first.snapshot();
            AlertEngine second = new AlertEngine(rules(yaml), snap);
            got.addAll(runFrom(second, API, cut, java.util.Arrays.copyOfRange(scores, cut, scores.length)));
            assertThat(got).as("restart after minute %d", cut - 1).isEqualTo(uninterrupted);
        }
    }

    @Test
    void anAlertWhoseSeriesFallSilentResolvesAfterStaleAfter() {
        AlertEngine e = new AlertEngine(rules("""
            name: latency
            condition: {score: {min: 75}}
            stale_after: 30m
            """));
        run(e, API, 80);
        assertThat(e.evaluate(t(29), List.of(), List.of()).transitions()).isEmpty();
        CycleResult r = e.evaluate(t(30), List.of(), List.of());
        assertThat(r.transitions()).singleElement().satisfies(tr -> {
            assertThat(tr.kind()).isEqualTo(TransitionKind.RESOLVED);
            assertThat(tr.at()).isEqualTo(t(30));
            assertThat(tr.note()).isEqualTo("no data for 30m");
        });
        assertThat(r.removed()).hasSize(1);
        assertThat(e.snapshot().alerts()).isEmpty();
    }

    @Test
    void healthRulesWatchDataAgeAndDatafeedLagPerJob() {
        AlertEngine e = new AlertEngine(rules("""
            rules:
              - name: no-data
                condition: {no_data: {longer_than: 15m}}
                for: 5m
              - name: behind
                condition: {datafeed_behind: {more_than: 10m}}
                severity: critical
            """));
        Instant last = t(0);
        List<String> got = new ArrayList<>();
        for (int m = 0; m <= 25; m += 5) {
            Duration behind = Duration.ofMinutes(m <= 10 ? 1 : m - 5);
            CycleResult r = e.evaluate(t(m), List.of(), List.of(new HealthObservation("mdm-http", t(m), behind, last)));
            int mm = m;
            r.transitions().forEach(tr -> got.add(mm + ":" + tr.rule() + ":" + tr.kind()));
        }
        // data age 0,5,10,15,20,25: > 15m from 20 -> pending 20, fires 25 (for 5m).
        // behind 1,1,1,10,15,20: > 10m from 20 -> fires at 20.
        assertThat(got).containsExactly("20:no-data:PENDING", "20:behind:FIRING", "25:no-data:FIRING");
        assertThat(e.firing()).extracting(s -> s.labels().get("job")).containsOnly("mdm-http");
    }

    @Test
    void aDatafeedCatchingUpIsJudgedByItsProgressNotItsLag() {
        AlertEngine e = new AlertEngine(rules("""
            rules:
              - name: no-data
                condition: {no_data: {longer_than: 15m}}
              - name: behind
                condition: {datafeed_behind: {more_than: 10m}}
            """));
        List<String> got = new ArrayList<>();
        Instant reached = null;
        for (int m = 0; m <= 40; m += 5) {
            // a first backfill two days behind, six hours of history per cycle; it stalls after minute 15
            Instant checkpoint = m <= 15 ? t(0).minus(Duration.ofDays(2)).plus(Duration.ofHours(6L * m / 5)) : reached;
            reached = checkpoint;
            Instant lastData = checkpoint.minus(Duration.ofMinutes(1));
            // a clock at real speed: the time without progress is the time since the last advance
            Duration sinceProgress = Duration.ofMinutes(m <= 15 ? 0 : m - 15);
            CycleResult r = e.evaluate(t(m), List.of(), List.of(
                new HealthObservation("mdm-http", t(m), Duration.between(checkpoint, t(m)), lastData, true, sinceProgress)));
            int mm = m;
            r.transitions().forEach(tr -> got.add(mm + ":" + tr.rule() + ":" + tr.kind()));
        }
        // the data is a minute older than the checkpoint throughout: no-data never holds. The lag is 30-48 h, but the
        // checkpoint advanced at 0, 5, 10, 15 and then not: 5 min at 20, 10 at 25, 15 > 10 at 30 -> fires at 30
        assertThat(got).containsExactly("30:behind:FIRING");
    }

    @Test
    void aBackfillOnASixtyTimesFasterClockIsStalledOnlyWhenItsOwnProgressStops() {
        // the demo's clock: one second of the process's time is one minute of the service's. The rule as in
        // alert-rules/detector-health.yaml (more_than and for are read the way the engine reads them).
        AlertEngine e = new AlertEngine(rules("""
            rules:
              - name: behind
                condition: {datafeed_behind: {more_than: 10m}}
                for: 5m
            """));
        // Progress clock p in seconds; the service clock is then t(p) (p minutes after T0). A backfill two days behind
        // commits a cycle of six hours every 20 s (each cycle takes 20 s: 20 minutes of service time, twice more_than)
        // up to p = 80, then stalls. Evaluations every 5 s, as other jobs' cycles end.
        Instant start = T0.minus(Duration.ofDays(2));
        List<String> got = new ArrayList<>();
        for (int p = 0; p <= 700; p += 5) {
            int commits = Math.min(p, 80) / 20;
            Instant checkpoint = start.plus(Duration.ofHours(6L * commits));
            Duration sinceProgress = Duration.ofSeconds(commits == 0 ? p : p - 20L * commits);
            CycleResult r = e.evaluate(t(p), List.of(), List.of(
                new HealthObservation("mdm-http", t(p), Duration.between(checkpoint, t(p)), checkpoint, true, sinceProgress)));
            int pp = p;
            r.transitions().forEach(tr -> got.add(pp + ":" + tr.rule() + ":" + tr.kind()));
        }
        // Before p = 80 the time without progress is 0-15 s, never > 10 min, although the checkpoint stands still for
        // 20 service minutes each cycle. From p = 80 it grows by 5 s per evaluation: 600 s at p = 680 (not more than
        // 10m), 605 s at 685 -> pending (service time 685 min); for: 5m on the service clock -> fires at 690.
        assertThat(got).containsExactly("685:behind:PENDING", "690:behind:FIRING");
    }

    @Test
    void precursorForecastAndChangePointConditions() {
        AlertEngine e = new AlertEngine(rules("""
            rules:
              - name: precursor
                condition: {precursor: {min: 0.7, count: 2, of: 2}}
              - name: heap-trend
                condition: {forecast: {within: 6h, limit: 0.9}}
              - name: heap-trend-job-limit
                condition: {forecast: {within: 1h}}
              - name: shift
                condition: {change_point: {min_magnitude: 4, type: level_shift, direction: up}}
                keep_firing_for: 2m
            """));
        SeriesKey heap = new SeriesKey("mdm-jvm", "heap_used_ratio", Map.of("service.name", "device-api"));
        List<String> got = new ArrayList<>();
        for (int m = 0; m < 6; m++) {
            Instant b = t(m);
            double precursor = m < 2 ? 0.5 : 0.8;
            // crossing of 0.9 moves closer: 8h, 7h, 6h, 5h ... ahead; the job's own limit crosses 90m ahead, then 60m
            Forecast f = new Forecast(List.of(new ForecastPoint(b.plus(Duration.ofHours(8 - m)), 0.91, 0.85, 0.97)), 0.95, null,
                0.95, Optional.of(b.plus(Duration.ofMinutes(m < 3 ? 90 : 60))));
            List<ChangePoint> cps = m == 1 ? List.of(new ChangePoint(ChangeType.LEVEL_SHIFT, t(0), b, 10, 20, 5.0)) : m == 3
                ? List.of(new ChangePoint(ChangeType.LEVEL_SHIFT, t(2), b, 20, 10, -6.0)) : List.of();
            SeriesObservation o = SeriesObservation.ofScore(heap, b, 0).withPrecursor(precursor).withForecast(f).withChangePoints(cps);
            int mm = m;
            e.evaluate(b, List.of(o), List.of()).transitions().forEach(tr -> got.add(mm + ":" + tr.rule() + ":" + tr.kind()));
        }
        // precursor >= 0.7 at 2 and 3 -> 2 of 2 at minute 3. Crossing at 8h-m ahead: within 6h from minute 2.
        // Job limit crossing 60m ahead from minute 3. Upward shift of 5 sigma at 1 (the -6 at 3 is downward).
        assertThat(got).containsExactly("1:shift:FIRING", "2:heap-trend:FIRING", "3:precursor:FIRING",
            "3:heap-trend-job-limit:FIRING", "4:shift:RESOLVED");
        AlertState trend = e.firing().stream().filter(s -> s.rule().equals("heap-trend")).findFirst().orElseThrow();
        assertThat(trend.evidence().crossing()).isEqualTo(t(5).plus(Duration.ofHours(3)));
    }

    @Test
    void aPrecursorConditionWithoutMinUsesTheThresholdOfTheModelThatProducedTheProbability() {
        AlertEngine e = new AlertEngine(rules("""
            rules:
              - name: precursor
                condition: {precursor: {count: 2, of: 3}}
            """));
        SeriesKey pool = new SeriesKey("mdm-runtime", "db_pool_waiters", Map.of("service.name", "inventory"));
        // The model's threshold is 0.005 (a rare event's calibrated probability); 0.004 is below it, 0.006 above.
        double[] p = {0.006, 0.004, 0.004, 0.006, 0.004, 0.006, 0.9};
        double[] threshold = {0.005, 0.005, 0.005, 0.005, 0.005, 0.005, Double.NaN};
        List<String> got = new ArrayList<>();
        for (int m = 0; m < p.length; m++) {
            SeriesObservation o = SeriesObservation.ofScore(pool, t(m), 0).withPrecursor(p[m], threshold[m]);
            int mm = m;
            e.evaluate(t(m), List.of(o), List.of()).transitions().forEach(tr -> got.add(mm + ":" + tr.kind()));
        }
        // hits at 0, 3, 5 (6 has no known threshold: no hit): 2 of the last 3 first at 5 (3 and 5); at 6 only 5 is left.
        assertThat(got).containsExactly("5:FIRING", "6:RESOLVED");
    }

    @Test
    void removingARuleResolvesItsFiringAlertsAndForgetsThem() {
        AlertEngine e = new AlertEngine(rules(SCORE_3_OF_5 + "for: 0s\n"));
        run(e, API, 80, 80, 80);
        CycleResult r = e.updateRules(RuleSet.EMPTY, t(3));
        assertThat(r.transitions()).singleElement().satisfies(tr -> {
            assertThat(tr.kind()).isEqualTo(TransitionKind.RESOLVED);
            assertThat(tr.note()).isEqualTo("rule removed");
        });
        assertThat(e.snapshot().alerts()).isEmpty();
    }

    @Test
    void quietSeriesCostNoStateAndAResolvedAlertIsDeletedOnce() {
        AlertEngine e = new AlertEngine(rules(SCORE_3_OF_5));
        List<SeriesObservation> quiet = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            quiet.add(SeriesObservation.ofScore(new SeriesKey("mdm-http", "p95_latency", Map.of("service.name", "svc-" + i)), t(0), 10));
        }
        CycleResult r = e.evaluate(t(0), quiet, List.of());
        assertThat(r.changed()).isEmpty();
        assertThat(r.removed()).isEmpty();
        assertThat(e.snapshot().alerts()).isEmpty();

        // one hit: a state to persist; it fires and resolves; once its window is empty the state is deleted, once
        List<String> removed = new ArrayList<>();
        double[] scores = {80, 80, 80, 10, 10, 10, 10, 10};
        for (int m = 0; m < scores.length; m++) {
            CycleResult c = e.evaluate(t(m), List.of(SeriesObservation.ofScore(API, t(m), scores[m])), List.of());
            if (m == 0) {
                assertThat(c.changed()).hasSize(1);
            }
            removed.addAll(c.removed());
        }
        assertThat(removed).hasSize(1);
        assertThat(e.snapshot().alerts()).isEmpty();
    }

    @Test
    void fingerprintsAndKeysAreStableAndIgnoreLabelOrder() {
        Map<String, String> a = new java.util.LinkedHashMap<>();
        a.put("alertname", "latency");
        a.put("job", "mdm-http");
        Map<String, String> b = new java.util.LinkedHashMap<>();
        b.put("job", "mdm-http");
        b.put("alertname", "latency");
        assertThat(Fingerprints.of(a)).isEqualTo(Fingerprints.of(b)).hasSize(16).matches("[0-9a-f]{16}");
        // A fixed value: changing the algorithm would re-fire every alert after an upgrade.
        assertThat(Fingerprints.of(Map.of("alertname", "latency", "job", "mdm-http"))).isEqualTo(FINGERPRINT_OF_LATENCY);
        assertThat(Fingerprints.of(Map.of("alertname", "latency", "job", "mdm-http2"))).isNotEqualTo(FINGERPRINT_OF_LATENCY);
        assertThat(AlertTransition.key("abc", TransitionKind.FIRING, t(0))).isEqualTo("abc-firing-" + t(0).toEpochMilli());
    }

    static final String FINGERPRINT_OF_LATENCY = "ccf64a33a7950864";

    @Test
    void annotationsAreRenderedWithTheEvidence() {
        AlertEngine e = new AlertEngine(rules("""
            name: latency
            condition: {score: {min: 75}}
            severity: critical
            labels: {team: mdm-core}
            annotations:
              summary: "p95 latency of {{ labels.service_name }} is {{ value | %.0f }} ms (expected {{ expected }})"
              description: "score {{ score }}, raw {{ raw_score | %.1f }}, requests {{ request_ids }}"
            """));
        SeriesObservation o = new SeriesObservation(API, t(0), 1234.4, 310.25, 250, 380, 82, 1e-9, true, Direction.HIGH,
            "sustained_shift", Double.NaN, Double.NaN, List.of(), null, List.of("req-1", "req-2"), "https://kibana/discover", null);
        AlertTransition tr = e.evaluate(t(0), List.of(o), List.of()).transitions().getFirst();
        assertThat(tr.labels()).containsExactlyInAnyOrderEntriesOf(Map.of("alertname", "latency", "severity", "critical",
            "job", "mdm-http", "metric", "p95_latency", "service_name", "device-api", "team", "mdm-core"));
        assertThat(tr.annotations()).containsEntry("summary", "p95 latency of device-api is 1234 ms (expected 310.3)")
            .containsEntry("description", "score 82, raw 90.0, requests req-1, req-2")
            .containsEntry("discover_url", "https://kibana/discover")
            .containsEntry("request_ids", "req-1, req-2");
    }
}
