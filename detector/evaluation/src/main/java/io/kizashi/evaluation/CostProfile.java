package io.kizashi.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A NAB application profile: how much a detected window, a false-positive row and a missed window
 * weigh (NAB's {@code config/profiles.json}; its true-negative weight is unused by the scorer).
 */
public record CostProfile(String name, double tpWeight, double fpWeight, double fnWeight) {

    public CostProfile {
        Objects.requireNonNull(name, "name");
        check(name, "tpWeight", tpWeight);
        check(name, "fpWeight", fpWeight);
        check(name, "fnWeight", fnWeight);
        if (tpWeight == 0) {
            throw new IllegalArgumentException("profile " + name + ": tpWeight must be > 0 (it sets the perfect score)");
        }
    }

    private static void check(String profile, String field, double w) {
        if (!(w >= 0 && Double.isFinite(w))) {
            throw new IllegalArgumentException("profile " + profile + ": " + field + " must be a finite weight >= 0 but was " + w);
        }
    }

    /** NAB's "standard" profile. */
    public static CostProfile standard() {
        return new CostProfile("standard", 1.0, 0.11, 1.0);
    }

    /** NAB's "reward_low_FP_rate" profile (false positives cost twice as much). */
    public static CostProfile rewardLowFpRate() {
        return new CostProfile("reward_low_FP_rate", 1.0, 0.22, 1.0);
    }

    /** NAB's "reward_low_FN_rate" profile (a missed window costs twice as much). */
    public static CostProfile rewardLowFnRate() {
        return new CostProfile("reward_low_FN_rate", 1.0, 0.11, 2.0);
    }

    /** NAB's three profiles, in the order its scoreboard lists them. */
    public static List<CostProfile> nab() {
        return List.of(standard(), rewardLowFpRate(), rewardLowFnRate());
    }

    /**
     * Reads profiles in NAB's format: {@code {"standard": {"CostMatrix": {"tpWeight": 1.0, "fpWeight": 0.11,
     * "fnWeight": 1.0, "tnWeight": 1.0}}, ...}}.
     */
    public static List<CostProfile> read(Path json) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json.toFile());
        } catch (JsonProcessingException e) {
            throw new CorpusFormatException(json + " is not valid JSON (" + e.getOriginalMessage()
                    + "); fix it or delete it to use NAB's three built-in profiles", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + json, e);
        }
        if (root == null || !root.isObject() || root.isEmpty()) {
            throw new CorpusFormatException(json + " must be a JSON object of profiles, e.g. "
                    + "{\"standard\": {\"CostMatrix\": {\"tpWeight\": 1.0, \"fpWeight\": 0.11, \"fnWeight\": 1.0}}}");
        }
        List<CostProfile> profiles = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            JsonNode m = e.getValue().path("CostMatrix");
            for (String field : List.of("tpWeight", "fpWeight", "fnWeight")) {
                if (!m.path(field).isNumber()) {
                    throw new CorpusFormatException(json + ": profile '" + e.getKey() + "' has no numeric CostMatrix."
                            + field + "; add it (NAB's standard profile: tpWeight 1.0, fpWeight 0.11, fnWeight 1.0)");
                }
            }
            try {
                profiles.add(new CostProfile(e.getKey(), m.get("tpWeight").asDouble(), m.get("fpWeight").asDouble(),
                        m.get("fnWeight").asDouble()));
            } catch (IllegalArgumentException bad) {
                throw new CorpusFormatException(json + ": " + bad.getMessage(), bad);
            }
        }
        return profiles;
    }
}
