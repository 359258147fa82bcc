/** Standard Webhooks secrets and request signatures. */
package io.flowmesh.webhooks.signing;
