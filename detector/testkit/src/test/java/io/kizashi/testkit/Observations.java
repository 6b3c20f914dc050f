package io.kizashi.testkit;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** What each sharing test class saw of the node, so the other one can compare (in whichever order they run). */
final class Observations {

    record Seen(int generation, long pid, URI uri) {}

    static final Map<Class<?>, Seen> BY_CLASS = new ConcurrentHashMap<>();

    private Observations() {}
}
