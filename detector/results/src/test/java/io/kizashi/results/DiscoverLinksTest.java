package io.kizashi.results;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DiscoverLinksTest {

    @Test
    void urlCarriesTimeRangeDataViewAndKqlForTheServiceAndRequests() {
        DiscoverLinks links = new DiscoverLinks("https://kibana.example.com/", "kizashi-logs");
        String url = links.logs(Map.of("service.name", "auth"), Instant.parse("2026-11-20T10:00:00Z"),
                Instant.parse("2026-11-20T10:05:00Z"), "http.request.id", List.of("r-1", "it's"));
        assertThat(url).startsWith("https://kibana.example.com/app/discover#/?_g=(time:(from:'2026-11-20T10:00:00Z',to:'2026-11-20T10:05:00Z'))&_a=");
        assertThat(url).contains("dataViewId:'kizashi-logs'");
        // KQL: service.name : "auth" and http.request.id : ("r-1" or "it!'s"), percent-encoded where needed
        assertThat(url).contains("query:'service.name%20:%20%22auth%22%20and%20http.request.id%20:%20(%22r-1%22%20or%20%22it!'s%22)'");
        assertThat(url).doesNotContain(" ");
    }

    @Test
    void risonEscapesQuotesAndBangs() {
        assertThat(DiscoverLinks.rison("a'b!c")).isEqualTo("'a!'b!!c'");
    }
}
