package io.kizashi.cli;

import io.kizashi.service.KizashiService;
import io.kizashi.service.config.ServiceConfig;
import io.kizashi.service.config.ServiceConfigException;
import io.kizashi.service.config.ServiceConfigLoader;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code kizashi run --config FILE}: the service, as deployed next to a cluster. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs the Kizashi service against an Elasticsearch cluster until it is stopped (SIGTERM / Ctrl-C).",
            "Every setting can be overridden with environment variables (KIZASHI_HTTP_PORT, KIZASHI_ELASTICSEARCH_URLS, ...);",
            "secrets come from KIZASHI_ES_PASSWORD / KIZASHI_ES_API_KEY / KIZASHI_HTTP_TOKEN or the *_file settings."})
final class RunCommand implements java.util.concurrent.Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "Service configuration (YAML). Without it, defaults and environment variables.")
    Path config;

    @Override
    public Integer call() throws Exception {
        if (config != null && !Files.isRegularFile(config)) {
            throw new UserError("--config " + config + ": no such file; see deploy/config/kizashi.yaml for an example");
        }
        ServiceConfig cfg;
        try {
            Path base = config == null ? Path.of("").toAbsolutePath() : config.toAbsolutePath().getParent();
            cfg = new ServiceConfigLoader(System::getenv, base).load(config);
        } catch (ServiceConfigException e) {
            throw new UserError(e.getMessage(), e);
        }
        Vertx vertx = Vertx.vertx();
        KizashiService service = KizashiService.start(vertx, cfg, Clock.systemUTC()).toCompletionStage().toCompletableFuture().get();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                service.stop().toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
                vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("shutdown: " + e);
            } finally {
                stopped.countDown();
            }
        }, "kizashi-shutdown"));
        stopped.await();
        return 0;
    }
}
