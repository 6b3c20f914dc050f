package io.kizashi.datafeed.testing;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small log document for datafeed tests; null fields are left out of the indexed JSON.
 *
 * @param id     deterministic document id
 * @param ts     @timestamp (epoch ms)
 * @param svc    service (split field), or null
 * @param pod    pod (second split field), or null
 * @param tenant tenant id
 * @param status HTTP status
 * @param dur    latency (ms)
 * @param bytes  response size, or null
 * @param kind   "request" or "noise" (the job filter keeps requests)
 * @param method GET or POST
 */
public record Doc(String id, long ts, String svc, String pod, String tenant, int status, long dur, Long bytes, String kind,
                  String method) {

    public Map<String, Object> source() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("@timestamp", Instant.ofEpochMilli(ts).toString());
        if (svc != null) {
            m.put("svc", svc);
        }
        if (pod != null) {
            m.put("pod", pod);
        }
        m.put("tenant", tenant);
        m.put("status", status);
        m.put("dur", dur);
        if (bytes != null) {
            m.put("bytes", bytes);
        }
        m.put("kind", kind);
        m.put("method", method);
        return m;
    }

    public Doc at(long newTs, String newId) {
        return new Doc(newId, newTs, svc, pod, tenant, status, dur, bytes, kind, method);
    }
}
