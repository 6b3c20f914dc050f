package io.kizashi.results;

import io.kizashi.core.series.SeriesKey;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class InfluencersTest {

    static SeriesKey key(String metric, String service) {
        return new SeriesKey("web", metric, Map.of("service.name", service));
    }

    @Test
    void sharesOfSurpriseAreRankedAndWorkedOutByHand() {
        // surprises: auth/p95 = 4 (p 1e-4), auth/errors = 2 (p 1e-2), inventory/p95 = 2 (p 1e-2); push normal
        List<Influence> inf = Influencers.rank(List.of(
                new Influencers.Contribution(key("p95", "auth"), 1e-4),
                new Influencers.Contribution(key("errors", "auth"), 1e-2),
                new Influencers.Contribution(key("p95", "inventory"), 1e-2),
                new Influencers.Contribution(key("p95", "push"), 0.5)), 10);
        // total 8: auth 6/8 = 75 %, inventory 25 %; metric p95 6/8, errors 2/8
        assertThat(inf).hasSize(4);
        assertThat(inf.get(0).fieldValue()).isIn("service.name=auth", "metric=p95");
        Influence auth = inf.stream().filter(i -> i.fieldValue().equals("service.name=auth")).findFirst().orElseThrow();
        assertThat(auth.score()).isCloseTo(75, within(1e-9));
        assertThat(auth.metric()).isEqualTo("p95");
        Influence inventory = inf.stream().filter(i -> i.fieldValue().equals("service.name=inventory")).findFirst().orElseThrow();
        assertThat(inventory.score()).isCloseTo(25, within(1e-9));
        Influence errors = inf.stream().filter(i -> i.fieldValue().equals("metric=errors")).findFirst().orElseThrow();
        assertThat(errors.score()).isCloseTo(25, within(1e-9));
        assertThat(inf.stream().noneMatch(i -> i.value().equals("push"))).isTrue();
    }

    @Test
    void nothingDeviatingMeansNoInfluencers() {
        assertThat(Influencers.rank(List.of(new Influencers.Contribution(key("p95", "auth"), 0.3)), 5)).isEmpty();
    }
}
