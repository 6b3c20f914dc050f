package io.kizashi.service.bench;

/** Entry point of the bench profile: {@code -Dbench=scale} (default) or {@code -Dbench=soak}. */
public final class Benchmarks {

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        switch (System.getProperty("bench", "scale")) {
            case "scale" -> ScaleBenchmark.main(args);
            case "soak" -> SoakBenchmark.main(args);
            default -> throw new IllegalArgumentException("-Dbench=" + System.getProperty("bench") + ": use scale or soak");
        }
    }
}
