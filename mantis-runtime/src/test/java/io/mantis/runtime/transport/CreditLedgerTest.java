package io.mantis.runtime.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class CreditLedgerTest {

    private long now = 1_000;
    private final List<Long> waits = new ArrayList<>();
    private final CreditLedger ledger = new CreditLedger(() -> now, waits::add);

    @Test
    void nothingIsRequestedWithoutCredit() {
        assertEquals(0, ledger.next(false));
        assertEquals(0, ledger.outstanding());
    }

    @Test
    void requestsAreCappedByCreditAndByTheOutstandingLimit() {
        ledger.granted(100);
        assertEquals(100, ledger.next(false));
        assertEquals(0, ledger.next(false), "already 100 outstanding against 100 credit");

        CreditLedger big = new CreditLedger(() -> 0, w -> { });
        big.granted(1_000_000);
        assertEquals(CreditLedger.MAX_OUTSTANDING, big.next(false));
    }

    @Test
    void requestsComeInChunksOfAboutHalfTheBudgetNotOneByOne() {
        ledger.granted(1_000_000);
        long requested = ledger.next(false);
        int calls = 0;
        int requests = 0;
        for (int i = 0; i < 100_000; i++) {
            ledger.received();
            ledger.spent();
            long n = ledger.next(false);
            calls++;
            if (n > 0) {
                requests++;
                assertTrue(n >= CreditLedger.MAX_OUTSTANDING / 2, "a request of " + n);
                requested += n;
            }
            assertTrue(ledger.outstanding() <= CreditLedger.MAX_OUTSTANDING);
        }
        assertTrue(requests <= calls / (CreditLedger.MAX_OUTSTANDING / 2) + 1, requests + " requests");
        assertEquals(100_000 + ledger.outstanding(), requested);
    }

    @Test
    void parkedEventsStopRequestsAndTheWaitIsMeasured() {
        ledger.granted(10);
        assertEquals(10, ledger.next(false));
        for (int i = 0; i < 9; i++) {
            ledger.received();
            ledger.spent();
        }
        ledger.received(); // the tenth's target has no credit: it is parked
        assertEquals(0, ledger.next(true), "an event is parked: nothing more may come");
        now += 5_000;
        assertEquals(0, ledger.next(true));
        assertTrue(waits.isEmpty());
        ledger.granted(10); // the parked event leaves with one of these
        ledger.spent();
        assertEquals(10, ledger.next(false));
        assertEquals(List.of(5_000L), waits);
    }

    @Test
    void runningOutOfCreditIsAWaitToo() {
        ledger.granted(4);
        assertEquals(4, ledger.next(false));
        for (int i = 0; i < 4; i++) {
            ledger.received();
            ledger.spent();
        }
        assertEquals(0, ledger.next(false));
        now += 700;
        ledger.granted(4);
        assertEquals(4, ledger.next(false));
        assertEquals(List.of(700L), waits);
    }

    @Test
    void revokedCreditShrinksTheBudget() {
        ledger.granted(300);
        ledger.revoked(200);
        assertEquals(100, ledger.next(false));
    }
}
