package io.grapevine.core.layers;

import static org.junit.Assert.assertEquals;

import io.grapevine.api.Cancellable;
import io.grapevine.api.layer.Aggregation;
import io.grapevine.api.layer.Broadcast;
import io.grapevine.api.layer.BroadcastListener;
import io.grapevine.api.layer.Estimate;
import io.grapevine.api.layer.FailureDetector;
import io.grapevine.api.layer.FailureListener;
import io.grapevine.api.layer.LayerUnavailableException;
import io.grapevine.api.layer.Membership;
import io.grapevine.api.layer.MembershipListener;
import io.grapevine.api.layer.PeerSampling;
import io.grapevine.api.layer.Publication;
import io.grapevine.api.layer.RandomWalk;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.junit.Test;

public class LayerTypesTest {
    /** A package in miniature: two layers and everything that is not one. */
    public interface Chat {
        Ticket post(String text);

        CompletionStage<List<Receipt>> receipts();

        Cancellable addListener(ChatListener listener);
    }

    public interface ChatListener {
        void said(String who, String text);
    }

    public interface Ticket {
        String id();
    }

    public interface Receipt {
        String reader();
    }

    /** A layer without listeners, which mentions only itself. */
    public interface Clock {
        long now();

        Clock offsetBy(long millis);
    }

    public record Reading(String value) {
    }

    public static class ChatException extends IllegalStateException {
        private static final long serialVersionUID = 1L;
    }

    interface NotPublic {
        void hidden();
    }

    public @interface Marker {
    }

    @Test
    public void theLayersOfTheApiAreItsSixInterfacesThatNothingElseMentions() {
        List<Class<?>> apiPackage = List.of(Aggregation.class, Broadcast.class, BroadcastListener.class,
                Estimate.class, FailureDetector.class, FailureListener.class, LayerUnavailableException.class,
                Membership.class, MembershipListener.class, PeerSampling.class, Publication.class, RandomWalk.class);
        assertEquals(Set.of(Membership.class, PeerSampling.class, FailureDetector.class, Aggregation.class,
                Broadcast.class, RandomWalk.class), Set.copyOf(LayerTypes.of(apiPackage)));
    }

    @Test
    public void listenersValuesRecordsExceptionsAnnotationsAndHiddenInterfacesAreNoLayers() {
        List<Class<?>> candidates = List.of(Chat.class, ChatListener.class, Ticket.class, Receipt.class,
                Clock.class, Reading.class, ChatException.class, NotPublic.class, Marker.class);
        assertEquals(List.of(Chat.class, Clock.class), LayerTypes.of(candidates));
    }
}
