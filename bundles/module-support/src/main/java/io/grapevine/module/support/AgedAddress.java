package io.grapevine.module.support;

/**
 * A member as a module keeps it: its address ({@code host:port}, how peers reach its node) and an
 * age in rounds. What the age counts is the module's to say, so each module has its own record.
 */
public interface AgedAddress {
    String member();

    int age();
}
