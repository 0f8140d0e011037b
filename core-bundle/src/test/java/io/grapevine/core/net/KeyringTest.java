package io.grapevine.core.net;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.Test;

/** Only a holder of a cluster key sends what a node believes, and nothing is believed twice. */
public class KeyringTest {
    private static final byte[] BODY = "{\"from\":\"a:1\"}".getBytes(StandardCharsets.UTF_8);

    private static Keyring keyring(String... base64) {
        return new Keyring(java.util.Arrays.stream(base64).map(Keyring::decode).toList(), null);
    }

    @Test
    public void aSignedRequestIsBelievedOnceAndOnlyAsSent() {
        String key = Keyring.generate();
        Keyring sender = keyring(key);
        Keyring receiver = keyring(key);
        String auth = sender.sign("POST", "/core/gossip", "a:1", BODY);
        Keyring.Verdict verdict = receiver.verify(auth, "POST", "/core/gossip", "a:1", BODY);
        assertNull(verdict.refusal());
        assertEquals("a:1", verdict.from());
        assertEquals("replay", receiver.verify(auth, "POST", "/core/gossip", "a:1", BODY).refusal());
        String other = sender.sign("POST", "/core/gossip", "a:1", BODY);
        assertEquals("another sender's address", "bad-mac",
                receiver.verify(other, "POST", "/core/gossip", "b:1", BODY).refusal());
        assertEquals("another body", "bad-mac", receiver.verify(sender.sign("POST", "/core/gossip", "a:1", BODY),
                "POST", "/core/gossip", "a:1", "{}".getBytes(StandardCharsets.UTF_8)).refusal());
        assertEquals("another path", "bad-mac", receiver.verify(sender.sign("POST", "/m/x", "a:1", BODY),
                "POST", "/m/y", "a:1", BODY).refusal());
        assertEquals("unauthenticated", receiver.verify(null, "POST", "/core/gossip", "a:1", BODY).refusal());
        assertEquals("unknown-key", receiver.verify(keyring(Keyring.generate()).sign("POST", "/p", "a:1", BODY),
                "POST", "/p", "a:1", BODY).refusal());
    }

    @Test
    public void requestsSentAtOnceMayArriveInAnyOrderButOldOnesAreRefused() {
        String key = Keyring.generate();
        Keyring sender = keyring(key);
        Keyring receiver = keyring(key);
        List<String> sent = new java.util.ArrayList<>();
        for (int i = 0; i < ReplayWindow.WIDTH + 10; i++) {
            sent.add(sender.sign("POST", "/p", "a:1", BODY));
        }
        assertNull(receiver.verify(sent.get(20), "POST", "/p", "a:1", BODY).refusal());
        assertNull("an earlier one, late", receiver.verify(sent.get(3), "POST", "/p", "a:1", BODY).refusal());
        assertNull(receiver.verify(sent.get(sent.size() - 1), "POST", "/p", "a:1", BODY).refusal());
        assertEquals("older than the window", "replay", receiver.verify(sent.get(5), "POST", "/p", "a:1", BODY)
                .refusal());
    }

    @Test
    public void aRotationInstallsUsesThenRemovesWithoutAMomentOfSilence() {
        String oldKey = Keyring.generate();
        String newKey = Keyring.generate();
        Keyring a = keyring(oldKey);
        Keyring b = keyring(oldKey);
        String newId = a.install(Keyring.decode(newKey));
        b.install(Keyring.decode(newKey));
        assertNull("b still believes a's old key", b.verify(a.sign("POST", "/p", "a:1", BODY), "POST", "/p", "a:1", BODY)
                .refusal());
        a.use(newId);
        assertNull("b believes a's new key", b.verify(a.sign("POST", "/p", "a:1", BODY), "POST", "/p", "a:1", BODY)
                .refusal());
        String reply = b.signReply(a.sign("POST", "/p", "a:1", BODY).split(" ")[2], 200, BODY);
        String oldId = Keyring.id(Keyring.decode(oldKey));
        assertThrows("the key it sends with stays", IllegalArgumentException.class, () -> a.remove(newId));
        a.remove(oldId);
        assertEquals(List.of(newId), a.ids());
        assertFalse("a reply MAC of the removed key is not believed",
                a.verifyReply(reply, a.sign("POST", "/p", "a:1", BODY), 200, BODY));
    }

    @Test
    public void aReplyIsBelievedOnlyForItsRequestItsStatusAndItsBody() {
        String key = Keyring.generate();
        Keyring client = keyring(key);
        Keyring server = keyring(key);
        String request = client.sign("GET", "/core/bundles/x", "a:1", new byte[0]);
        String reply = server.signReply(request.split(" ")[2], 200, BODY);
        assertTrue(client.verifyReply(reply, request, 200, BODY));
        assertFalse(client.verifyReply(reply, request, 404, BODY));
        assertFalse(client.verifyReply(reply, request, 200, new byte[1]));
        assertFalse(client.verifyReply(reply, client.sign("GET", "/core/bundles/x", "a:1", new byte[0]), 200, BODY));
        assertFalse(client.verifyReply(null, request, 200, BODY));
        assertThrows(IllegalArgumentException.class, () -> Keyring.decode("c2hvcnQ="));
    }

    @Test
    public void theCoreHeadersOfAModuleMessageAreProvenAndCannotBeChangedDroppedOrAdded() {
        String key = Keyring.generate();
        Keyring sender = keyring(key);
        Keyring receiver = keyring(key);
        String covered = Keyring.covered(java.util.Map.of(Keyring.DEPLOYMENT, "5-0-a",
                Keyring.MODULE_DEPLOYMENT, "3-0-a")::get);
        String changed = Keyring.covered(java.util.Map.of(Keyring.DEPLOYMENT, "9-0-evil",
                Keyring.MODULE_DEPLOYMENT, "3-0-a")::get);
        String onlyOne = Keyring.covered(java.util.Map.of(Keyring.MODULE_DEPLOYMENT, "3-0-a")::get);
        Keyring.Verdict proven = receiver.verify(sender.sign("POST", "/m/x", "a:1", covered, BODY), "POST", "/m/x",
                "a:1", covered, BODY);
        assertNull(proven.refusal());
        assertTrue(proven.headersCovered());
        assertEquals("a number changed", "bad-mac", receiver.verify(sender.sign("POST", "/m/x", "a:1", covered, BODY),
                "POST", "/m/x", "a:1", changed, BODY).refusal());
        assertEquals("a header dropped", "bad-mac", receiver.verify(sender.sign("POST", "/m/x", "a:1", covered,
                BODY), "POST", "/m/x", "a:1", onlyOne, BODY).refusal());
        assertEquals("all dropped", "bad-mac", receiver.verify(sender.sign("POST", "/m/x", "a:1", covered, BODY),
                "POST", "/m/x", "a:1", "", BODY).refusal());
        Keyring.Verdict olderCore = receiver.verify(sender.sign("POST", "/m/x", "a:1", BODY), "POST", "/m/x", "a:1",
                covered, BODY);
        assertNull("an older core's message (or one with headers added) is its own", olderCore.refusal());
        assertFalse("but not the numbers in its headers", olderCore.headersCovered());
        assertEquals("no covered headers: the MAC core gossip always had", "", Keyring.covered(name -> null));
    }

    @Test
    public void aReplysCoreHeadersAreProvenTooAndAnOlderCoresReplyIsToldApart() {
        String key = Keyring.generate();
        Keyring client = keyring(key);
        Keyring server = keyring(key);
        String covered = Keyring.covered(java.util.Map.of(Keyring.DEPLOYMENT, "5-0-a")::get);
        String request = client.sign("POST", "/m/x", "a:1", covered, BODY);
        String reply = server.signReply(request.split(" ")[2], 409, covered, BODY);
        assertTrue(client.verifyReply(reply, request, 409, covered, BODY));
        assertFalse("a number changed", client.verifyReply(reply, request, 409,
                Keyring.covered(java.util.Map.of(Keyring.DEPLOYMENT, "6-0-a")::get), BODY));
        assertFalse("dropped", client.verifyReply(reply, request, 409, "", BODY));
        String older = server.signReply(request.split(" ")[2], 409, BODY);
        assertFalse(client.verifyReply(older, request, 409, covered, BODY));
        assertTrue("an older core's reply is still its own", client.verifyReply(older, request, 409, BODY));
    }
}
