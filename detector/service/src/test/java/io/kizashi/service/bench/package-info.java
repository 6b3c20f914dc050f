/**
 * Benchmarks of the service (not tests: the figures depend on the machine; each stops by itself). Run from
 * the repository root with {@code mvn -B -q -pl detector/service -am verify -DskipTests -Pbench -Dbench=scale}
 * (or {@code -Dbench=soak}); see each class for its options.
 */
package io.kizashi.service.bench;
