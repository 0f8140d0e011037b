package io.grapevine.itest.modules;

import io.grapevine.api.Cancellable;
import io.grapevine.api.Module;
import io.grapevine.api.ModuleContext;
import io.grapevine.api.ModuleResponse;
import io.grapevine.api.layer.FailureDetector;
import io.grapevine.api.layer.FailureListener;
import io.grapevine.api.layer.Membership;
import io.grapevine.api.layer.MembershipListener;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A module that consumes two layers the way any module would: DS binds the core's proxies of
 * {@link Membership} and {@link FailureDetector} (static, mandatory references, see
 * {@link #COMPONENT}), and on activation it registers a listener with each and keeps it for its
 * whole life. It is an immediate component: the core releases the Module service once it has the
 * object, and DS would deactivate a delayed one then (dropping its listeners). Every upcall is recorded in order; {@code GET /events} shows them with the number of
 * times DS activated the component and what the layers say now.
 */
public class LayerConsumerModule implements Module, MembershipListener, FailureListener {
    public static final String NAME = "io.grapevine.test.consumer";

    /** The hand-written DS description: the two references, bound before {@code activate}. */
    public static final String COMPONENT = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"" + NAME + "\""
            + " immediate=\"true\" activate=\"activate\" deactivate=\"deactivate\">\n"
            + "  <implementation class=\"" + LayerConsumerModule.class.getName() + "\"/>\n"
            + "  <service><provide interface=\"io.grapevine.api.Module\"/></service>\n"
            + "  <reference name=\"membership\" interface=\"io.grapevine.api.layer.Membership\""
            + " cardinality=\"1..1\" policy=\"static\" bind=\"bindMembership\"/>\n"
            + "  <reference name=\"failureDetector\" interface=\"io.grapevine.api.layer.FailureDetector\""
            + " cardinality=\"1..1\" policy=\"static\" bind=\"bindFailureDetector\"/>\n"
            + "</scr:component>\n";

    public static final String IMPORTS = "io.grapevine.api;version=\"[1.0,2)\",io.grapevine.api.layer;version=\"[1.0,2)\"";

    /** Activations of this component in this bundle's life (its class is loaded once per bundle). */
    private static final AtomicInteger ACTIVATIONS = new AtomicInteger();

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<Cancellable> listeners = new ArrayList<>();
    private volatile Membership membership;
    private volatile FailureDetector failureDetector;

    public void bindMembership(Membership layer) {
        membership = layer;
    }

    public void bindFailureDetector(FailureDetector layer) {
        failureDetector = layer;
    }

    public void activate() {
        ACTIVATIONS.incrementAndGet();
        listeners.add(membership.addListener(this));
        listeners.add(failureDetector.addListener(this));
    }

    public void deactivate() {
        listeners.forEach(Cancellable::cancel);
    }

    @Override
    public void joined(String member) {
        events.add("joined " + member);
    }

    @Override
    public void left(String member) {
        events.add("left " + member);
    }

    @Override
    public void suspected(String member) {
        events.add("suspected " + member);
    }

    @Override
    public void recovered(String member) {
        events.add("recovered " + member);
    }

    @Override
    public void start(ModuleContext context) {
        context.serve(request -> request.path().equals("/events")
                ? ModuleResponse.json("{\"activations\":" + ACTIVATIONS.get() + ",\"events\":" + strings(events)
                        + ",\"view\":" + layerState(() -> membership.view())
                        + ",\"suspected\":" + layerState(() -> failureDetector.suspected()) + "}")
                : ModuleResponse.text(404, "GET /events\n"));
    }

    @Override
    public void stop() {
    }

    @Override
    public String transferState() {
        return null;
    }

    @Override
    public void acceptState(String state) {
    }

    /** A layer's answer as a JSON array, or the reason it gave none (no provider at the moment). */
    private static String layerState(java.util.function.Supplier<Collection<String>> call) {
        try {
            return strings(call.get());
        } catch (IllegalStateException e) {
            return "\"unavailable\"";
        }
    }

    private static String strings(Collection<String> texts) {
        return "[" + String.join(",", texts.stream().map(t -> "\"" + t + "\"").toList()) + "]";
    }
}
