/**
 * The MQTT front door (protocol-spec/mqtt.md): {@link io.hilbridge.mqtt.MqttBridge} keeps one connection to a broker
 * (will, backoff, resubscribe), publishes each light's state retained ({@link io.hilbridge.mqtt.LatestPerTopic}),
 * announces the boards to Home Assistant ({@link io.hilbridge.mqtt.HaDiscovery}) and turns commands into
 * {@link io.hilbridge.api.SetRequest}s for the one command engine ({@link io.hilbridge.mqtt.MqttCommands}).
 * Payload shapes live in {@link io.hilbridge.mqtt.HaLightJson}, topic names in {@link io.hilbridge.mqtt.MqttTopics}.
 */
package io.hilbridge.mqtt;
