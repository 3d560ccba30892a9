package dev.hanlm.studio.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which hosts count as this machine only, where no admin token is needed. */
class ServerOptionsTest {
    private static boolean loopbackOnly(String host) {
        return ServerOptions.defaults().withHost(host).loopbackOnly();
    }

    @Test
    void loopbackAddressesAreThisMachineOnly() {
        assertTrue(loopbackOnly("127.0.0.1"));
        assertTrue(loopbackOnly("127.0.0.2"));
        assertTrue(loopbackOnly("::1"));
        assertTrue(loopbackOnly("localhost"));
    }

    @Test
    void otherAddressesAreReachableFromElsewhere() {
        assertFalse(loopbackOnly("0.0.0.0"));
        assertFalse(loopbackOnly("::"));
        assertFalse(loopbackOnly("192.168.1.10"));
    }
}
