package io.mantis.runtime.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

// The message for each malformed address is covered through PUT /upstreams in AdminServerTest.
class HostPortTest {

    @Test
    void ipLiteralsAreResolvedWithoutLookup() {
        InetSocketAddress v4 = HostPort.parse("127.0.0.1:7001", "a");
        assertFalse(v4.isUnresolved());
        assertEquals("127.0.0.1", v4.getHostString());
        assertEquals(7001, v4.getPort());

        InetSocketAddress v6 = HostPort.parse("[::1]:7002", "a");
        assertFalse(v6.isUnresolved());
        assertEquals(7002, v6.getPort());
    }

    @Test
    void hostNamesStayUnresolvedForTheConnector() {
        InetSocketAddress named = HostPort.parse("worker-3.example.internal:7001", "a");
        assertTrue(named.isUnresolved());
        assertEquals("worker-3.example.internal", named.getHostString());
    }

    @Test
    void parseAllNamesTheBadEntry() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HostPort.parseAll(List.of("127.0.0.1:7001", "127.0.0.1:0"), "upstreams"));
        assertEquals("upstreams[1] '127.0.0.1:0' has port '0'; expected a number from 1 to 65535", e.getMessage());
    }

    @Test
    void emptyOrMissingTextIsNamed() {
        assertEquals("upstreams[0] is empty; expected host:port",
                assertThrows(IllegalArgumentException.class, () -> HostPort.parse(null, "upstreams[0]")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse("1234:7001", "a"));
    }

    @Test
    void formatWritesWhatParseReads() {
        assertEquals("127.0.0.1:7001", HostPort.format("127.0.0.1", 7001));
        assertEquals("[::1]:7001", HostPort.format("::1", 7001));
        assertEquals(7001, HostPort.parse(HostPort.format("::1", 7001), "a").getPort());
    }
}
