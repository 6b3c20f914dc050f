package io.kizashi.service.cluster;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Job ownership by rendezvous hashing: the same on every replica, balanced, and only a leaver's jobs move. */
class RendezvousTest {

    static final List<String> MEMBERS = List.of("5f1c0a3e-aaaa-4000-8000-000000000001", "9b2d7c11-bbbb-4000-8000-000000000002",
            "c47e90f2-cccc-4000-8000-000000000003");

    static List<String> jobs(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("job-" + i);
        }
        return out;
    }

    @Test
    void everyReplicaComputesTheSameOwnerWhateverTheOrderOfTheMemberList() {
        List<String> reversed = new ArrayList<>(MEMBERS).reversed();
        for (String job : jobs(500)) {
            assertThat(Rendezvous.owner(job, reversed)).isEqualTo(Rendezvous.owner(job, MEMBERS)).isIn(MEMBERS);
        }
        assertThat(Rendezvous.owner("any", List.of())).isNull();
        assertThat(Rendezvous.owner("any", List.of("only"))).isEqualTo("only");
    }

    @Test
    void jobsSpreadEvenlyAndOnlyTheJobsOfAMemberThatLeftMove() {
        Map<String, String> before = new HashMap<>();
        Map<String, Integer> load = new HashMap<>();
        for (String job : jobs(3000)) {
            String o = Rendezvous.owner(job, MEMBERS);
            before.put(job, o);
            load.merge(o, 1, Integer::sum);
        }
        // 1000 expected each; a binomial(3000, 1/3) stays within +-10 % by a wide margin
        assertThat(load.values()).allSatisfy(n -> assertThat(n).isBetween(900, 1100));

        String gone = MEMBERS.get(1);
        List<String> left = MEMBERS.stream().filter(m -> !m.equals(gone)).toList();
        Map<String, Integer> received = new HashMap<>();
        for (Map.Entry<String, String> e : before.entrySet()) {
            String now = Rendezvous.owner(e.getKey(), left);
            if (e.getValue().equals(gone)) {
                received.merge(now, 1, Integer::sum);
            } else {
                assertThat(now).as("owner of %s, whose replica stayed", e.getKey()).isEqualTo(e.getValue());
            }
        }
        // the leaver's jobs are shared by both survivors, not dumped on one
        assertThat(received.values()).hasSize(2).allSatisfy(n -> assertThat(n).isGreaterThan(load.get(gone) / 3));
    }
}
