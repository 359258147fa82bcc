/** Health indicators Boot does not provide. */
package io.flowmesh.webhooks.health;
