package io.kizashi.service;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.kizashi.alerting.AlertingService;
import io.kizashi.alerting.delivery.DeliveryConfig;
import io.kizashi.alerting.outbox.AlertIndices;
import io.kizashi.alerting.rules.AlertRules;
import io.kizashi.alerting.rules.RuleSet;
import io.kizashi.core.model.SeriesModel;
import io.kizashi.datafeed.Datafeed;
import io.kizashi.datafeed.DatafeedOptions;
import io.kizashi.datafeed.job.JobSpec;
import io.kizashi.datafeed.job.Jobs;
import io.kizashi.elasticsearch.EsClients;
import io.kizashi.elasticsearch.IndexAdmin;
import io.kizashi.precursor.PrecursorScorer;
import io.kizashi.precursor.features.FeatureSchema;
import io.kizashi.precursor.model.BundleRegistry;
import io.kizashi.results.AnnotationDocuments;
import io.kizashi.results.DiscoverLinks;
import io.kizashi.results.ResultIndices;
import io.kizashi.results.ResultsWriter;
import io.kizashi.service.api.HttpApiVerticle;
import io.kizashi.service.api.ResultsQueries;
import io.kizashi.service.cluster.ClusterAlerts;
import io.kizashi.service.cluster.JobActivation;
import io.kizashi.service.cluster.JobOwnership;
import io.kizashi.service.config.ServiceConfig;
import io.kizashi.service.metrics.ServiceMetrics;
import io.kizashi.service.pipeline.AlertsVerticle;
import io.kizashi.service.pipeline.DatafeedVerticle;
import io.kizashi.service.pipeline.JobRuntime;
import io.kizashi.service.pipeline.JobStateStore;
import io.kizashi.service.pipeline.PrecursorVerticle;
import io.kizashi.service.pipeline.ResultsVerticle;
import io.kizashi.service.pipeline.RuntimeStateStore;
import io.kizashi.service.pipeline.ScoringVerticle;
import io.kizashi.service.scoring.ModelStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the service from its configuration and runs it on a Vert.x instance: one verticle per stage
 * (datafeeds → scoring → precursors → results → alerts) plus the HTTP API, every dependency passed in
 * through constructors. {@link #stop()} lets the cycles in flight finish (or fail) before undeploying,
 * so nothing is half-written: a cycle is either committed or will be processed again.
 */
public final class KizashiService {

    private static final Logger LOG = LoggerFactory.getLogger(KizashiService.class);
    /** Identifies the series model in results ({@code model_version}). */
    public static final String MODEL_VERSION = "kizashi-core/state-v" + SeriesModel.STATE_VERSION;

    private final Vertx vertx;
    private final ServiceConfig config;
    private final Clock clock;
    private final ElasticsearchClient client;
    private final List<JobRuntime> jobs = new ArrayList<>();
    private final ServiceMetrics metrics;
    private final List<String> deployments = new ArrayList<>();
    private WorkerExecutor scoringPool;
    private WorkerExecutor ioPool;
    private HttpApiVerticle http;

    private KizashiService(Vertx vertx, ServiceConfig config, Clock clock) {
        this.vertx = vertx;
        this.config = config;
        this.clock = clock;
        this.client = EsClients.create(config.elasticsearch());
        this.metrics = new ServiceMetrics(config.seriesGauges());
    }

    /**
     * Loads the jobs (all their errors at once), prepares the indices, restores model and annotation
     * state, and deploys the stages. Fails without starting anything if a job file is invalid.
     */
    public static Future<KizashiService> start(Vertx vertx, ServiceConfig config, Clock clock) {
        KizashiService s = new KizashiService(vertx, config, clock);
        return vertx.executeBlocking(s::prepare, false).compose(v -> s.deploy()).map(v -> s);
    }

    public List<JobRuntime> jobs() {
        return List.copyOf(jobs);
    }

    public ServiceMetrics metrics() {
        return metrics;
    }

    public int httpPort() {
        return http.actualPort();
    }

    public ElasticsearchClient client() {
        return client;
    }

    private Void prepare() {
        List<JobSpec> specs = Jobs.loadAll(config.jobsDir());
        ResultIndices indices = new ResultIndices(config.indices().prefix());
        indices.install(client, IndexAdmin.Settings.defaults());
        ModelStore models = new ModelStore(client, config.indices().models());
        models.install();
        RuntimeStateStore runtime = new RuntimeStateStore(client, config.indices().prefix() + "runtime");
        runtime.install();
        DatafeedOptions options = new DatafeedOptions(config.indices().prefix() + "datafeed-state", DatafeedOptions.defaults().sleeper());
        DiscoverLinks links = config.kibana() == null ? null
                : new DiscoverLinks(config.kibana().url().toString(), config.kibana().logsDataView());
        boolean clustered = config.cluster() != null;
        for (JobSpec spec : specs) {
            JobRuntime job = new JobRuntime(spec, Datafeed.create(spec, client, clock, options));
            if (clustered) {
                job.deactivate(); // starts when this replica owns it (io.kizashi.service.cluster)
            } else {
                job.scorer().restore(models.load(spec.id()));
            }
            jobs.add(job);
        }
        ResultsWriter writer = new ResultsWriter(client, indices, MODEL_VERSION, links,
                key -> jobs.stream().filter(j -> j.id().equals(key.jobId())).findFirst().map(j -> j.sampleSpec(key)).orElse(null),
                io.kizashi.elasticsearch.BulkIndexer.Options.defaults());
        for (JobRuntime job : jobs) {
            writer.restoreTracker(job.id(), clustered ? List.of() : runtime.load(job.id()));
        }
        this.options = options;
        this.writer = writer;
        this.models = models;
        this.runtime = runtime;
        this.indices = indices;
        metrics.modelVersion("series_model", MODEL_VERSION);
        if (config.modelsDir() != null) {
            FeatureSchema schema = FeatureSchema.metricAgnostic();
            precursors = new BundleRegistry(config.modelsDir(), config.precursor().model(), schema);
            reloadPrecursors();
            precursorScorer = new PrecursorScorer(precursors, schema);
        }
        if (config.rulesDir() != null) {
            RuleSet rules = AlertRules.load(config.rulesDir());
            rules.errors().forEach(e -> LOG.error("alert rule refused (the other rules run): {}", e));
            DeliveryConfig delivery = DeliveryConfig.of(config.alerting().alertmanagers().toArray(URI[]::new))
                    .withWebhooks(named("webhook", config.alerting().webhooks()))
                    .withSlack(config.alerting().slackUrl() == null ? List.of()
                            : List.of(new DeliveryConfig.Named("slack", URI.create(config.alerting().slackUrl()))));
            if (clustered) {
                clusterAlerts = new ClusterAlerts(client, rules, delivery, config.indices().prefix(), clock); // per job, where it runs
            } else {
                alerting = AlertingService.start(client, rules, new AlertIndices(config.indices().prefix()), delivery, clock);
            }
        }
        LOG.info("kizashi: {} job(s) loaded from {}: {}", jobs.size(), config.jobsDir(), jobs.stream().map(JobRuntime::id).toList());
        return null;
    }

    private ResultsWriter writer;
    private AlertingService alerting;
    private ModelStore models;
    private RuntimeStateStore runtime;
    private ResultIndices indices;
    private DatafeedOptions options;
    private JobOwnership cluster;
    private ClusterAlerts clusterAlerts;
    private BundleRegistry precursors;
    private PrecursorScorer precursorScorer;
    private long precursorTimer = -1;

    private Future<Void> deploy() {
        int threads = config.scoringThreads() > 0 ? config.scoringThreads() : Runtime.getRuntime().availableProcessors();
        scoringPool = vertx.createSharedWorkerExecutor("kizashi-scoring", threads);
        ioPool = vertx.createSharedWorkerExecutor("kizashi-io", Math.max(4, jobs.size() + 2));
        http = new HttpApiVerticle(config.http().host(), config.http().port(), config.http().token(), jobs,
                new ResultsQueries(client, indices), client, ioPool, metrics, clock, alerting, this::reload, this::modelVersions);
        if (precursors != null) {
            // A new bundle version dropped into models_dir is picked up without a restart (verified before use).
            precursorTimer = vertx.setPeriodic(config.precursor().reloadInterval().toMillis(),
                    id -> ioPool.executeBlocking(this::reloadPrecursors, false));
        }
        JobStateStore states = new JobStateStore(models, runtime, writer, clock);
        return deployOne(new ScoringVerticle(scoringPool))
                .compose(v -> deployOne(new PrecursorVerticle(scoringPool, precursorScorer)))
                .compose(v -> deployOne(new ResultsVerticle(ioPool, writer, new AnnotationDocuments(indices, MODEL_VERSION),
                        metrics, clock)))
                .compose(v -> deployOne(clusterAlerts != null ? clusterAlerts.verticle(ioPool, metrics,
                        config.alerting().consoleUrl() == null ? null : config.alerting().consoleUrl().toString(), Duration.ofSeconds(2))
                        : new AlertsVerticle(ioPool, alerting, jobs, metrics, clock,
                        config.alerting().consoleUrl() == null ? null : config.alerting().consoleUrl().toString(), Duration.ofSeconds(2))))
                .compose(v -> deployOne(http))
                .compose(v -> deployOne(new DatafeedVerticle(jobs, ioPool, metrics, clock, config.tick(), states)))
                .compose(v -> config.cluster() == null ? Future.<Void>succeededFuture() : JobOwnership.join(vertx, config.cluster(),
                        new JobActivation(vertx, jobs, client, clock, options, states, clusterAlerts), jobs, metrics.registry())
                        .<Void>map(o -> {
                            cluster = o;
                            return null;
                        }))
                .onSuccess(v -> LOG.info("kizashi: serving http://{}:{}/ (console /console/, metrics /metrics)",
                        config.http().host(), http.actualPort()));
    }

    private Future<Void> deployOne(io.vertx.core.Deployable verticle) {
        return vertx.deployVerticle(verticle).map(id -> {
            deployments.add(id);
            return null;
        });
    }

    /** What /api/models shows: the series model's state version and the precursor bundle in use. */
    private Map<String, String> modelVersions() {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        out.put("series_model", MODEL_VERSION);
        if (precursors != null) {
            out.put("precursor_model", precursors.current().map(b -> b.id()).orElse("none"));
            String error = precursors.status().error();
            if (error != null) {
                out.put("precursor_error", error);
            }
        }
        return out;
    }

    /** Looks for a newer precursor bundle; a broken one is refused and the loaded one stays. */
    private BundleRegistry.Status reloadPrecursors() {
        BundleRegistry.Status st = precursors.reload();
        if (st.changed()) {
            LOG.info("precursor model {} in use", st.loadedId().orElse("none"));
            st.loadedId().ifPresent(id -> metrics.modelVersion("precursor_model", id));
        }
        if (st.error() != null) {
            LOG.error("precursor model refused ({} stays in use): {}", st.loadedId().orElse("no model"), st.error());
        }
        return st;
    }

    /**
     * Re-reads the alert rules (a file that became invalid keeps its previous rules running) and looks for
     * a new precursor bundle.
     */
    JsonObject reload() {
        JsonObject out = new JsonObject();
        if (precursors != null) {
            BundleRegistry.Status st = reloadPrecursors();
            out.put("precursor_model", st.loadedId().orElse(null));
            if (st.error() != null) {
                out.put("precursor_error", st.error());
            }
        }
        if (alerting != null && config.rulesDir() != null) {
            RuleSet next = AlertRules.reload(alerting.rules(), config.rulesDir());
            alerting.updateRules(next);
            out.put("rules", next.rules().size()).put("rule_errors", new JsonArray(next.errors().stream().map(Object::toString).toList()));
        } else {
            out.put("rules", 0);
        }
        return out;
    }

    public AlertingService alerting() {
        return alerting;
    }

    /** Job ownership among the replicas, or null with one replica. */
    public JobOwnership cluster() {
        return cluster;
    }

    private static List<DeliveryConfig.Named> named(String prefix, List<URI> urls) {
        List<DeliveryConfig.Named> out = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            out.add(new DeliveryConfig.Named(prefix + "-" + (i + 1), urls.get(i)));
        }
        return out;
    }

    /** Undeploys in reverse order: the datafeed first (it waits for cycles in flight), the API last. */
    public Future<Void> stop() {
        // cluster mode: hand the jobs over first (their cycles finish), then stop the stages
        Future<Void> f = cluster == null ? Future.succeededFuture() : cluster.stop().recover(e -> Future.succeededFuture());
        if (precursorTimer >= 0) {
            vertx.cancelTimer(precursorTimer);
        }
        for (int i = deployments.size() - 1; i >= 0; i--) {
            String id = deployments.get(i);
            f = f.compose(v -> vertx.undeploy(id));
        }
        return f.andThen(ar -> {
            if (scoringPool != null) {
                scoringPool.close();
            }
            if (ioPool != null) {
                ioPool.close();
            }
            try {
                client._transport().close();
            } catch (Exception e) {
                LOG.debug("closing the Elasticsearch client: {}", e.getMessage());
            }
        });
    }
}
