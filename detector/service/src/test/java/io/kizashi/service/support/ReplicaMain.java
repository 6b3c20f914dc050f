package io.kizashi.service.support;

import io.kizashi.service.KizashiService;
import io.kizashi.service.ServiceClock;
import io.kizashi.service.config.ServiceConfig;
import io.kizashi.service.config.ServiceConfigLoader;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The service as a process of its own, for tests that kill it (SIGKILL) or run several replicas: the
 * configuration comes from KIZASHI_* environment variables, the clock from two arguments so that
 * every replica of a test shares one simulated time: {@code <simulated instant at anchor> <anchor epoch ms>
 * <speed>} (speed 0 = the clock stands still at the instant). Prints {@code KIZASHI-READY <http port>}
 * once serving; SIGTERM stops it gracefully.
 */
public final class ReplicaMain {

    private ReplicaMain() {
    }

    public static void main(String[] args) throws Exception {
        Instant sim = Instant.parse(args[0]);
        long anchor = Long.parseLong(args[1]);
        double speed = Double.parseDouble(args[2]);
        Clock clock;
        if (speed == 0) {
            clock = Clock.fixed(sim, java.time.ZoneOffset.UTC);
        } else {
            Instant now = sim.plusMillis((long) ((System.currentTimeMillis() - anchor) * speed));
            clock = ServiceClock.of(Clock.systemUTC(), now, speed);
        }
        ServiceConfig cfg = new ServiceConfigLoader(System::getenv, Path.of("").toAbsolutePath()).load(null);
        Vertx vertx = Vertx.vertx();
        KizashiService service = KizashiService.start(vertx, cfg, clock).toCompletionStage().toCompletableFuture().get(3, TimeUnit.MINUTES);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                service.stop().toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
                vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("shutdown: " + e);
            }
        }));
        System.out.println("KIZASHI-READY " + service.httpPort());
        System.out.flush();
        Thread.sleep(Duration.ofHours(2));
    }
}
