/**
 * {@link io.flowmesh.polling.PollingThread}: the worker thread of a lifecycle part that polls, with
 * its waits, back-off and stop.
 */
package io.flowmesh.polling;
