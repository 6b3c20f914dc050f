package io.kizashi.service.api;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.kizashi.alerting.AlertingService;
import io.kizashi.alerting.engine.AlertState;
import io.kizashi.core.model.SeriesModel;
import io.kizashi.core.series.SeriesKey;
import io.kizashi.core.trend.Forecast;
import io.kizashi.core.trend.ForecastPoint;
import io.kizashi.datafeed.DatafeedStatus;
import io.kizashi.service.metrics.ServiceMetrics;
import io.kizashi.service.pipeline.JobRuntime;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The HTTP API (JSON) and the built-in console. Reads never block the event loop (Elasticsearch queries
 * run on the I/O pool); inputs are validated and bad ones answered with 400 and a message naming the
 * parameter, the value and the fix; mutating endpoints require {@code Authorization: Bearer <token>}.
 */
public final class HttpApiVerticle extends VerticleBase {

    private final String host;
    private final int port;
    private final String token;
    private final List<JobRuntime> jobs;
    private final ResultsQueries queries;
    private final ElasticsearchClient client;
    private final WorkerExecutor io;
    private final ServiceMetrics metrics;
    private final Clock clock;
    private final AlertingService alerting;
    private final Supplier<JsonObject> reload;
    private final Supplier<Map<String, String>> versions;
    private HttpServer server;

    public HttpApiVerticle(String host, int port, String token, List<JobRuntime> jobs, ResultsQueries queries, ElasticsearchClient client,
                           WorkerExecutor io, ServiceMetrics metrics, Clock clock, AlertingService alerting, Supplier<JsonObject> reload,
                           Supplier<Map<String, String>> versions) {
        this.host = host;
        this.port = port;
        this.token = token;
        this.jobs = List.copyOf(jobs);
        this.queries = queries;
        this.client = client;
        this.io = io;
        this.metrics = metrics;
        this.clock = clock;
        this.alerting = alerting;
        this.reload = reload;
        this.versions = versions;
    }

    /** The port actually bound (useful with port 0). */
    public int actualPort() {
        return server == null ? -1 : server.actualPort();
    }

    @Override
    public Future<?> start() {
        Router r = Router.router(vertx);
        r.route().handler(BodyHandler.create().setBodyLimit(64 * 1024));
        r.get("/health").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "up")));
        r.get("/ready").handler(this::ready);
        r.get("/metrics").handler(ctx -> ctx.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                .end(metrics.scrape()));
        r.get("/api/jobs").handler(ctx -> json(ctx, 200, new JsonObject().put("jobs", new JsonArray(jobs.stream().map(this::job).toList()))));
        r.get("/api/jobs/:id").handler(ctx -> job(ctx).ifPresent(j -> json(ctx, 200, job(j))));
        r.get("/api/series").handler(this::series);
        r.get("/api/results").handler(this::results);
        r.get("/api/annotations").handler(this::annotations);
        r.get("/api/forecast").handler(this::forecast);
        r.get("/api/alerts").handler(this::alerts);
        r.get("/api/models").handler(ctx -> json(ctx, 200, new JsonObject().put("models", new JsonObject(new java.util.LinkedHashMap<String, Object>(versions.get())))));
        r.post("/api/*").handler(this::requireToken);
        r.post("/api/alerts/:fingerprint/feedback").handler(this::feedback);
        r.post("/api/reload").handler(ctx -> io.executeBlocking(reload::get, false).onComplete(ar -> done(ctx, ar)));
        r.get("/").handler(ctx -> ctx.redirect("/console/"));
        r.get("/console/").handler(ctx -> asset(ctx, "index.html", "text/html; charset=utf-8"));
        r.get("/console/console.js").handler(ctx -> asset(ctx, "console.js", "text/javascript; charset=utf-8"));
        r.get("/console/console.css").handler(ctx -> asset(ctx, "console.css", "text/css; charset=utf-8"));
        r.route().last().handler(ctx -> error(ctx, 404, "no such endpoint: " + ctx.request().method() + " " + ctx.request().path()
                + "; see the API in the README"));
        return vertx.createHttpServer().requestHandler(r).listen(port, host).onSuccess(s -> server = s);
    }

    // ------------------------------------------------------------------ handlers

    private void ready(RoutingContext ctx) {
        io.executeBlocking(() -> client.ping().value(), false).onComplete(ar -> {
            boolean es = ar.succeeded() && ar.result();
            JsonArray failing = new JsonArray();
            for (JobRuntime j : jobs) {
                DatafeedStatus st = j.datafeed().status();
                if (st.state() == DatafeedStatus.State.FAILED) {
                    failing.add(j.id());
                }
            }
            boolean ok = es && failing.isEmpty();
            json(ctx, ok ? 200 : 503, new JsonObject().put("ready", ok).put("elasticsearch", es).put("failed_jobs", failing)
                    .put("jobs", jobs.size()));
        });
    }

    private JsonObject job(JobRuntime j) {
        DatafeedStatus st = j.datafeed().status();
        JsonObject o = new JsonObject().put("job_id", j.id()).put("active", j.active()).put("state", st.state().name().toLowerCase(Locale.ROOT))
                .put("bucket_span_s", j.spec().source().bucketSpan().toSeconds())
                .put("checkpoint", st.checkpoint() == null ? null : st.checkpoint().toString())
                .put("series", j.scorer().seriesCount()).put("known_series", st.knownSeries())
                .put("refused_series", st.refusedSeries()).put("delayed_buckets", st.delayedBuckets())
                .put("cycles", st.cyclesCommitted()).put("buckets", st.bucketsEmitted())
                .put("last_error", st.lastError() != null ? st.lastError() : j.lastError())
                .put("metrics", new JsonArray(j.spec().metrics().stream().map(m -> m.name()).toList()));
        if (st.progress() != null) {
            o.put("progress", new JsonObject().put("done", st.progress().bucketsDone()).put("total", st.progress().bucketsTotal())
                    .put("eta_s", st.progress().eta() == null ? null : st.progress().eta().toSeconds()));
        }
        if (st.nextAttempt() != null) {
            o.put("next_attempt", st.nextAttempt().toString());
        }
        return o;
    }

    private void series(RoutingContext ctx) {
        Optional<JobRuntime> job = jobParam(ctx);
        if (job.isEmpty()) {
            return;
        }
        String q = Optional.ofNullable(ctx.request().getParam("q")).orElse("").toLowerCase(Locale.ROOT).trim();
        Integer limit = intParam(ctx, "limit", 100, 1, 10_000);
        if (limit == null) {
            return;
        }
        List<JsonObject> out = new ArrayList<>();
        List<SeriesKey> keys = new ArrayList<>(job.get().scorer().models().keySet());
        Map<SeriesKey, JobRuntime.Latest> latest = job.get().latest();
        keys.sort(Comparator.<SeriesKey>comparingDouble(k -> latest.containsKey(k) ? -latest.get(k).score() : 0)
                .thenComparing(SeriesKey::canonical));
        for (SeriesKey k : keys) {
            if (!q.isEmpty() && !k.canonical().toLowerCase(Locale.ROOT).contains(q)) {
                continue;
            }
            JsonObject o = describe(k);
            JobRuntime.Latest l = latest.get(k);
            if (l != null) {
                o.put("last_score", l.score()).put("last_bucket", l.bucket().toString()).put("anomalous", l.anomalous());
            }
            out.add(o);
            if (out.size() >= limit) {
                break;
            }
        }
        json(ctx, 200, new JsonObject().put("series", new JsonArray(out)));
    }

    private void results(RoutingContext ctx) {
        Optional<JobRuntime> job = jobParam(ctx);
        if (job.isEmpty()) {
            return;
        }
        Optional<SeriesKey> key = seriesParam(ctx, job.get());
        Instant[] range = rangeParam(ctx, job.get());
        if (key.isEmpty() || range == null) {
            return;
        }
        boolean withForecast = "1".equals(ctx.request().getParam("forecast")) || "true".equals(ctx.request().getParam("forecast"));
        io.executeBlocking(() -> {
            JsonArray points = new JsonArray();
            for (JsonNode d : queries.results(key.get().id(), "record", range[0], range[1])) {
                points.add(new JsonObject().put("t", d.get("@timestamp").asText()).put("actual", num(d, "actual"))
                        .put("expected", num(d, "expected")).put("lower", num(d, "lower")).put("upper", num(d, "upper"))
                        .put("score", num(d, "score")).put("anomalous", d.path("is_anomaly").asBoolean())
                        .put("precursor", num(d, "precursor_probability")).put("status", d.path("status").asText(null))
                        .put("reason", d.path("reason").asText(null)));
            }
            JsonArray cps = new JsonArray();
            for (JsonNode d : queries.results(key.get().id(), "changepoint", range[0], range[1])) {
                cps.add(new JsonObject().put("t", d.get("change_start").asText()).put("confirmed", d.get("@timestamp").asText())
                        .put("type", d.path("change_type").asText()).put("before", num(d, "before")).put("after", num(d, "after"))
                        .put("magnitude", num(d, "magnitude")));
            }
            JsonArray anns = annotationsJson(queries.annotations(job.get().id(), key.get().id(), range[0], range[1]));
            JsonObject body = new JsonObject().put("series", describe(key.get())).put("from", range[0].toString())
                    .put("to", range[1].toString()).put("points", points).put("changepoints", cps).put("annotations", anns);
            if (withForecast) {
                body.put("forecast", forecastJson(job.get(), key.get(), 288, Double.NaN).getJsonArray("points"));
            }
            return body;
        }, false).onComplete(ar -> done(ctx, ar));
    }

    private void annotations(RoutingContext ctx) {
        Optional<JobRuntime> job = jobParam(ctx);
        if (job.isEmpty()) {
            return;
        }
        Instant[] range = rangeParam(ctx, job.get());
        if (range == null) {
            return;
        }
        String seriesId = ctx.request().getParam("series_id");
        io.executeBlocking(() -> new JsonObject().put("annotations",
                annotationsJson(queries.annotations(job.get().id(), seriesId, range[0], range[1]))), false).onComplete(ar -> done(ctx, ar));
    }

    private void forecast(RoutingContext ctx) {
        Optional<JobRuntime> job = jobParam(ctx);
        if (job.isEmpty()) {
            return;
        }
        Optional<SeriesKey> key = seriesParam(ctx, job.get());
        Integer horizon = intParam(ctx, "horizon", 288, 1, 100_000);
        if (key.isEmpty() || horizon == null) {
            return;
        }
        double limit = Double.NaN;
        String l = ctx.request().getParam("limit");
        if (l != null) {
            try {
                limit = Double.parseDouble(l);
            } catch (NumberFormatException e) {
                error(ctx, 400, "limit '" + l + "' is not a number; e.g. limit=0.9");
                return;
            }
        }
        double lim = limit;
        io.executeBlocking(() -> forecastJson(job.get(), key.get(), horizon, lim), false).onComplete(ar -> done(ctx, ar));
    }

    private JsonObject forecastJson(JobRuntime job, SeriesKey key, int horizon, double limit) {
        SeriesModel m = job.scorer().model(key);
        JsonArray pts = new JsonArray();
        JsonObject o = new JsonObject().put("series", describe(key));
        if (m == null) {
            return o.put("points", pts);
        }
        Forecast f;
        synchronized (m) {
            f = m.forecast(horizon, 0.95, limit);
        }
        for (ForecastPoint p : f.points()) {
            pts.add(new JsonObject().put("t", p.timestamp().toString()).put("expected", p.expected()).put("lower", p.lower()).put("upper", p.upper()));
        }
        o.put("points", pts).put("coverage", f.coverage());
        if (f.trend() != null) {
            o.put("trend", new JsonObject().put("slope_per_hour", f.trend().slopePerHour()).put("p_value", f.trend().pValue())
                    .put("significant", f.trend().significant()));
        }
        if (!Double.isNaN(limit)) {
            o.put("limit", limit).put("crossing", f.crossing().map(Instant::toString).orElse(null));
        }
        return o;
    }

    private static JsonArray annotationsJson(List<JsonNode> docs) {
        JsonArray out = new JsonArray();
        for (JsonNode a : docs) {
            JsonArray ids = new JsonArray();
            a.at("/http/request/id").forEach(x -> ids.add(x.asText()));
            out.add(new JsonObject().put("start", a.get("@timestamp").asText()).put("end", a.at("/event/end").asText(null))
                    .put("kind", a.at("/event/kind").asText()).put("title", a.path("title").asText())
                    .put("message", a.path("message").asText()).put("severity", a.path("severity").asText())
                    .put("score", a.path("score").asDouble()).put("state", a.path("state").asText(null))
                    .put("request_ids", ids).put("discover_url", a.at("/kibana/discover_url").asText(null)));
        }
        return out;
    }

    private void alerts(RoutingContext ctx) {
        if (alerting == null) {
            json(ctx, 200, new JsonObject().put("enabled", false).put("alerts", new JsonArray()));
            return;
        }
        io.executeBlocking(() -> {
            JsonArray out = new JsonArray();
            for (AlertState a : alerting.firing()) {
                JsonObject o = new JsonObject().put("rule", a.rule()).put("fingerprint", a.fingerprint())
                        .put("state", a.phase().name().toLowerCase(Locale.ROOT)).put("severity", a.labels().getOrDefault("severity", "warning"))
                        .put("since", a.activeSince() == null ? null : a.activeSince().toString())
                        .put("fired_at", a.firedAt() == null ? null : a.firedAt().toString())
                        .put("labels", new JsonObject(Map.copyOf(a.labels())));
                if (a.evidence() != null) {
                    o.put("summary", a.evidence().series() + " " + a.evidence().direction() + " (score " + Math.round(a.evidence().score()) + ")")
                            .put("request_ids", new JsonArray(a.evidence().requestIds()));
                }
                out.add(o);
            }
            return new JsonObject().put("enabled", true).put("alerts", out);
        }, false).onComplete(ar -> done(ctx, ar));
    }

    /** Marks a firing alert as a false positive: stored, and the same pattern is suppressed for a while. */
    private void feedback(RoutingContext ctx) {
        if (alerting == null) {
            error(ctx, 404, "alerting is not configured (no rules_dir)");
            return;
        }
        String fingerprint = ctx.pathParam("fingerprint");
        if (!fingerprint.matches("[0-9a-f]{16}")) {
            error(ctx, 400, "fingerprint '" + fingerprint + "' is not 16 hex digits; GET /api/alerts lists the alerts");
            return;
        }
        JsonObject body;
        try {
            body = ctx.body().length() == 0 ? new JsonObject() : ctx.body().asJsonObject();
        } catch (RuntimeException e) {
            error(ctx, 400, "the body must be a JSON object like {\"by\": \"alice\", \"note\": \"deploy noise\"}");
            return;
        }
        String by = body.getString("by", "api");
        String note = body.getString("note", "");
        if (by.length() > 200 || note.length() > 2000) {
            error(ctx, 400, "by (max 200 characters) or note (max 2000 characters) is too long");
            return;
        }
        io.executeBlocking(() -> {
            boolean known = alerting.firing().stream().anyMatch(a -> a.fingerprint().equals(fingerprint));
            if (!known) {
                return null;
            }
            AlertingService.CycleReport r = alerting.markFalsePositive(fingerprint, by, note);
            return new JsonObject().put("fingerprint", fingerprint).put("false_positive", true).put("transitions", r.transitions().size());
        }, false).onComplete(ar -> {
            if (ar.succeeded() && ar.result() == null) {
                error(ctx, 404, "no firing alert with fingerprint " + fingerprint + "; GET /api/alerts lists them");
            } else {
                done(ctx, ar);
            }
        });
    }

    private void requireToken(RoutingContext ctx) {
        if (token == null) {
            error(ctx, 403, "mutating endpoints are disabled: no http.token_file / KIZASHI_HTTP_TOKEN is configured");
            return;
        }
        String h = ctx.request().getHeader("Authorization");
        byte[] given = h == null || !h.startsWith("Bearer ") ? new byte[0] : h.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, token.getBytes(StandardCharsets.UTF_8))) {
            error(ctx, 401, "missing or wrong bearer token: send Authorization: Bearer <token>");
            return;
        }
        ctx.next();
    }

    // ------------------------------------------------------------------ parameters and replies

    private Optional<JobRuntime> job(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Optional<JobRuntime> j = jobs.stream().filter(x -> x.id().equals(id)).findFirst();
        if (j.isEmpty()) {
            error(ctx, 404, "no job '" + id + "'; GET /api/jobs lists them");
        }
        return j;
    }

    private Optional<JobRuntime> jobParam(RoutingContext ctx) {
        String id = ctx.request().getParam("job");
        if (id == null || id.isBlank()) {
            error(ctx, 400, "parameter job is required; GET /api/jobs lists the jobs");
            return Optional.empty();
        }
        Optional<JobRuntime> j = jobs.stream().filter(x -> x.id().equals(id)).findFirst();
        if (j.isEmpty()) {
            error(ctx, 404, "no job '" + id + "'; GET /api/jobs lists them");
        }
        return j;
    }

    private Optional<SeriesKey> seriesParam(RoutingContext ctx, JobRuntime job) {
        String id = ctx.request().getParam("series_id");
        if (id == null || id.isBlank()) {
            error(ctx, 400, "parameter series_id is required; GET /api/series?job=" + job.id() + " lists them");
            return Optional.empty();
        }
        Optional<SeriesKey> k = job.series(id);
        if (k.isEmpty()) {
            error(ctx, 404, "job " + job.id() + " has no series '" + id + "'; GET /api/series?job=" + job.id() + " lists them");
        }
        return k;
    }

    /** from/to (ISO-8601) or range (seconds back from now); at most {@link ResultsQueries#MAX_POINTS} buckets. */
    private Instant[] rangeParam(RoutingContext ctx, JobRuntime job) {
        Instant now = clock.instant();
        try {
            String f = ctx.request().getParam("from");
            String t = ctx.request().getParam("to");
            Instant to = t == null ? now : Instant.parse(t);
            Instant from;
            if (f != null) {
                from = Instant.parse(f);
            } else {
                Integer seconds = intParam(ctx, "range", 21_600, 60, 400 * 86_400);
                if (seconds == null) {
                    return null;
                }
                from = to.minusSeconds(seconds);
            }
            if (!from.isBefore(to)) {
                error(ctx, 400, "from (" + from + ") must be before to (" + to + ")");
                return null;
            }
            long buckets = Duration.between(from, to).toSeconds() / job.spec().source().bucketSpan().toSeconds();
            if (buckets > ResultsQueries.MAX_POINTS) {
                error(ctx, 400, "the range covers " + buckets + " buckets; at most " + ResultsQueries.MAX_POINTS + " per request: narrow from/to");
                return null;
            }
            return new Instant[] {from, to};
        } catch (DateTimeParseException e) {
            error(ctx, 400, "from/to must be ISO-8601 instants like 2026-11-24T00:00:00Z (" + e.getParsedString() + ")");
            return null;
        }
    }

    private Integer intParam(RoutingContext ctx, String name, int def, int min, int max) {
        String v = ctx.request().getParam(name);
        if (v == null) {
            return def;
        }
        try {
            int x = Integer.parseInt(v.trim());
            if (x < min || x > max) {
                throw new NumberFormatException();
            }
            return x;
        } catch (NumberFormatException e) {
            error(ctx, 400, "parameter " + name + "='" + v + "' must be a whole number between " + min + " and " + max);
            return null;
        }
    }

    private static JsonObject describe(SeriesKey k) {
        return new JsonObject().put("series_id", k.id()).put("series", k.canonical()).put("job_id", k.jobId()).put("metric", k.metric())
                .put("splits", new JsonObject(Map.copyOf(k.splits())));
    }

    private static Double num(JsonNode d, String field) {
        JsonNode v = d.get(field);
        return v == null || !v.isNumber() ? null : v.asDouble();
    }

    private void asset(RoutingContext ctx, String name, String type) {
        try (InputStream in = HttpApiVerticle.class.getResourceAsStream("/io/kizashi/service/console/" + name)) {
            if (in == null) {
                error(ctx, 404, "console asset " + name + " is missing from the build");
                return;
            }
            ctx.response().putHeader("content-type", type).putHeader("cache-control", "no-cache").end(Buffer.buffer(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void done(RoutingContext ctx, io.vertx.core.AsyncResult<JsonObject> ar) {
        if (ar.succeeded()) {
            json(ctx, 200, ar.result());
        } else {
            error(ctx, 503, "reading results failed: " + ar.cause().getMessage());
        }
    }

    static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
    }

    static void error(RoutingContext ctx, int status, String message) {
        json(ctx, status, new JsonObject().put("error", message).put("status", status));
    }
}
