package io.kizashi.config;

import java.util.Collection;

/** "Did you mean …?" for configuration keys and names: the closest candidate by edit distance. */
public final class Spelling {
    private Spelling() {
    }

    /**
     * The candidate closest to {@code word} if it is close enough to be a typo: at most
     * {@code maxDistance} edits, or a prefix of at least three characters; otherwise null.
     */
    public static String closest(String word, Collection<String> candidates, int maxDistance) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(word, c);
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        if (best != null && bestDistance <= maxDistance) {
            return best;
        }
        if (word.length() >= 3) {
            // An abbreviation ("query" for "query_delay") is far by edits but plainly meant.
            for (String c : candidates) {
                if (c.startsWith(word)) {
                    return c;
                }
            }
        }
        return null;
    }

    /** Levenshtein distance. */
    public static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
