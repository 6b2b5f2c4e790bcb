/**
 * The seed's integration example: pushes the runtime's metrics to a Prometheus Pushgateway each
 * {@code runtime.metrics.interval} (as its monitoring extension's {@code export}), and is an
 * integration whose connect checks the gateway, whose health is the gateway's latest answer and
 * which pushes on request ({@code nexcage integration send prometheus-metrics '{"action":"push"}'}).
 */
@NexCagePlugin(name = "prometheus-metrics")
@PluginCapabilities({Capability.NETWORK_CLIENT, Capability.METRICS, Capability.LOGGING})
@PluginResources(maxMemoryMb = 32, timeoutSeconds = 10, maxNetworkConnections = 4)
@PluginRuntime("[0.8,1)")
package nexcage.example.prometheusmetrics;

import nexcage.api.Capability;
import nexcage.api.NexCagePlugin;
import nexcage.api.PluginCapabilities;
import nexcage.api.PluginResources;
import nexcage.api.PluginRuntime;
