/**
 * What the library modules (membership, failure detector, CYCLON, aggregation, broadcast, random
 * walk) have in common, written once. It is never a bundle and never exported: each module bundle
 * embeds its own copy of this package at build time (bnd's {@code -conditionalpackage}), so the
 * core can update any module alone and no two modules ever have to agree on a version of it. A
 * change here reaches a node only with the next deployment of each module that carries it.
 */
package io.grapevine.module.support;
