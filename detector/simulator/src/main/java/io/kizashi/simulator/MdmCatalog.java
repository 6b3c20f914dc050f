package io.kizashi.simulator;

import java.util.List;

import static io.kizashi.simulator.Endpoint.of;
import static io.kizashi.simulator.TrafficProfile.BATCH;
import static io.kizashi.simulator.TrafficProfile.BUSINESS;
import static io.kizashi.simulator.TrafficProfile.DEVICE;
import static io.kizashi.simulator.TrafficProfile.MIXED;

/**
 * The default simulated MDM SaaS: 16 services with realistic relative volumes (device check-ins
 * dominate; admin consoles follow office hours; reports run at night), latencies and call graph.
 */
public final class MdmCatalog {

    private MdmCatalog() {
    }

    public static List<ServiceSpec> services() {
        return List.of(
            new ServiceSpec("device-gateway", "dgw", 30, DEVICE, 6, 3, 12, 0.002, 1024, false, List.of(), List.of(
                of("POST", "/mdm/checkin", 50, 35, 0.45, false),
                of("GET", "/mdm/commands/next", 25, 22, 0.40, false),
                of("POST", "/mdm/commands/{id}/result", 15, 40, 0.50, true),
                of("POST", "/mdm/inventory", 10, 85, 0.55, true))),
            new ServiceSpec("command-queue", "cmq", 12, DEVICE, 3, 2, 6, 0.001, 768, true, List.of("device-gateway", "console-api"), List.of(
                of("POST", "/internal/commands", 40, 15, 0.40, true),
                of("GET", "/internal/commands/pending", 40, 12, 0.35, true),
                of("POST", "/internal/commands/{id}/ack", 20, 18, 0.40, true))),
            new ServiceSpec("push-notifier", "psh", 10, DEVICE, 3, 2, 8, 0.003, 512, true, List.of("command-queue"), List.of(
                of("POST", "/internal/push/apns", 55, 120, 0.50, false),
                of("POST", "/internal/push/fcm", 45, 90, 0.50, false))),
            new ServiceSpec("enrollment", "enr", 3, BUSINESS, 2, 2, 4, 0.004, 768, false, List.of(), List.of(
                of("POST", "/api/v1/enrollments", 40, 250, 0.50, true),
                of("GET", "/api/v1/enrollments/{id}", 40, 40, 0.40, true),
                of("POST", "/mdm/enroll/profile", 20, 180, 0.45, true))),
            new ServiceSpec("console-api", "con", 12, BUSINESS, 4, 2, 8, 0.002, 1024, false, List.of(), List.of(
                of("GET", "/api/v1/devices", 30, 90, 0.50, true),
                of("GET", "/api/v1/devices/{id}", 25, 35, 0.40, true),
                of("POST", "/api/v1/devices/{id}/commands", 10, 60, 0.45, true),
                of("GET", "/api/v1/policies", 10, 45, 0.40, true),
                of("PUT", "/api/v1/policies/{id}", 5, 120, 0.50, true),
                of("GET", "/api/v1/dashboard/summary", 20, 220, 0.60, true))),
            new ServiceSpec("auth", "ath", 10, MIXED, 3, 2, 6, 0.001, 512, false, List.of("console-api", "device-gateway"), List.of(
                of("POST", "/oauth/token", 60, 25, 0.40, true),
                of("GET", "/oauth/introspect", 30, 8, 0.30, false),
                of("POST", "/saml/acs", 10, 150, 0.50, false))),
            new ServiceSpec("inventory", "inv", 8, DEVICE, 3, 2, 6, 0.002, 1024, false, List.of("device-gateway"), List.of(
                of("POST", "/internal/inventory/sync", 50, 110, 0.55, true),
                of("GET", "/internal/inventory/{id}", 50, 30, 0.40, true))),
            new ServiceSpec("report-batch", "rpt", 1.5, BATCH, 2, 1, 4, 0.010, 2048, true, List.of(), List.of(
                of("POST", "/jobs/reports/run", 30, 4500, 0.70, true),
                of("GET", "/jobs/reports/{id}", 70, 20, 0.40, true))),
            new ServiceSpec("policy-engine", "pol", 6, DEVICE, 2, 2, 5, 0.002, 768, false, List.of("device-gateway", "console-api"), List.of(
                of("POST", "/internal/policies/evaluate", 80, 45, 0.45, true),
                of("GET", "/internal/policies/{id}/compiled", 20, 15, 0.35, true))),
            new ServiceSpec("app-catalog", "app", 4, MIXED, 2, 2, 4, 0.002, 768, false, List.of("console-api"), List.of(
                of("GET", "/api/v1/apps", 50, 60, 0.45, true),
                of("GET", "/api/v1/apps/{id}/manifest", 35, 25, 0.40, false),
                of("POST", "/api/v1/apps/{id}/assignments", 15, 140, 0.50, true))),
            new ServiceSpec("location", "loc", 5, DEVICE, 2, 2, 5, 0.001, 512, false, List.of(), List.of(
                of("POST", "/mdm/location", 85, 20, 0.35, false),
                of("GET", "/api/v1/devices/{id}/location", 15, 30, 0.40, true))),
            new ServiceSpec("billing", "bil", 0.8, BUSINESS, 1, 1, 2, 0.003, 512, false, List.of(), List.of(
                of("GET", "/api/v1/billing/usage", 60, 180, 0.55, true),
                of("POST", "/internal/billing/meter", 40, 30, 0.40, true))),
            new ServiceSpec("notification-api", "ntf", 1.5, BUSINESS, 2, 1, 3, 0.004, 512, true, List.of(), List.of(
                of("POST", "/internal/notifications/email", 60, 200, 0.55, false),
                of("POST", "/internal/webhooks/dispatch", 40, 150, 0.70, false))),
            new ServiceSpec("audit-log", "aud", 3, MIXED, 2, 2, 4, 0.001, 768, false, List.of("console-api"), List.of(
                of("POST", "/internal/audit/events", 90, 12, 0.35, true),
                of("GET", "/api/v1/audit/events", 10, 300, 0.60, true))),
            new ServiceSpec("cert-authority", "pki", 1, DEVICE, 2, 2, 3, 0.002, 512, false, List.of("enrollment"), List.of(
                of("POST", "/scep/pkiclient.exe", 70, 350, 0.45, false),
                of("GET", "/scep/ca-cert", 30, 10, 0.30, false))),
            new ServiceSpec("tenant-admin", "tnt", 1, BUSINESS, 2, 1, 3, 0.002, 512, false, List.of("console-api"), List.of(
                of("GET", "/api/v1/tenants/{id}/settings", 70, 25, 0.40, true),
                of("PUT", "/api/v1/tenants/{id}/settings", 30, 80, 0.45, true))));
    }
}
