package io.kizashi.alerting.delivery;

/**
 * The outcome of one delivery attempt.
 *
 * @param ok        the receiver accepted it
 * @param retryable a failure worth retrying (connection error, timeout, 429, 5xx); false for a refusal that
 *                  would repeat (4xx: bad payload, wrong URL)
 * @param status    HTTP status, 0 when no response
 * @param error     what went wrong (no secrets: URLs are redacted), or null
 */
public record DeliveryResult(boolean ok, boolean retryable, int status, String error) {

    public static DeliveryResult delivered(int status) {
        return new DeliveryResult(true, false, status, null);
    }

    public static DeliveryResult retry(int status, String error) {
        return new DeliveryResult(false, true, status, error);
    }

    public static DeliveryResult refused(int status, String error) {
        return new DeliveryResult(false, false, status, error);
    }

    /** Classifies an HTTP status: 2xx ok, 408/425/429/5xx retry, other 4xx refused. */
    public static DeliveryResult ofStatus(int status, String body, String target) {
        if (status >= 200 && status < 300) {
            return delivered(status);
        }
        String msg = target + " answered " + status + (body == null || body.isBlank() ? "" : ": " + abbreviate(body));
        if (status == 408 || status == 425 || status == 429 || status >= 500) {
            return retry(status, msg);
        }
        return refused(status, msg);
    }

    static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() <= 200 ? one : one.substring(0, 197) + "...";
    }
}
