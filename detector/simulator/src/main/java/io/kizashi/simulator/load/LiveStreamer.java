package io.kizashi.simulator.load;

import io.kizashi.simulator.LogDocument;
import io.kizashi.simulator.LogGenerator;
import io.kizashi.simulator.SimulationClock;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Live mode: every tick (wall time), generates the simulated interval [cursor, clock.now()) and hands
 * its documents to the sink. Because intervals compose exactly, a restarted streamer that resumes from
 * the last cursor it reported produces exactly the documents a never-stopped one would have.
 */
public final class LiveStreamer {

    private final LogGenerator generator;
    private final SimulationClock clock;
    private final Consumer<List<LogDocument>> sink;
    private final Duration tick;
    private volatile Instant cursor;

    /**
     * @param resumeFrom simulated instant up to which documents were already delivered (e.g. the backfill's end)
     * @param tick       wall time between generations
     */
    public LiveStreamer(LogGenerator generator, SimulationClock clock, Consumer<List<LogDocument>> sink, Instant resumeFrom, Duration tick) {
        this.generator = Objects.requireNonNull(generator, "generator");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.cursor = Objects.requireNonNull(resumeFrom, "resumeFrom");
        if (tick.isNegative() || tick.isZero()) {
            throw new IllegalArgumentException("tick must be positive, got " + tick);
        }
        this.tick = tick;
    }

    /** Simulated time up to which documents have been delivered. */
    public Instant cursor() {
        return cursor;
    }

    /**
     * Generates up to the clock's current time once; returns how many documents were delivered.
     * Never moves backwards: if the clock is behind the cursor nothing happens.
     */
    public int step() {
        Instant now = clock.now();
        if (!now.isAfter(cursor)) {
            return 0;
        }
        List<LogDocument> docs = generator.generate(cursor, now);
        sink.accept(docs);
        cursor = now;
        return docs.size();
    }

    /** Steps every tick until {@code stop} says so (checked each tick) or the thread is interrupted. */
    public void run(BooleanSupplier stop) {
        while (!stop.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
            long began = System.nanoTime();
            step();
            long sleep = tick.toNanos() - (System.nanoTime() - began);
            if (sleep > 0) {
                try {
                    Thread.sleep(Duration.ofNanos(sleep));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
