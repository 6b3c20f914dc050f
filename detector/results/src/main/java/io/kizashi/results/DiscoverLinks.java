package io.kizashi.results;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds Kibana Discover URLs (Kibana 8/9 URL state: rison-encoded {@code _g} time range and {@code _a}
 * data view and KQL query) that open the logs of one service around an anomaly, optionally narrowed to
 * sample request ids.
 *
 * @param kibanaBase  e.g. {@code https://kibana.example.com} (no trailing slash)
 * @param dataViewId  id of the logs data view (deploy/kibana ships one with a fixed id)
 */
public record DiscoverLinks(String kibanaBase, String dataViewId) {

    public DiscoverLinks {
        Objects.requireNonNull(kibanaBase, "kibanaBase");
        Objects.requireNonNull(dataViewId, "dataViewId");
        kibanaBase = kibanaBase.endsWith("/") ? kibanaBase.substring(0, kibanaBase.length() - 1) : kibanaBase;
    }

    /** Logs matching the split values in [from, to), narrowed to the given request ids when not empty. */
    public String logs(Map<String, String> splits, Instant from, Instant to, String requestIdField, List<String> requestIds) {
        StringBuilder kql = new StringBuilder();
        for (Map.Entry<String, String> e : splits.entrySet()) {
            and(kql).append(e.getKey()).append(" : ").append(kqlString(e.getValue()));
        }
        if (!requestIds.isEmpty()) {
            and(kql).append(requestIdField).append(" : (");
            for (int i = 0; i < requestIds.size(); i++) {
                kql.append(i == 0 ? "" : " or ").append(kqlString(requestIds.get(i)));
            }
            kql.append(')');
        }
        String g = "(time:(from:" + rison(from.toString()) + ",to:" + rison(to.toString()) + "))";
        String a = "(dataSource:(dataViewId:" + rison(dataViewId) + ",type:dataView),query:(language:kuery,query:"
                + rison(kql.toString()) + "))";
        return kibanaBase + "/app/discover#/?_g=" + encode(g) + "&_a=" + encode(a);
    }

    private static StringBuilder and(StringBuilder kql) {
        return kql.isEmpty() ? kql : kql.append(" and ");
    }

    static String kqlString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** A rison string literal: quoted, with ! and ' escaped by !. */
    static String rison(String s) {
        return "'" + s.replace("!", "!!").replace("'", "!'") + "'";
    }

    /** Percent-encodes what a URL fragment cannot carry, keeping rison's punctuation readable. */
    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20")
                .replace("%28", "(").replace("%29", ")").replace("%3A", ":").replace("%2C", ",").replace("%27", "'")
                .replace("%21", "!");
    }
}
