package io.kizashi.service.cluster;

import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * Rendezvous (highest random weight) hashing: the owner of a job is the member with the highest hash of
 * (job, member). Every replica computes the same owner from the same member list without talking to the
 * others, and when a member leaves only its own jobs move (spread over the rest); when one joins, only
 * the jobs it now wins move to it.
 */
public final class Rendezvous {

    private Rendezvous() {
    }

    /** The owner of {@code jobId} among {@code members}, or null when there are none. */
    public static String owner(String jobId, Collection<String> members) {
        String best = null;
        long bestWeight = 0;
        for (String m : members) {
            long w = weight(jobId, m);
            if (best == null || Long.compareUnsigned(w, bestWeight) > 0 || (w == bestWeight && m.compareTo(best) < 0)) {
                best = m;
                bestWeight = w;
            }
        }
        return best;
    }

    /** 64-bit FNV-1a of "job\0member", finished with a murmur3 mix so that near-equal inputs spread. */
    static long weight(String jobId, String member) {
        long h = 0xcbf29ce484222325L;
        for (byte b : (jobId + '\0' + member).getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
